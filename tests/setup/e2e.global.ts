import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../server/app';
import { testConfig } from './test-config';

/** Where Debian's Chromium lives; a test tool's own browser download cannot work here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The address of the server the browser tests drive, or '' when Chromium is missing. */
    e2eBaseUrl: string;
  }
}

/**
 * Builds the web bundle if stale, and starts one real server (the same buildApp, on a free
 * port, against a fresh embedded database or the PostgreSQL server) for all browser tests.
 * Without Chromium, CI fails here; locally the browser tests skip and say how to install it.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    const how = 'Install it with: apt-get install -y chromium fonts-noto-cjk';
    if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM_PATH}. ${how}`);
    console.warn(`\n[e2e] Chromium not found at ${CHROMIUM_PATH}: browser tests are skipped. ${how}\n`);
    project.provide('e2eBaseUrl', '');
    return undefined;
  }
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/tools/build.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gr-e2e-'));
  const app = await buildApp(testConfig({ DATA_DIR: dataDir, REGISTRATION_RATE_LIMIT: '0' }), { logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  project.provide('e2eBaseUrl', address);
  return async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
