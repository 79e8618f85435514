import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../../server/config';

/** The first admin's password in every test database. */
export const TEST_ADMIN = { username: 'admin', password: 'test-admin-password' };

/**
 * The configuration tests build the app with: the same loadConfig as production, with a
 * private data directory, a known admin and quiet logs. DATABASE_URL passes through, so the
 * same tests run against the PostgreSQL server when it is set.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gr-test-')),
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...overrides,
  });
}
