-- 006_followup: after the meeting (issue 11). The plan recorded for a case, its reminders, and
-- the erasure of a closed case's free text after RETENTION_DAYS.

-- One plan per case: the latest "Spara plan" replaces it (version counts the saves). Names and
-- intervention texts are free text, erased by retention; the rest is codes and dates.
CREATE TABLE plans (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  lead_user_id text NOT NULL,
  lead_tenant_id text NOT NULL,
  lead_name text,
  lead_org text NOT NULL CHECK (lead_org IN ('socialtjanst', 'region', 'kommunal_hsv')),
  meeting_date date NOT NULL,
  follow_up_date date NOT NULL CHECK (follow_up_date > meeting_date),
  consent_until date,
  -- [{ what, principal: kommun | region | annan, start?, end? }]
  interventions jsonb NOT NULL DEFAULT '[]',
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- "Markera klar" on a follow-up reminder: that follow-up's reminders end.
  follow_up_done_at timestamptz,
  version int NOT NULL DEFAULT 1
);
CREATE INDEX plans_lead ON plans (lead_tenant_id, lead_user_id);

-- A reminder is a row first (changed with the case, in its transaction), a job only once due:
-- the dispatcher claims due rows in batches and queues one delivery job per row (key: its id).
CREATE TABLE reminders (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN (
    'follow_up_soon', 'follow_up_due', 'follow_up_overdue', 'consent_ending',
    'discharge_deadline', 'first_contact', 'invitee_unanswered', 'convener_unanswered')),
  recipient_user_id text NOT NULL,
  recipient_tenant_id text NOT NULL,
  due_at timestamptz NOT NULL,
  -- The date the reminder is about: the follow-up, the end of consent, a deadline.
  about_date date,
  invitee_id uuid REFERENCES invitees (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN (
    'pending', 'queued', 'sent', 'done', 'cancelled', 'unreachable')),
  conversation_id text,
  activity_id text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reminders_due ON reminders (due_at) WHERE status = 'pending';
CREATE INDEX reminders_case ON reminders (case_id);
CREATE INDEX reminders_recipient ON reminders (recipient_tenant_id, recipient_user_id);
-- "Mina SIP": the cases a user takes part in, found by their invitee rows.
CREATE INDEX invitees_user ON invitees (user_id) WHERE kind = 'teams';

-- Retention: when a closed case's free text was erased (codes, dates and kinds stay).
ALTER TABLE cases ADD COLUMN erased_at timestamptz;
