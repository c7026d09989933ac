-- A resident may withdraw an application until it is decided. Only a submitted application holds
-- a household's place in a one-per-household programme: a draft is not a claim, so a draft
-- started and forgotten by one member never keeps the others from applying.

ALTER TABLE relief_applications DROP CONSTRAINT relief_applications_state_check;
ALTER TABLE relief_applications ADD CONSTRAINT relief_applications_state_check CHECK (state IN (
  'draft', 'submitted', 'under_review', 'correction_requested', 'resubmitted',
  'approved', 'rejected', 'issued', 'paid', 'withdrawn'));

DROP INDEX relief_applications_one_per_household_key;
CREATE UNIQUE INDEX relief_applications_one_per_household_key
  ON relief_applications (programme_code, household_key)
  WHERE household_key IS NOT NULL AND state NOT IN ('draft', 'rejected', 'withdrawn');

-- Household members see each other's applications; quotas count a household's drafts.
CREATE INDEX relief_applications_household_idx ON relief_applications (household_id, created_at DESC);
