-- 017_print_link_hashes: a printable link's token is no longer stored, only its SHA-256 (issue 20),
-- so a backup or a database reader holds no usable link. The token is 32 random bytes: nothing to
-- guess or precompute, so a plain hash without salt or stretching is enough (store/print-links.ts).
-- Links made before this keep working: their rows are hashed here, in SQL (PostgreSQL 11+ and
-- PGlite have sha256()). A new table, not a new column: the old table's files, which hold the
-- tokens, are deleted with it, where an UPDATE and DROP COLUMN would leave them in dead tuples.
CREATE TABLE print_link_hashes (
  -- Lowercase hex of sha256(the token's 43 base64url characters as UTF-8).
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  invitee_id uuid NOT NULL REFERENCES invitees (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
INSERT INTO print_link_hashes (token_hash, invitee_id, expires_at)
  SELECT encode(sha256(convert_to(token, 'UTF8')), 'hex'), invitee_id, expires_at FROM print_links;
DROP TABLE print_links;
ALTER TABLE print_link_hashes RENAME TO print_links;
ALTER TABLE print_links RENAME CONSTRAINT print_link_hashes_pkey TO print_links_pkey;
CREATE INDEX print_links_invitee ON print_links (invitee_id);
