-- 011_federation_lifecycle: what happens to a federated invitation after it arrived (issue 12).

-- When this instance claimed the sending of the card: a claim older than the lease (a crash
-- between claim and send) may be taken again by the peer's next retry (services/federated.ts).
ALTER TABLE federated_invitations ADD COLUMN sending_at timestamptz;
-- When the invitee's answer could not be delivered to the convener's instance (refused, or not
-- taken within 24 h): their card says so and tells them to answer the convener directly.
ALTER TABLE federated_invitations ADD COLUMN answer_undelivered_at timestamptz;
-- A withdrawal can overtake its invitation (two jobs on the peer's outbox): it is kept as a row
-- without the invitation ('withdrawn', no user) so the late invitation finds it and sends nothing.
ALTER TABLE federated_invitations ALTER COLUMN invitation DROP NOT NULL;
-- When the invitee was reminded of an unanswered invitation: once, even if the convener's
-- instance asks again because our first reply was lost.
ALTER TABLE federated_invitations ADD COLUMN reminded_at timestamptz;
-- Withdrawn because the SIP ended (rather than the consent narrowed): the card's wording.
ALTER TABLE federated_invitations ADD COLUMN sip_ended boolean NOT NULL DEFAULT false;
