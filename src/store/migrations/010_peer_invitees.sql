-- 010_peer_invitees: invitations to a federation peer's user and their answers (issue 12, part 2).

-- On the convener's side: an invitee of kind 'peer' is a user of another organisation's
-- SIP-lotsen, named by that peer's key id and the opaque id its directory gave (never a Teams id).
ALTER TABLE invitees DROP CONSTRAINT invitees_kind_check;
ALTER TABLE invitees ADD CONSTRAINT invitees_kind_check CHECK (kind IN ('teams', 'external', 'peer'));
ALTER TABLE invitees ADD COLUMN peer_key_id text;
ALTER TABLE invitees ADD COLUMN peer_person_id text;

-- The names peers' directories gave for their opaque ids, so a picked "Vem" can be stored with
-- its name (the form sends only the value). Overwritten when the peer answers again.
CREATE TABLE federation_peer_people (
  key_id text NOT NULL,
  person_id text NOT NULL,
  name text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (key_id, person_id)
);

-- On the invitee's side: an invitation a peer sent to one of our users. (key_id, ref) is the
-- peer's own invitation id: a repeat of the same POST finds this row and sends nothing again.
-- `invitation` holds only what may cross (no personnummer, no consent).
CREATE TABLE federated_invitations (
  id uuid PRIMARY KEY,
  key_id text NOT NULL,
  ref text NOT NULL,
  tenant_id text NOT NULL,
  user_id text NOT NULL,
  invitation jsonb NOT NULL,
  status text NOT NULL,
  decline_reason text,
  -- Who took over when the invitee sent a substitute or forwarded (their card's answer line).
  next_name text,
  conversation_id text,
  activity_id text,
  created_at timestamptz NOT NULL,
  UNIQUE (key_id, ref)
);
