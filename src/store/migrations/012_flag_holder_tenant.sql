-- 012_flag_holder_tenant: a flag's holder may be in another served tenant than its reporter
-- (issue 12: the school in the kommun's tenant flags onward to health care in the region's). A
-- user id is unique only within its tenant, so the holder is named by both; tenant_id stays the
-- reporter's. Every flag from before was held within the reporter's tenant.
ALTER TABLE flags ADD COLUMN holder_tenant_id text;
UPDATE flags SET holder_tenant_id = tenant_id;
ALTER TABLE flags ALTER COLUMN holder_tenant_id SET NOT NULL;
DROP INDEX flags_holder;
CREATE INDEX flags_holder ON flags (holder_tenant_id, holder_user_id);
