-- 002_cases: cases, kallelser, invitees, printable-invitation links, flags onward (issue 4).
-- No personnummer, name or address of the person is ever stored: a case has a generated code.

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  tenant_id text NOT NULL,
  region text NOT NULL,
  convener_user_id text NOT NULL,
  convener_name text,
  -- The consent verdict the kallelse rests on: verdict, channel, reason codes (no free text).
  -- NULL while a case taken over from a flag waits for its consent check.
  verdict jsonb,
  -- The need assessment, when the case came from one (e.g. a flag taken over): codes and dates.
  assessment jsonb,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_convener ON cases (tenant_id, convener_user_id);

CREATE TABLE kallelser (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  details jsonb NOT NULL,
  -- The convener's tracking card, updated in place as answers come in.
  tracking_conversation_id text,
  tracking_activity_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kallelser_case ON kallelser (case_id);

CREATE TABLE invitees (
  id uuid PRIMARY KEY,
  kallelse_id uuid NOT NULL REFERENCES kallelser (id) ON DELETE CASCADE,
  seq int NOT NULL,
  kind text NOT NULL CHECK (kind IN ('teams', 'external')),
  user_id text,
  name text NOT NULL,
  organisation text,
  email text,
  org_type text NOT NULL,
  participation text NOT NULL CHECK (participation IN ('convened', 'invited')),
  contribution text NOT NULL,
  status text NOT NULL,
  decline_reason text,
  replaces uuid REFERENCES invitees (id),
  conversation_id text,
  activity_id text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kallelse_id, seq)
);
CREATE INDEX invitees_kallelse ON invitees (kallelse_id);

-- Unguessable, expiring links to a printable invitation and its .ics file. The token is the
-- only thing in the URL; it names nobody.
CREATE TABLE print_links (
  token text PRIMARY KEY,
  invitee_id uuid NOT NULL REFERENCES invitees (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);

-- "Behov av samordning" passed from a reporter who may not convene to social services or health care.
CREATE TABLE flags (
  id uuid PRIMARY KEY,
  tenant_id text NOT NULL,
  reporter_user_id text NOT NULL,
  reporter_name text,
  reporter_conversation_id text,
  reporter_activity_id text,
  -- Who holds the flag now (the contact, or the colleague it was passed to).
  holder_user_id text NOT NULL,
  holder_name text,
  holder_conversation_id text,
  holder_activity_id text,
  assessment jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken')),
  case_id uuid REFERENCES cases (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flags_reporter ON flags (tenant_id, reporter_user_id);
CREATE INDEX flags_holder ON flags (tenant_id, holder_user_id);
