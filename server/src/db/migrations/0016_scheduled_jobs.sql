-- Work that must happen once across all nodes (warning expiry, purges). Every node runs the same
-- small runner; a node takes a due job by moving its next_run_at forward in one statement
-- (FOR UPDATE SKIP LOCKED), so for each due time exactly one node runs it.

CREATE TABLE scheduled_jobs (
  name text PRIMARY KEY CHECK (name ~ '^[a-z0-9-]{1,64}$'),
  interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
  next_run_at timestamptz NOT NULL DEFAULT now(),
  last_started_at timestamptz,
  last_finished_at timestamptz
);
CREATE INDEX scheduled_jobs_due_idx ON scheduled_jobs (next_run_at);

-- One row per run, for operators: which node, how long, how many rows it touched, or the error id.
-- Never personal data.
CREATE TABLE job_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_name text NOT NULL REFERENCES scheduled_jobs (name) ON DELETE CASCADE,
  -- The slot this run took (the next_run_at it replaced): at most one run per job and slot.
  due_at timestamptz NOT NULL,
  node text NOT NULL CHECK (length(node) <= 200),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  outcome text CHECK (outcome IN ('ok', 'failed')),
  affected integer CHECK (affected >= 0),
  error_id text CHECK (length(error_id) <= 100),
  UNIQUE (job_name, due_at)
);
CREATE INDEX job_runs_started_idx ON job_runs (started_at);

-- Warnings past their `expires` are marked once (and HQ told) by the warning-expiry job.
ALTER TABLE alerts ADD COLUMN expired_at timestamptz;
CREATE INDEX alerts_unexpired_idx ON alerts (expires) WHERE expired_at IS NULL AND expires IS NOT NULL;
