import type PgBoss from 'pg-boss';
import type { JobEngine } from '../../server/src/modules/jobs/job-engine.js';

/**
 * Waits until the engine's job `id` of queue `name` has completed and resolves to its output; a
 * job that failed (its code threw) rejects with what the engine kept of the error.
 */
export async function jobFinished(
  engine: JobEngine,
  name: string,
  id: string,
  ms = 20_000,
): Promise<PgBoss.JobWithMetadata> {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = await engine.boss.getJobById<object>(name, id, { includeArchive: true });
    if (job?.state === 'completed') return job;
    // A failure waiting for a retry is a failure here: the test asked for one run.
    if (job && (job.state === 'failed' || job.state === 'retry' || (job.retryCount ?? 0) > 0)) {
      throw new Error(`job ${name} failed: ${JSON.stringify(job.output)}`);
    }
    if (Date.now() > deadline) throw new Error(`job ${name} did not finish (state ${job?.state ?? 'none'})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs a job the way its schedule would: queues it on the engine (any node's worker of that
 * queue takes it) and waits for it to complete. Resolves to the job's output.
 */
export async function runJob<T = unknown>(engine: JobEngine, name: string, data: object = {}): Promise<T> {
  const id = await engine.boss.send(name, data);
  // A `short` queue keeps one job waiting: a second send while one waits is refused.
  if (!id) throw new Error(`job ${name} is already waiting; not queued again`);
  const job = await jobFinished(engine, name, id);
  return job.output as T;
}
