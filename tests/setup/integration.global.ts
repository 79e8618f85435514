import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../server/app';
import { loginFailures } from '../../server/db/schema';
import { testConfig } from './test-config';
import { writeTemplate } from './pglite-template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A dump of a migrated, seeded embedded database, or '' when DATABASE_URL is set. */
    pgliteTemplate: string;
  }
}

/**
 * Migrates once per run: the PostgreSQL server when DATABASE_URL is set (every test file
 * shares it and makes unique rows), otherwise an embedded template each test file copies.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gr-template-'));
  const file = path.join(dir, 'template.tar');
  if (process.env.DATABASE_URL) {
    const app = await buildApp(testConfig(), { logger: false });
    // The server's database outlives a run: failed sign-ins counted by an earlier run (tests
    // of the lockout, wrong passwords in the browser) must not make this one's sign-ins wait.
    await app.db.delete(loginFailures);
    await app.close();
    project.provide('pgliteTemplate', '');
  } else {
    await writeTemplate(file, async (pglite) => {
      const app = await buildApp(testConfig(), { logger: false, pglite });
      await app.close();
    });
    project.provide('pgliteTemplate', file);
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
