-- The access log (0007) becomes one hash chain per subject instead of one for the whole system.
-- With one chain every read by anyone waited on a single lock from its log insert to its commit;
-- now a writer waits only for writers about the same person. Each subject's entries are chained
-- to that subject's previous entry, and `access_log_heads` keeps each chain's last link, so
-- removing a subject's newest entries (or all of them) is still detected.

-- 1. Refuse to re-link a chain that does not verify: re-linking must not launder tampering.
DO $$
DECLARE
  entry access_log;
  previous text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR entry IN SELECT * FROM access_log ORDER BY seq LOOP
    n := n + 1;
    IF entry.seq <> n OR entry.prev_hash <> previous OR entry.hash <> access_log_entry_hash(previous, entry) THEN
      RAISE EXCEPTION 'access_log chain does not verify at seq % (expected position %): investigate before migrating', entry.seq, n;
    END IF;
    previous := entry.hash;
  END LOOP;
END
$$;

-- 2. Position in the subject's chain; `seq` stays a global order (paging, investigation), now
-- taken from a sequence so that no lock is shared between subjects.
ALTER TABLE access_log ADD COLUMN subject_seq bigint;
CREATE SEQUENCE access_log_seq_source AS bigint;
SELECT setval('access_log_seq_source', coalesce((SELECT max(seq) FROM access_log), 0) + 1, false);

-- The last link of each subject's chain. Its row lock is the per-subject writer lock.
CREATE TABLE access_log_heads (
  subject_resident_id uuid PRIMARY KEY REFERENCES residents (id),
  subject_seq bigint NOT NULL CHECK (subject_seq >= 0),
  hash text NOT NULL
);

-- The canonical text now covers the position in the subject's chain too.
CREATE OR REPLACE FUNCTION access_log_canonical(entry access_log) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT jsonb_build_array(
      entry.seq, entry.subject_seq, entry.id, entry.viewer_user_id, entry.viewer_role,
      entry.subject_resident_id, entry.action, entry.purpose, entry.via,
      (extract(epoch FROM entry.at) * 1000000)::bigint
    )::text
  $$;

-- 3. Re-link every existing entry into its subject's chain, in the old chain's order.
ALTER TABLE access_log DISABLE TRIGGER access_log_append_only;
DO $$
DECLARE
  entry access_log;
  head access_log_heads;
BEGIN
  FOR entry IN SELECT * FROM access_log ORDER BY seq LOOP
    SELECT * INTO head FROM access_log_heads WHERE subject_resident_id = entry.subject_resident_id;
    IF NOT FOUND THEN
      head := ROW(entry.subject_resident_id, 0, repeat('0', 64));
      INSERT INTO access_log_heads VALUES (head.*);
    END IF;
    entry.subject_seq := head.subject_seq + 1;
    entry.prev_hash := head.hash;
    entry.hash := access_log_entry_hash(entry.prev_hash, entry);
    UPDATE access_log SET subject_seq = entry.subject_seq, prev_hash = entry.prev_hash, hash = entry.hash
     WHERE id = entry.id;
    UPDATE access_log_heads SET subject_seq = entry.subject_seq, hash = entry.hash
     WHERE subject_resident_id = entry.subject_resident_id;
  END LOOP;
END
$$;
ALTER TABLE access_log ENABLE TRIGGER access_log_append_only;

ALTER TABLE access_log ALTER COLUMN subject_seq SET NOT NULL;
-- One entry per chain position; also the order a person's own log is read and verified in.
CREATE UNIQUE INDEX access_log_subject_chain_key ON access_log (subject_resident_id, subject_seq);
DROP INDEX access_log_subject_idx;

-- 4. Every writer is chained to the subject's last link, under that subject's head row lock
-- (held until commit). A transaction writing about several people takes their heads in the
-- order it inserts them; recordAccess inserts in subject id order, so writers cannot deadlock.
CREATE OR REPLACE FUNCTION access_log_chain() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    head access_log_heads;
  BEGIN
    LOOP
      SELECT * INTO head FROM access_log_heads WHERE subject_resident_id = NEW.subject_resident_id FOR UPDATE;
      EXIT WHEN FOUND;
      -- The subject's first entry: a concurrent first writer waits here on the key, then re-reads.
      INSERT INTO access_log_heads VALUES (NEW.subject_resident_id, 0, repeat('0', 64))
        ON CONFLICT (subject_resident_id) DO NOTHING;
    END LOOP;
    NEW.at := now();
    NEW.seq := nextval('access_log_seq_source');
    NEW.subject_seq := head.subject_seq + 1;
    NEW.prev_hash := head.hash;
    NEW.hash := access_log_entry_hash(NEW.prev_hash, NEW);
    UPDATE access_log_heads SET subject_seq = NEW.subject_seq, hash = NEW.hash
     WHERE subject_resident_id = NEW.subject_resident_id;
    RETURN NEW;
  END
  $$;

-- 5. A head only moves forward, one link at a time, and is never removed.
CREATE TRIGGER access_log_heads_forward_only BEFORE UPDATE ON access_log_heads
  FOR EACH ROW
  WHEN (NEW.subject_resident_id IS DISTINCT FROM OLD.subject_resident_id
        OR NEW.subject_seq IS DISTINCT FROM OLD.subject_seq + 1)
  EXECUTE FUNCTION access_log_refuse_change();
CREATE TRIGGER access_log_heads_append_only BEFORE DELETE ON access_log_heads
  FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
CREATE TRIGGER access_log_heads_no_truncate BEFORE TRUNCATE ON access_log_heads
  FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();
