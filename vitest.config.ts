import { defineConfig } from 'vitest/config';

/**
 * Three honest tiers (STYLE.md rule 10): unit (pure code), integration (the real app against
 * a real database: embedded by default, the PostgreSQL server when DATABASE_URL is set) and
 * e2e (real Chromium against a real server). `npm test` runs them all.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Tiers run one after another (unit, integration, e2e) so they do not fight for the cores.
          sequence: { groupOrder: 0 },
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          environment: 'node',
          globalSetup: ['tests/setup/integration.global.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          environment: 'node',
          globalSetup: ['tests/setup/e2e.global.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // A poll waits for the page to show something, it does not time it: a page entering
          // an area loads its chunk first, which on a loaded 2-core machine took more than
          // vitest's default 1 s (forum "load more", photos).
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
