-- Periodic jobs run on the job engine (pg-boss, its own schema: JOBS_SCHEMA), which keeps their
-- schedules, runs and failures. The run-once job table and its run history have no reader left.
DROP TABLE IF EXISTS job_runs;
DROP TABLE IF EXISTS scheduled_jobs;
