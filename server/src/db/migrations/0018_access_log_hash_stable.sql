-- The hash functions of the access log were declared IMMUTABLE although they call STABLE functions
-- (jsonb_build_array, jsonb's text output). PostgreSQL does not inline a SQL function whose
-- declared volatility is stricter than its body's, so every log insert and every verification ran
-- them through the slow function-call path. Declared STABLE they are inlined; the hashes they
-- compute are the same, byte for byte.
CREATE OR REPLACE FUNCTION access_log_canonical(entry access_log) RETURNS text
  LANGUAGE sql STABLE
  AS $$
    SELECT jsonb_build_array(
      entry.seq, entry.subject_seq, entry.id, entry.viewer_user_id, entry.viewer_role,
      entry.subject_resident_id, entry.action, entry.purpose, entry.via,
      (extract(epoch FROM entry.at) * 1000000)::bigint
    )::text
  $$;

CREATE OR REPLACE FUNCTION access_log_entry_hash(prev_hash text, entry access_log) RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT encode(sha256(convert_to(prev_hash || access_log_canonical(entry), 'UTF8')), 'hex') $$;
