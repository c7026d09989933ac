-- The five remaining foreign keys of inbox_items (notice, relief application and event, and the
-- two need-help desk users) become statement-level checks, as 0020 did for residents and alerts.
--
-- Their columns are NULL on every warning entry, yet PostgreSQL still queues one RI trigger event
-- per key per inserted row: a warning to 10,000 people queued 50,000 events that each found a
-- NULL and did nothing (about 25 ms of the send), a city of 450,000 people 2.25 million (about a
-- second, and tens of megabytes of trigger queue).
--
-- The same guarantees:
--
-- - On insert, the statement's new rows that carry one of these references are checked once,
--   together, and the referenced rows are locked FOR KEY SHARE as the foreign keys did (a
--   concurrent delete of a notice or application waits for the insert to commit, then its cascade
--   below sees the new rows). A statement whose rows carry none (a warning) pays one scan of its
--   own rows.
-- - An update that sets one of them (need-help assignment) is checked for that row, with the same
--   lock; the WHEN test makes every other update (receipts, responses) pay nothing.
-- - Deleting notices, applications or application events deletes their inbox entries, once per
--   statement (the former ON DELETE CASCADE). Deleting a user still assigned to, or recorded as
--   having resolved, a need-help entry is refused (the former NO ACTION).
-- - TRUNCATE of notices or relief applications empties their inbox entries too.

ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_notice_fk;
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_application_id_fkey;
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_application_event_id_fkey;
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_help_assigned_to_fkey;
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_help_resolved_by_fkey;

-- Refuses an entry whose notice, relief application or event, or desk user does not exist, and
-- locks the ones that do as the foreign keys did.
CREATE FUNCTION inbox_items_require_references(
  notice uuid, application uuid, application_event bigint, assigned uuid, resolved uuid
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  IF notice IS NOT NULL AND NOT EXISTS (SELECT 1 FROM notices WHERE id = notice FOR KEY SHARE) THEN
    missing := 'notice';
  ELSIF application IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM relief_applications WHERE id = application FOR KEY SHARE) THEN
    missing := 'relief application';
  ELSIF application_event IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM relief_application_events WHERE id = application_event FOR KEY SHARE) THEN
    missing := 'relief application event';
  ELSIF assigned IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users WHERE id = assigned FOR KEY SHARE) THEN
    missing := 'user (assigned to)';
  ELSIF resolved IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users WHERE id = resolved FOR KEY SHARE) THEN
    missing := 'user (resolved by)';
  END IF;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'inbox entry for a % that does not exist', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'inbox_items', CONSTRAINT = 'inbox_items_reference_exists';
  END IF;
END $$;

-- Each distinct combination of references is checked once (a notice to 10,000 people is one
-- check); a statement whose rows carry none (a warning) is one scan of its rows.
CREATE FUNCTION inbox_items_check_optional_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM inbox_items_require_references(
            d.notice_id, d.application_id, d.application_event_id, d.help_assigned_to, d.help_resolved_by)
  FROM (SELECT DISTINCT notice_id, application_id, application_event_id, help_assigned_to, help_resolved_by
        FROM inbox_added n
        WHERE n.notice_id IS NOT NULL OR n.application_id IS NOT NULL OR n.application_event_id IS NOT NULL
           OR n.help_assigned_to IS NOT NULL OR n.help_resolved_by IS NOT NULL) AS d;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_check_optional_inserted AFTER INSERT ON inbox_items
  REFERENCING NEW TABLE AS inbox_added FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_check_optional_inserted();

CREATE FUNCTION inbox_items_check_optional_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM inbox_items_require_references(
    NEW.notice_id, NEW.application_id, NEW.application_event_id, NEW.help_assigned_to, NEW.help_resolved_by);
  RETURN NEW;
END $$;

CREATE TRIGGER inbox_items_check_optional_updated BEFORE UPDATE ON inbox_items FOR EACH ROW
  WHEN (NEW.notice_id IS DISTINCT FROM OLD.notice_id
        OR NEW.application_id IS DISTINCT FROM OLD.application_id
        OR NEW.application_event_id IS DISTINCT FROM OLD.application_event_id
        OR NEW.help_assigned_to IS DISTINCT FROM OLD.help_assigned_to
        OR NEW.help_resolved_by IS DISTINCT FROM OLD.help_resolved_by)
  EXECUTE FUNCTION inbox_items_check_optional_updated();

-- Deleting notices or relief applications deletes their entries. The argument names the column of
-- inbox_items that holds the deleted rows' `id`.
CREATE FUNCTION inbox_items_referenced_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM inbox_items x USING removed r WHERE x.%I = r.id', TG_ARGV[0]);
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_notices_deleted AFTER DELETE ON notices
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_referenced_deleted('notice_id');
CREATE TRIGGER inbox_items_applications_deleted AFTER DELETE ON relief_applications
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_referenced_deleted('application_id');

-- Through the application's index: application_event_id has none of its own, and every entry
-- that names an event also names that event's application.
CREATE FUNCTION inbox_items_application_events_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM inbox_items x USING events_removed e
  WHERE x.application_id = e.application_id AND x.application_event_id = e.id;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_application_events_deleted AFTER DELETE ON relief_application_events
  REFERENCING OLD TABLE AS events_removed FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_application_events_deleted();

CREATE FUNCTION inbox_items_users_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inbox_items x JOIN users_removed u
               ON x.help_assigned_to = u.id OR x.help_resolved_by = u.id) THEN
    RAISE EXCEPTION 'the user is named on need-help entries of the inbox'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'inbox_items', CONSTRAINT = 'inbox_items_reference_exists';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_users_deleted AFTER DELETE ON users
  REFERENCING OLD TABLE AS users_removed FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_users_deleted();

CREATE FUNCTION inbox_items_referenced_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM inbox_items WHERE %I IS NOT NULL', TG_ARGV[0]);
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_notices_truncated AFTER TRUNCATE ON notices
  FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_referenced_truncated('notice_id');
CREATE TRIGGER inbox_items_applications_truncated AFTER TRUNCATE ON relief_applications
  FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_referenced_truncated('application_id');
