-- A first claim of an account is told to the other members of the person's household who have an
-- account of their own: a stolen household letter holds every adult's code, and they are the ones
-- who can tell the claim was not the person's. Their inbox gets an entry naming the member; their
-- e-mail, SMS and push devices get a notice without the name (see docs/enrolment.md).
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_account_event_check;
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_account_event_check
  CHECK (account_event IN ('enrolled', 'recovered', 'household_member_enrolled'));

-- The member who enrolled. No foreign key, like the inbox's resident (0020): deleting residents
-- deletes these entries in the statement trigger below (0024's, with one more DELETE).
ALTER TABLE inbox_items ADD COLUMN account_member_id uuid;
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_account_member_check
  CHECK ((account_member_id IS NOT NULL) = (account_event IS NOT DISTINCT FROM 'household_member_enrolled'));
CREATE INDEX inbox_items_account_member_idx ON inbox_items (account_member_id)
  WHERE account_member_id IS NOT NULL;

CREATE OR REPLACE FUNCTION inbox_items_resident_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM residents_removed) THEN
    PERFORM pg_advisory_xact_lock(72240108);
    DELETE FROM inbox_items x USING residents_removed r WHERE x.resident_id = r.id;
    DELETE FROM inbox_items x USING residents_removed r WHERE x.account_member_id = r.id;
    UPDATE inbox_pending p
    SET resident_ids = ARRAY(
      SELECT CASE WHEN u.id IN (SELECT id FROM residents_removed) THEN NULL ELSE u.id END
      FROM unnest(p.resident_ids) WITH ORDINALITY AS u (id, i) ORDER BY u.i)
    WHERE p.resident_ids && ARRAY(SELECT id FROM residents_removed);
  END IF;
  RETURN NULL;
END $$;
