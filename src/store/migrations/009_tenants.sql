-- 009_tenants: partners in another served tenant (issue 12, ALLOWED_TENANTS). An invitee keeps
-- the tenant of their Teams account, which is not always the case's: a user id is unique only
-- within its tenant. External invitees and every row from before keep the case's tenant.
ALTER TABLE invitees ADD COLUMN tenant_id text;
UPDATE invitees i SET tenant_id = c.tenant_id
  FROM kallelser k JOIN cases c ON c.id = k.case_id
 WHERE k.id = i.kallelse_id;
ALTER TABLE invitees ALTER COLUMN tenant_id SET NOT NULL;
-- "Mina SIP" and the access checks find a partner's invitations by their own tenant and id.
DROP INDEX invitees_user;
CREATE INDEX invitees_user ON invitees (tenant_id, user_id) WHERE kind = 'teams';
