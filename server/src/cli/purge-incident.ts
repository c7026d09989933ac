/**
 * Purges (or anonymises) the personal records of a closed incident after its retention period,
 * keeping aggregate counts in incident_stats:
 *   npm run purge:incident -- --incident <uuid> [--dry-run]
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PurgeRefused, purgeIncident } from '../modules/retention/purge.service.js';
import { runWithDatabase } from './cli-db.js';

const { values } = parseArgs({
  options: { incident: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
});
const incident = z.uuid().safeParse(values.incident);
if (!incident.success) {
  process.stderr.write('--incident: the id (uuid) of a closed incident\n');
  process.exit(2);
}

await runWithDatabase(async (db) => {
  try {
    const report = await purgeIncident(db, incident.data, { dryRun: values['dry-run'] ?? false });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.dryRun) process.stdout.write('Dry run: nothing was changed.\n');
  } catch (error) {
    if (!(error instanceof PurgeRefused)) throw error;
    process.stderr.write(`Refused: ${error.message}\n`);
    process.exitCode = 3;
  }
});
