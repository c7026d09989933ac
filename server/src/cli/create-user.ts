/**
 * Creates a staff or HQ account on an installation without demo data:
 *   npm run user:create -- --username chief --role admin [--display-name "…"] [--shelter <uuid> …]
 * The password is read from the NEW_USER_PASSWORD variable, or generated and printed once.
 */
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

const argsSchema = z.object({
  username: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, . _ -, 3 to 64 characters'),
  role: z.enum(ROLES.filter((role) => role !== 'resident') as ['shelter_staff', 'hq_operator', 'admin']),
  'display-name': z.string().min(1).max(100).optional(),
  shelter: z.array(z.uuid()).default([]),
});

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    'display-name': { type: 'string' },
    shelter: { type: 'string', multiple: true },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  process.stderr.write(
    `${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n`,
  );
  process.exit(2);
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
  });
  process.stdout.write(
    `Created ${role} ${username}${process.env.NEW_USER_PASSWORD ? '' : ` with password ${password} (shown once)`}\n`,
  );
} finally {
  await db.close();
}
