import { parseArgs } from 'node:util';
import { formatRejections } from '../modules/region/import-report.js';
import { StrictImportError } from '../modules/region/import-result.js';
import { importShelters } from '../modules/region/region.loader.js';
import { runWithDatabase } from './cli-db.js';

/** Usage: import-shelters [--data-dir geo/data] [--strict]. Run import-municipalities first. */
const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, strict: { type: 'boolean', default: false } },
});

await runWithDatabase(async (db) => {
  try {
    const summary = await db.transaction((tx) =>
      importShelters(tx, { dataDir: values['data-dir'], strict: values.strict }),
    );
    const { entries, sites } = summary;
    console.log(`GSI entries: ${entries.evacuation} 指定避難所 + ${entries.emergency} 指定緊急避難場所`);
    console.log(
      `shelters: ${sites.total} sites loaded (${sites.designated} designated, ${sites.welfare} welfare, ` +
        `${sites.emergencyOnly} emergency-only; ${sites.both} in both lists), ${summary.rejected.length} rejected`,
    );
    for (const line of formatRejections('rejected', summary.rejected)) console.log(line);
  } catch (error) {
    if (error instanceof StrictImportError)
      for (const line of formatRejections('rejected', error.rejected)) console.error(line);
    throw error;
  }
});
