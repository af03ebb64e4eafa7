-- 001_init: bot state, conversation references, audit log.
-- Plain CREATE (no IF NOT EXISTS): the runner guarantees each file runs once, and a second run
-- should fail loudly rather than be silently skipped.

-- botbuilder Storage: one JSON document per key with an eTag for optimistic concurrency.
CREATE TABLE bot_state (
  key text PRIMARY KEY,
  doc jsonb NOT NULL,
  etag text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where to reach a user 1:1 for proactive messages (captured on install or first message).
CREATE TABLE conversation_refs (
  tenant_id text NOT NULL,
  user_id text NOT NULL,
  aad_object_id text,
  conversation_id text NOT NULL,
  service_url text NOT NULL,
  channel_id text NOT NULL,
  bot_id text NOT NULL,
  bot_name text,
  display_name text,
  locale text,
  -- display_name lower-cased by the application (Swedish rules, independent of the server's locale)
  -- with every run of non-letters turned into one space: "Anna-Karin Åberg" → "anna karin åberg".
  -- Byte ("C") collation makes LIKE 'prefix%' and ORDER BY use the index below on any server locale.
  name_key text COLLATE "C",
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

-- Case-insensitive name search within a tenant: prefix range scans, and already in name order.
CREATE INDEX conversation_refs_name_key ON conversation_refs (tenant_id, name_key);

-- Who did what to which subject, when. Append-only, enforced in the database.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  subject text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_log_subject ON audit_log (subject, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
