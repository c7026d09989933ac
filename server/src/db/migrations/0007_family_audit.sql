-- Family safety lookup: who may see a person's whereabouts, designees, consent to disclosure,
-- the tamper-evident access log, and aggregate counts kept after an incident's personal data is
-- purged.

-- Who may see my whereabouts. A minor's state is visible to the adults of the household whatever
-- this says (docs/family-and-privacy.md).
ALTER TABLE residents
  ADD COLUMN whereabouts_visibility text NOT NULL DEFAULT 'household_and_designees'
    CHECK (whereabouts_visibility IN ('household_and_designees', 'household', 'designees', 'nobody')),
  -- Consent to pass safety records to outside repositories (PFIF). Off until the person says yes.
  ADD COLUMN disclose_safety boolean NOT NULL DEFAULT false;

-- Pages of residents of one municipality in id order (unaccounted-for lists).
CREATE INDEX residents_municipality_id_idx ON residents (home_municipality_code, id);

-- "Evacuated outside" names the municipality (JIS code); it may lie outside the region we know.
ALTER TABLE whereabouts_events
  ADD COLUMN municipality_code char(5) CHECK (municipality_code ~ '^[0-9]{5}$');

-- A designation lets the designee see the subject's whereabouts. It starts as an invitation the
-- designee accepts. Never transitive: a designee's own designees see nothing of the subject.
CREATE TABLE designations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  -- NULL when the name and birth date matched nobody (or several people): such an invitation
  -- looks the same to the inviter and simply expires, so it reveals nothing about the registry.
  designee_resident_id uuid REFERENCES residents (id) ON DELETE CASCADE,
  -- What the inviter typed, shown back to them only.
  invited_family_name text NOT NULL CHECK (length(invited_family_name) BETWEEN 1 AND 100),
  invited_given_name text NOT NULL CHECK (length(invited_given_name) BETWEEN 1 AND 100),
  invited_birth_date date NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'revoked', 'expired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  responded_at timestamptz,
  ended_at timestamptz,
  CHECK (designee_resident_id IS DISTINCT FROM subject_resident_id)
);
CREATE INDEX designations_subject_idx ON designations (subject_resident_id, created_at DESC);
CREATE INDEX designations_designee_idx ON designations (designee_resident_id, status)
  WHERE designee_resident_id IS NOT NULL;
-- At most one live (pending or accepted) designation per pair.
CREATE UNIQUE INDEX designations_live_pair_key ON designations (subject_resident_id, designee_resident_id)
  WHERE status IN ('pending', 'accepted');

-- The access log (0005) becomes append-only and hash-chained: every writer chains automatically.
ALTER TABLE access_log
  ADD COLUMN seq bigint,
  ADD COLUMN prev_hash text,
  ADD COLUMN hash text;

-- The one canonical text of an entry that its hash covers. JSON so no field value can be confused
-- with a separator; the time as integer microseconds so the text does not depend on TimeZone.
CREATE FUNCTION access_log_canonical(entry access_log) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT jsonb_build_array(
      entry.seq, entry.id, entry.viewer_user_id, entry.viewer_role, entry.subject_resident_id,
      entry.action, entry.purpose, entry.via, (extract(epoch FROM entry.at) * 1000000)::bigint
    )::text
  $$;

CREATE FUNCTION access_log_entry_hash(prev_hash text, entry access_log) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT encode(sha256(convert_to(prev_hash || access_log_canonical(entry), 'UTF8')), 'hex') $$;

-- Chain the rows written before this migration, in id order.
DO $$
DECLARE
  entry access_log;
  previous text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR entry IN SELECT * FROM access_log ORDER BY id LOOP
    n := n + 1;
    entry.seq := n;
    entry.prev_hash := previous;
    previous := access_log_entry_hash(previous, entry);
    UPDATE access_log SET seq = n, prev_hash = entry.prev_hash, hash = previous WHERE id = entry.id;
  END LOOP;
END
$$;

ALTER TABLE access_log
  ALTER COLUMN seq SET NOT NULL,
  ALTER COLUMN prev_hash SET NOT NULL,
  ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX access_log_seq_key ON access_log (seq);

-- Under a transaction-level advisory lock (one chain, one writer at a time until commit), take the
-- last link and chain the new row to it. `at` is set here so no writer can backdate an entry.
CREATE FUNCTION access_log_chain() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    last_seq bigint;
    last_hash text;
  BEGIN
    PERFORM pg_advisory_xact_lock(72240107);
    SELECT seq, hash INTO last_seq, last_hash FROM access_log ORDER BY seq DESC LIMIT 1;
    NEW.at := now();
    NEW.seq := coalesce(last_seq, 0) + 1;
    NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
    NEW.hash := access_log_entry_hash(NEW.prev_hash, NEW);
    RETURN NEW;
  END
  $$;
CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log
  FOR EACH ROW EXECUTE FUNCTION access_log_chain();

CREATE FUNCTION access_log_refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END
  $$;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();

-- Counts kept when an incident's personal records are purged after its retention period.
CREATE TABLE incident_stats (
  incident_id uuid PRIMARY KEY REFERENCES incidents (id),
  computed_at timestamptz NOT NULL DEFAULT now(),
  people_reported integer NOT NULL,
  whereabouts_events integer NOT NULL,
  taps integer NOT NULL,
  shelters_used integer NOT NULL,
  by_source jsonb NOT NULL,
  by_place jsonb NOT NULL,
  by_safety jsonb NOT NULL
);
ALTER TABLE incidents ADD COLUMN purged_at timestamptz;
