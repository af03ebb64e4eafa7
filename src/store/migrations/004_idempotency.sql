-- 004_idempotency: a double press changes nothing, and a send that failed for now is tried again
-- (issue 8).

-- The key carried by the verdict card whose "Skapa ärende och kallelse" created the case, or last
-- set the verdict of a case taken over from a flag. Unique per convener: two presses of one card
-- (at once, on any instance) insert one case. NULLs never collide (flags, cards from before 004).
ALTER TABLE cases ADD COLUMN verdict_key text;
CREATE UNIQUE INDEX cases_verdict_key ON cases (tenant_id, convener_user_id, verdict_key);

-- The key carried by the kallelse form that was sent: one form sends one kallelse. A case may
-- still have later kallelser (a follow-up meeting), each from its own form.
ALTER TABLE kallelser ADD COLUMN form_key text;
CREATE UNIQUE INDEX kallelser_form_key ON kallelser (case_id, form_key);

-- A send that was throttled or failed stays "pending" and is tried again by the sweep once
-- next_attempt_at has passed; after a bounded number of attempts it goes to the printable path.
ALTER TABLE invitees ADD COLUMN delivery_attempts int NOT NULL DEFAULT 0;
ALTER TABLE invitees ADD COLUMN next_attempt_at timestamptz;
CREATE INDEX invitees_retry ON invitees (next_attempt_at) WHERE status = 'pending';
