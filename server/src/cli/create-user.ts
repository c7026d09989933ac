/**
 * Creates a staff or HQ account on an installation without demo data:
 *   npm run user:create -- --username chief --role admin [--display-name "…"] [--shelter <uuid> …]
 * A community supporter (民生委員) needs an area: municipality codes and/or a district polygon
 * (a GeoJSON Polygon or MultiPolygon geometry file):
 *   npm run user:create -- --username minsei-01 --role community_supporter \
 *     --municipality 17202 [--municipality …] [--district district.geojson]
 * The password is read from the NEW_USER_PASSWORD variable, or generated and printed once.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';
import { assignStaffShelters, insertUser } from '../modules/auth/auth.queries.js';
import { ROLES } from '../modules/auth/auth.types.js';
import { hashPassword } from '../modules/auth/password.js';
import { PASSWORD_PROBLEM_TEXT, passwordProblems } from '../modules/auth/password-policy.js';
import { generatePassword } from '../modules/demo/demo-logins.js';
import { upsertSupporterArea } from '../modules/visits/visits.queries.js';

const STAFF_ROLES = ['shelter_staff', 'hq_operator', 'admin', 'community_supporter'] as const;

const argsSchema = z.object({
  username: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, . _ -, 3 to 64 characters'),
  role: z.enum(STAFF_ROLES satisfies readonly (typeof ROLES)[number][]),
  'display-name': z.string().min(1).max(100).optional(),
  shelter: z.array(z.uuid()).default([]),
  municipality: z.array(z.string().regex(/^[0-9]{5}$/, 'five-digit municipality code')).default([]),
  district: z.string().min(1).optional(),
});

const districtSchema = z.object({
  type: z.enum(['Polygon', 'MultiPolygon']),
  coordinates: z.array(z.unknown()).min(1),
});

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    'display-name': { type: 'string' },
    shelter: { type: 'string', multiple: true },
    municipality: { type: 'string', multiple: true },
    district: { type: 'string' },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  process.stderr.write(
    `${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n`,
  );
  process.exit(2);
}
const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};
const supporter = parsed.data.role === 'community_supporter';
if (supporter && parsed.data.municipality.length === 0 && !parsed.data.district)
  fail('--role community_supporter needs an area: --municipality <code> and/or --district <file>');
if (!supporter && (parsed.data.municipality.length > 0 || parsed.data.district))
  fail('--municipality and --district are for --role community_supporter only');
let districtGeoJson: string | null = null;
if (parsed.data.district) {
  const text = await readFile(parsed.data.district, 'utf8').catch(() =>
    fail('--district: cannot read the file'),
  );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail('--district: the file is not JSON');
  }
  const district = districtSchema.safeParse(json);
  if (!district.success) fail('--district: a GeoJSON Polygon or MultiPolygon geometry');
  districtGeoJson = JSON.stringify(district.data);
}
const password = process.env.NEW_USER_PASSWORD ?? generatePassword();
const problems = passwordProblems(password, { username: parsed.data.username });
if (problems.length > 0) {
  process.stderr.write(
    `NEW_USER_PASSWORD: ${problems.map((problem) => PASSWORD_PROBLEM_TEXT[problem]).join('; ')}\n`,
  );
  process.exit(2);
}
const db = await openDatabase(loadConfig());
try {
  await migrate(db);
  const { username, role, shelter } = parsed.data;
  await db.transaction(async (tx) => {
    const id = await insertUser(tx, {
      username,
      passwordHash: await hashPassword(password),
      displayName: parsed.data['display-name'] ?? username,
      role,
    });
    await assignStaffShelters(tx, id, shelter);
    if (supporter) {
      await upsertSupporterArea(tx, {
        userId: id,
        municipalityCodes: parsed.data.municipality,
        districtGeoJson,
      });
    }
  });
  process.stdout.write(
    `Created ${role} ${username}${process.env.NEW_USER_PASSWORD ? '' : ` with password ${password} (shown once)`}\n`,
  );
} finally {
  await db.close();
}
