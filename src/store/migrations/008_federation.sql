-- 008_federation: signed requests between instances of other organisations (issue 12, part 2).

-- Nonces of verified requests, kept until the signature expires (a replay is refused with 409;
-- after that the signature itself is refused as expired). Pruned on every insert.
CREATE TABLE federation_nonces (
  key_id text NOT NULL,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (key_id, nonce)
);
CREATE INDEX federation_nonces_expiry ON federation_nonces (expires_at);

-- The opaque ids this instance's directory gives peers for its users: a peer never learns a
-- Teams or AAD id, and later requests name the person by this id only.
CREATE TABLE federation_people (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  user_id text NOT NULL,
  UNIQUE (tenant_id, user_id)
);
