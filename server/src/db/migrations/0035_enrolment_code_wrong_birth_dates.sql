-- A stolen letter's code with birth dates tried one after another: the per-code rate limit slows
-- that down, but a patient thief could still go through a century of birth dates in weeks. The
-- code now counts wrong birth dates over its whole life and stops working at a limit
-- (ENROLMENT_CODE_MAX_WRONG_BIRTH_DATES); the person asks staff for a new one.
ALTER TABLE enrolment_codes ADD COLUMN wrong_birth_dates int NOT NULL DEFAULT 0;
-- Set when the code revoked itself that way (NULL: staff revoked it or a new code replaced it).
ALTER TABLE enrolment_codes ADD COLUMN revoked_reason text CHECK (revoked_reason = 'wrong_birth_dates');
