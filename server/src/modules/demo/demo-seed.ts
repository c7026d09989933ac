import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import { assignStaffShelters, insertUser } from '../auth/auth.queries.js';
import { hashPassword } from '../auth/password.js';
import { isRegionLoaded, loadRegion } from '../region/region.loader.js';
import { generateResidents } from '../residents/residents.generator.js';
import {
  createDemoEnrolmentCodes,
  readDemoEnrolment,
  saveDemoEnrolment,
  type DemoEnrolment,
} from './demo-enrolment.js';
import { generatePassword, readDemoLogins, saveDemoLogins, type DemoLogin } from './demo-logins.js';
import { openDemoIncident, pickDemoFamilies, pickDemoShelters } from './demo.queries.js';

const NANAO = '17202';

async function createLogin(
  db: Database,
  login: Omit<DemoLogin, 'password'> & {
    displayName: string;
    role: 'resident' | 'shelter_staff' | 'hq_operator' | 'admin';
    residentId?: string;
    shelterIds?: string[];
  },
): Promise<DemoLogin> {
  const password = generatePassword();
  const userId = await insertUser(db, {
    username: login.username,
    passwordHash: await hashPassword(password),
    displayName: login.displayName,
    role: login.role,
    residentId: login.residentId ?? null,
  });
  await assignStaffShelters(db, userId, login.shelterIds ?? []);
  return { username: login.username, password, description: login.description };
}

async function createDemoUsers(db: Database): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [
    await createLogin(db, {
      username: 'hq-operator',
      displayName: 'HQ operator',
      role: 'hq_operator',
      description: 'HQ operator',
    }),
    await createLogin(db, {
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      description: 'administrator',
    }),
  ];
  const shelters = await pickDemoShelters(db, NANAO, 3);
  await openDemoIncident(
    db,
    shelters.map((shelter) => shelter.id),
  );
  for (const [index, shelter] of shelters.entries()) {
    logins.push(
      await createLogin(db, {
        username: `staff${index + 1}`,
        displayName: `Staff ${index + 1}`,
        role: 'shelter_staff',
        shelterIds: [shelter.id],
        description: `shelter staff at ${shelter.name}`,
      }),
    );
  }
  const families = await pickDemoFamilies(db, NANAO, 3);
  let residentNumber = 0;
  for (const [familyIndex, family] of families.entries()) {
    for (const member of family.members.slice(0, 2)) {
      residentNumber += 1;
      logins.push(
        await createLogin(db, {
          username: `resident${residentNumber}`,
          displayName: member.displayName,
          role: 'resident',
          residentId: member.id,
          description: `resident, family ${familyIndex + 1} (${family.size} people)`,
        }),
      );
    }
  }
  return logins;
}

/**
 * First start: loads the region (municipalities, shelters, capacities) and, for a demo install,
 * synthetic residents and demo logins. Later starts find everything in place and return fast.
 */
export async function ensureDemoData(
  db: Database,
  config: Config,
  logger: Logger,
): Promise<{ logins: DemoLogin[]; enrolment: DemoEnrolment[] }> {
  if (!(await isRegionLoaded(db))) {
    const started = Date.now();
    const summary = await loadRegion(db);
    logger.info({ ms: Date.now() - started, ...summary }, 'region loaded');
  }
  if (!config.demoSeed) return { logins: [], enrolment: [] };

  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE username = 'hq-operator'`,
  );
  if ((rows[0]?.n ?? 0) > 0) {
    return {
      logins: await readDemoLogins(config.dataDir),
      enrolment: await readDemoEnrolment(config.dataDir),
    };
  }

  const started = Date.now();
  const residents = await generateResidents(db, { count: config.DEMO_RESIDENTS, seed: 1 });
  logger.info({ ms: Date.now() - started, residents }, 'synthetic residents generated');
  const logins = await createDemoUsers(db);
  await saveDemoLogins(config.dataDir, logins);
  const enrolment = await createDemoEnrolmentCodes(db, NANAO, {
    codeDays: config.ENROLMENT_CODE_DAYS,
    minAge: config.ENROLMENT_MIN_AGE,
    households: 2,
  });
  await saveDemoEnrolment(config.dataDir, enrolment);
  return { logins, enrolment };
}
