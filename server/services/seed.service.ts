import { sql } from 'drizzle-orm';
import type { AppConfig } from '../config';
import type { Db } from '../db/client';
import { units, users } from '../db/schema';
import { createUser } from './accounts/user.service';
import { randomSecret } from '../lib/secrets';
import { seedBoards } from './forum/board.service';
import { seedCampaign } from './campaign/campaign.service';

/** The default unit tree of the campaign's city: the city department, its counties and agencies. */
const DEFAULT_UNITS = {
  city: '中共衢州市委宣传部',
  counties: ['柯城区委宣传部', '衢江区委宣传部', '龙游县委宣传部', '江山市委宣传部', '常山县委宣传部', '开化县委宣传部'],
  agencies: ['衢州日报社', '衢州广电传媒集团', '衢州市社会科学界联合会', '衢州市文学艺术界联合会'],
};

/** Seeds what a first start needs and is idempotent afterwards. */
export async function seedDefaults(db: Db, config: AppConfig, log: (message: string) => void): Promise<void> {
  await seedUnits(db);
  await seedBoards(db);
  await seedAdmin(db, config, log);
  await seedCampaign(db);
}

async function seedUnits(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    // Serialise concurrent first starts (two processes on one server) so only one seeds.
    await tx.execute(sql`select pg_advisory_xact_lock(727274002)`);
    const [existing] = await tx.select({ id: units.id }).from(units).limit(1);
    if (existing) return;
    const [city] = await tx.insert(units).values({ name: DEFAULT_UNITS.city, level: 'city' }).returning();
    if (!city) return;
    await tx.insert(units).values([
      ...DEFAULT_UNITS.counties.map((name) => ({ name, level: 'county' as const, parentId: city.id })),
      ...DEFAULT_UNITS.agencies.map((name) => ({ name, level: 'agency' as const, parentId: city.id })),
    ]);
  });
}

async function seedAdmin(db: Db, config: AppConfig, log: (message: string) => void): Promise<void> {
  const [admin] = await db.select({ id: users.id }).from(users).where(sql`'admin' = any(${users.roles})`).limit(1);
  if (admin) return;
  const password = config.adminPassword ?? randomSecret(12);
  try {
    await createUser(db, {
      username: config.adminUsername,
      password,
      displayName: '管理员',
      roles: ['member', 'admin'],
    });
  } catch (err) {
    // Another process created it at the same moment; nothing to do.
    if ((err as { code?: string }).code === 'USERNAME_TAKEN') return;
    throw err;
  }
  if (config.adminPassword === null) {
    log(`Created the first admin "${config.adminUsername}" with the password: ${password}  (shown once; change it after signing in)`);
  } else {
    log(`Created the first admin "${config.adminUsername}" from ADMIN_USERNAME/ADMIN_PASSWORD.`);
  }
}
