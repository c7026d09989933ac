-- A warning's inbox entries, committed with the warning as one row per action, and expanded into
-- one `inbox_items` row per person right after.
--
-- A warning to 10,000 people wrote 10,000 rows (a heap tuple and three index entries each, checked
-- against residents) before it could commit and be pushed: 130–170 ms of a 400 ms fan-out whose
-- bare Socket.IO broadcast took 230. Now the sending transaction writes who gets which entry, at
-- which inbox position, as one array per action: the same facts, as durable, in a few
-- milliseconds. Positions are reserved from the inbox sequence under the inbox writers' lock, so
-- they are final before the push names them.
--
-- The rows are then written by the first of: the sender, right after its push; any other inbox
-- writer (it expands pending entries under the same lock before writing, so no entry ever appears
-- above a pending one); a reader or a receipt that finds entries pending; a scheduled job (a crash
-- between the commit and the expansion). Readers therefore never see a position above an entry
-- they cannot see yet.
--
-- Every node must run this code before any node writes inbox entries again: an older node would
-- write above a pending set without expanding it first. Stop all nodes, then start the new ones.

CREATE TABLE inbox_pending (
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  lineage_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('alert', 'update', 'cancel')),
  -- The entry of resident_ids[i] is at position first_position + i - 1.
  first_position bigint NOT NULL CHECK (first_position > 0),
  resident_ids uuid[] NOT NULL CHECK (cardinality(resident_ids) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, action)
);

-- Random ids do not compress: skip the attempt and store the array out of line as it is.
ALTER TABLE inbox_pending ALTER COLUMN resident_ids SET STORAGE EXTERNAL;

-- Deleting residents deletes their inbox rows (0020) and now also their pending entries: each
-- becomes a NULL, which keeps everyone else's position, and gets no row. Under the same lock as
-- every inbox writer, so no expansion runs halfway through.
CREATE OR REPLACE FUNCTION inbox_items_resident_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM residents_removed) THEN
    PERFORM pg_advisory_xact_lock(72240108);
    DELETE FROM inbox_items x USING residents_removed r WHERE x.resident_id = r.id;
    UPDATE inbox_pending p
    SET resident_ids = ARRAY(
      SELECT CASE WHEN u.id IN (SELECT id FROM residents_removed) THEN NULL ELSE u.id END
      FROM unnest(p.resident_ids) WITH ORDINALITY AS u (id, i) ORDER BY u.i)
    WHERE p.resident_ids && ARRAY(SELECT id FROM residents_removed);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION inbox_items_residents_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(72240108);
  DELETE FROM inbox_items;
  DELETE FROM inbox_pending;
  RETURN NULL;
END $$;

-- Warning pushes go to the rooms of residents (joined by their accounts' sockets), so the send no
-- longer looks up each person's account.
DROP INDEX users_resident_account_idx;
