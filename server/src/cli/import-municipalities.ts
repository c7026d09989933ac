import { parseArgs } from 'node:util';
import { formatRejections } from '../modules/region/import-report.js';
import { StrictImportError } from '../modules/region/import-result.js';
import { importMunicipalities } from '../modules/region/region.loader.js';
import { runWithDatabase } from './cli-db.js';

/** Usage: import-municipalities [--data-dir geo/data] [--strict] */
const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, strict: { type: 'boolean', default: false } },
});

await runWithDatabase(async (db) => {
  try {
    const summary = await db.transaction((tx) =>
      importMunicipalities(tx, { dataDir: values['data-dir'], strict: values.strict }),
    );
    console.log(`municipalities: ${summary.accepted} loaded, ${summary.rejected.length} rejected`);
    for (const line of formatRejections('rejected', summary.rejected)) console.log(line);
  } catch (error) {
    if (error instanceof StrictImportError)
      for (const line of formatRejections('rejected', error.rejected)) console.error(line);
    throw error;
  }
});
