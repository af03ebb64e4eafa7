-- 003_pending_deliveries: invitations are sent after the card submit is answered; the sweep that
-- picks up invitees still "pending" after a restart reads them through this index.
CREATE INDEX invitees_pending ON invitees (updated_at) WHERE status = 'pending';
