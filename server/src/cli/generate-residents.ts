import { parseArgs } from 'node:util';
import { generateResidents } from '../modules/residents/residents.generator.js';
import { runWithDatabase } from './cli-db.js';

/**
 * Usage: generate-residents [--residents 20000] [--seed 1] [--append]
 * Refuses (exit 0, message) when residents already exist, unless --append is given.
 */
const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    append: { type: 'boolean', default: false },
  },
});

const count = Number(values.residents);
const seed = Number(values.seed);
if (!Number.isSafeInteger(count) || count <= 0 || !Number.isSafeInteger(seed)) {
  console.error('--residents must be a positive integer and --seed an integer');
  process.exit(2);
}

await runWithDatabase(async (db) => {
  let lastReport = 0;
  const result = await generateResidents(db, {
    count,
    seed,
    append: values.append,
    onProgress: ({ residents, total }) => {
      if (residents - lastReport >= 100_000 || residents === total) {
        lastReport = residents;
        console.log(`  ${residents.toLocaleString('en')} / ${total.toLocaleString('en')} residents`);
      }
    },
  });
  if (result.skipped) {
    console.log(
      `registry already holds ${result.existingBefore} residents; nothing generated (use --append to add more)`,
    );
    return;
  }
  const seconds = result.elapsedMs / 1000;
  console.log(
    `generated ${result.residents} residents in ${result.households} households (seed ${seed}) on ${db.kind} ` +
      `in ${seconds.toFixed(1)} s (${Math.round(result.residents / seconds)} residents/s)`,
  );
});
