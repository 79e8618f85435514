import type { PGlite } from '@electric-sql/pglite';
import type { AppConfig } from '../../server/config';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp, type BuildOptions } from '../../server/app';
import { openFromTemplate } from '../setup/pglite-template';
import { testConfig } from '../setup/test-config';

/**
 * Builds the real app for a test file against a real database: a private copy of the
 * embedded template, or the shared PostgreSQL server when DATABASE_URL is set.
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  options: Pick<BuildOptions, 'countStatements' | 'clock' | 'uploadSweepIntervalMs'> = {},
): Promise<FastifyInstance> {
  const template = inject('pgliteTemplate');
  const config = testConfig(overrides);
  const build: BuildOptions = { ...options, logger: false, countStatements: options.countStatements === true };
  if (config.databaseUrl) return buildApp(config, build);
  const pglite = await openFromTemplate(template);
  return buildApp(config, { ...build, pglite, ownsPglite: true });
}

/**
 * A database that outlives one app, to build the app twice on it (a restart): a copy of the
 * embedded template, or the PostgreSQL server.
 */
export async function openSharedDatabase(): Promise<{ config: AppConfig; pglite?: PGlite; close(): Promise<void> }> {
  const config = testConfig();
  if (config.databaseUrl) return { config, close: async () => {} };
  const pglite = await openFromTemplate(inject('pgliteTemplate'));
  return { config, pglite, close: () => pglite.close() };
}
