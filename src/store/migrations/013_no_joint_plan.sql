-- 013_no_joint_plan: a partial withdrawal of consent that leaves out a whole side (social services,
-- or all health care) ends the SIP (CONTRACT v3 consent rule 1). 005's CHECK gets the new reason;
-- an inline CHECK on one column is named <table>_<column>_check by PostgreSQL and PGlite alike.
ALTER TABLE cases DROP CONSTRAINT cases_closed_reason_check;
ALTER TABLE cases ADD CONSTRAINT cases_closed_reason_check
  CHECK (closed_reason IN ('goals_met', 'no_longer_needed', 'consent_withdrawn', 'goal_changed', 'no_joint_plan'));
