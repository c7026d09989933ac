-- Sending a warning writes one inbox row per person in one statement, so every per-row cost counts.
-- The foreign keys on `resident_id` and `alert_id` checked each row on its own: one RI trigger
-- call per key per row, and for `resident_id` a FOR KEY SHARE lock written into every targeted
-- resident's row (10,000 people: about 55 ms of a 170 ms statement; a city: 450,000 resident rows
-- locked and WAL-logged).
-- The same guarantees, kept per statement instead:
--
-- - On insert, one anti-join over the statement's new rows finds any resident or alert that does
--   not exist, and the statement fails as it did with the foreign keys.
-- - The two ids never change after insert (a row trigger refuses it; its WHEN test runs only when
--   one of them changes, so receipts and responses pay nothing).
-- - Deleting residents or alerts deletes their inbox rows (the former ON DELETE CASCADE), once per
--   statement. Deleting a resident also takes the inbox writers' lock (lockInboxWriters, same
--   number): every inbox writer takes that lock before it reads who to write for, so a writer that
--   saw the resident before the delete committed has committed its rows by the time the delete's
--   own DELETE of inbox rows runs (which then removes them), and a writer that starts later no
--   longer sees the resident. Without the lock, a row could be written for a resident whose delete
--   had already cleaned up.
-- - TRUNCATE of residents or alerts empties their inbox rows too (the foreign keys refused it).
--
-- The other five foreign keys of inbox_items stay: their columns are NULL on warning rows, and
-- they are checked on updates (need-help assignment) where one row changes at a time.
--
-- Every warning row also wrote five btree entries. Two indexes go:
--
-- - `UNIQUE (resident_id, alert_id)` becomes `(alert_id, resident_id)`, partial on warnings. It
--   keeps the same uniqueness (NULL alert ids never conflicted) and now also serves what
--   `inbox_items_alert_idx` served: the per-alert counts for HQ, deleting an alert's rows, and
--   retention. A send appends to it in order (one alert, residents ascending).
-- - `inbox_items_lineage_idx` served only the "who holds this chain" lookup of a send, which now
--   reads the chain's alerts (`alerts_lineage_idx`) and their rows through the index above.

ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_resident_id_alert_id_key;
CREATE UNIQUE INDEX inbox_items_alert_resident_key ON inbox_items (alert_id, resident_id)
  WHERE alert_id IS NOT NULL;
DROP INDEX inbox_items_alert_idx;
DROP INDEX inbox_items_lineage_idx;

ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_resident_id_fkey;
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_alert_id_fkey;

CREATE FUNCTION inbox_items_check_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inbox_added n WHERE NOT EXISTS (SELECT 1 FROM residents r WHERE r.id = n.resident_id)) THEN
    RAISE EXCEPTION 'inbox entry for a resident that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'inbox_items', CONSTRAINT = 'inbox_items_resident_exists';
  END IF;
  IF EXISTS (SELECT 1 FROM inbox_added n
             WHERE n.alert_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.id = n.alert_id)) THEN
    RAISE EXCEPTION 'inbox entry for an alert that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'inbox_items', CONSTRAINT = 'inbox_items_alert_exists';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_check_inserted AFTER INSERT ON inbox_items
  REFERENCING NEW TABLE AS inbox_added FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_check_inserted();

CREATE FUNCTION inbox_items_owner_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the resident and alert of an inbox entry do not change'
    USING ERRCODE = 'foreign_key_violation', TABLE = 'inbox_items';
END $$;

CREATE TRIGGER inbox_items_owner_fixed BEFORE UPDATE ON inbox_items FOR EACH ROW
  WHEN (NEW.resident_id IS DISTINCT FROM OLD.resident_id OR NEW.alert_id IS DISTINCT FROM OLD.alert_id)
  EXECUTE FUNCTION inbox_items_owner_fixed();

CREATE FUNCTION inbox_items_resident_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM residents_removed) THEN
    PERFORM pg_advisory_xact_lock(72240108);
    DELETE FROM inbox_items x USING residents_removed r WHERE x.resident_id = r.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_resident_deleted AFTER DELETE ON residents
  REFERENCING OLD TABLE AS residents_removed FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_resident_deleted();

CREATE FUNCTION inbox_items_alert_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM inbox_items x USING alerts_removed a WHERE x.alert_id = a.id;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_alert_deleted AFTER DELETE ON alerts
  REFERENCING OLD TABLE AS alerts_removed FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_alert_deleted();

CREATE FUNCTION inbox_items_residents_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(72240108);
  DELETE FROM inbox_items;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_residents_truncated AFTER TRUNCATE ON residents
  FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_residents_truncated();

CREATE FUNCTION inbox_items_alerts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM inbox_items WHERE alert_id IS NOT NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_items_alerts_truncated AFTER TRUNCATE ON alerts
  FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_alerts_truncated();
