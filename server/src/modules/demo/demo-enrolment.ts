import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import {
  generateEnrolmentCode,
  hashEnrolmentCode,
  normaliseEnrolmentCode,
} from '../enrolment/enrolment-code.js';
import { insertCode } from '../enrolment/enrolment.queries.js';

export const demoEnrolment = z.object({
  code: z.string(),
  birthDate: z.string(),
  household: z.number().int(),
});
export type DemoEnrolment = z.infer<typeof demoEnrolment>;

const fileFor = (dataDir: string) => path.join(dataDir, 'demo-enrolment.json');

/**
 * Enrolment codes for a few demo people without an account, two per household where the
 * household has two adults, as letters would bring them: a newcomer claims one and walks the
 * journey from code to passkey to inbox.
 */
export async function createDemoEnrolmentCodes(
  db: Database,
  municipalityCode: string,
  settings: { codeDays: number; minAge: number; households: number },
): Promise<DemoEnrolment[]> {
  const { rows } = await db.query<{ id: string; birth_date: string; household: number }>(
    `WITH candidates AS (
       SELECT r.id, to_char(r.birth_date, 'YYYY-MM-DD') AS birth_date, r.household_id,
              row_number() OVER (PARTITION BY r.household_id ORDER BY r.birth_date) AS n
         FROM residents r JOIN households h ON h.id = r.household_id
        WHERE h.municipality_code = $1
          AND r.birth_date <= (current_date - make_interval(years => $2::int))::date
          AND NOT EXISTS (SELECT 1 FROM users u WHERE u.resident_id = r.id)
     ), households AS (
       SELECT household_id, dense_rank() OVER (ORDER BY household_id) AS household
         FROM candidates GROUP BY household_id HAVING count(*) >= 2
     )
     SELECT c.id, c.birth_date, h.household::int AS household
       FROM candidates c JOIN households h USING (household_id)
      WHERE h.household <= $3 AND c.n <= 2
      ORDER BY h.household, c.n`,
    [municipalityCode, settings.minAge, settings.households],
  );
  const codes: DemoEnrolment[] = [];
  for (const row of rows) {
    const code = generateEnrolmentCode();
    await insertCode(db, {
      residentId: row.id,
      codeHash: hashEnrolmentCode(normaliseEnrolmentCode(code)!),
      purpose: 'enrol',
      issuedBy: null,
      shelterId: null,
      validDays: settings.codeDays,
    });
    codes.push({ code, birthDate: row.birth_date, household: row.household });
  }
  return codes;
}

/** Kept owner-readable only, like the demo passwords, so later starts can print them again. */
export async function saveDemoEnrolment(dataDir: string, codes: DemoEnrolment[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(fileFor(dataDir), `${JSON.stringify(codes, null, 2)}\n`, { mode: 0o600 });
  await chmod(fileFor(dataDir), 0o600);
}

export async function readDemoEnrolment(dataDir: string): Promise<DemoEnrolment[]> {
  try {
    return z.array(demoEnrolment).parse(JSON.parse(await readFile(fileFor(dataDir), 'utf8')));
  } catch {
    return [];
  }
}
