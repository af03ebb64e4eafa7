-- 014_reconsent_18: a minor turning 18 (CONTRACT v3 consent rule 4): the convener, or the lead
-- once a plan names one, is reminded before the day the guardians' consent ends and on it.
-- 006's inline CHECK on reminders.kind is named reminders_kind_check on PostgreSQL and PGlite.
ALTER TABLE reminders DROP CONSTRAINT reminders_kind_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_kind_check CHECK (kind IN (
  'follow_up_soon', 'follow_up_due', 'follow_up_overdue', 'consent_ending',
  'discharge_deadline', 'first_contact', 'invitee_unanswered', 'convener_unanswered', 'reconsent_18'));
