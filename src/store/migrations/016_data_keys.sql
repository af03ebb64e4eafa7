-- Erasure that erases (issue 20): a case's free text is sealed with the case's own data key
-- (AES-256-GCM, src/store/crypto.ts); the key is kept here, wrapped by the master key
-- (DATA_KEY_FILE). Retention deletes the row and compacts this table (VACUUM FULL), so what is left
-- of the text in table files and the WAL is ciphertext without a key. `id`: a case's id, or a
-- federated invitation's (erased by its own retention). No foreign key: a peer's invitation row is
-- deleted whole, and a case's key must be deletable while the case row stays.
-- Rows written before this migration stay plain text; they are read as they are and blanked by
-- retention as before (README "Erasure").
CREATE TABLE data_keys (
  id uuid PRIMARY KEY,
  owner text NOT NULL CHECK (owner IN ('case', 'federated_invitation')),
  wrapped bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A known text sealed with the master key at first start: a start with another key stops at once.
CREATE TABLE data_key_check (
  id int PRIMARY KEY CHECK (id = 1),
  sealed bytea NOT NULL
);
