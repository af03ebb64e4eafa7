-- 007_absent: who did not come to the SIP meeting (issue 11, SIP-RULES §8). The convener marks
-- invitees of the meeting's kallelse as absent when recording the plan; the plan card then drafts a
-- deviation for each. Invitee ids as a JSON array, like `interventions`: the same JS value on
-- PGlite and PostgreSQL. Ids are not free text, so retention keeps them; the names they point at
-- are erased with the invitees (store/retention.ts).
ALTER TABLE plans ADD COLUMN absent jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(absent) = 'array');
