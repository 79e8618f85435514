import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

/**
 * Creating an embedded database runs initdb (4–20 s). Tests instead load a migrated,
 * seeded template that the global setup dumps once per run.
 */
export async function writeTemplate(file: string, prepare: (pglite: PGlite) => Promise<void>): Promise<void> {
  const pglite = await PGlite.create();
  await prepare(pglite);
  const dump = await pglite.dumpDataDir('none');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
}

/** Opens a private copy of the template in memory. */
export async function openFromTemplate(file: string): Promise<PGlite> {
  if (!existsSync(file)) throw new Error(`PGlite template ${file} is missing: run the tests through vitest's global setup`);
  const data = readFileSync(file);
  return PGlite.create({ loadDataDir: new Blob([data]) });
}
