-- 015_federation_rate: directory queries per peer and minute (issue 20), counted in the database
-- so that every instance behind the proxy shares one limit. Rows of past minutes are pruned as
-- new ones are counted.
CREATE TABLE federation_rate (
  key_id text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key_id, window_start)
);
