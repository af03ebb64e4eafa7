-- 005_closure: a SIP ends. Issue 9: the person withdraws consent in full; the follow-up issue adds
-- the other reasons. `status` ('open' | 'closed') is from 002; when and why are kept with it.
ALTER TABLE cases ADD COLUMN closed_at timestamptz;
ALTER TABLE cases ADD COLUMN closed_reason text
  CHECK (closed_reason IN ('goals_met', 'no_longer_needed', 'consent_withdrawn', 'goal_changed'));
