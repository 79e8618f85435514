import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_COVERAGE } from '../../server/realtime/cache-coverage';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every .ts file under a folder of the repository, as paths relative to the root. */
function sourcesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('the cache coverage audit (server/realtime/cache-coverage.ts)', () => {
  it('names only writers that exist: each module exports its function', () => {
    for (const entry of CACHE_COVERAGE) {
      const source = readFileSync(path.join(ROOT, 'server', `${entry.module}.ts`), 'utf8');
      expect(source, `${entry.module} exports ${entry.writer}`).toMatch(new RegExp(`export (async )?function ${entry.writer}\\b|export const ${entry.writer}\\b`));
    }
  });

  it('lists every exported service function that takes the service context (the writers after commit)', () => {
    const listed = new Set(CACHE_COVERAGE.map((e) => `${e.module}#${e.writer}`));
    const writers: string[] = [];
    for (const file of sourcesUnder('server/services')) {
      const source = readFileSync(path.join(ROOT, file), 'utf8');
      for (const match of source.matchAll(/export async function (\w+)\(ctx: ServiceContext\b/g)) {
        writers.push(`${file.replace(/^server\//, '').replace(/\.ts$/, '')}#${match[1]}`);
      }
    }
    expect(writers.length).toBeGreaterThan(30);
    expect(writers.filter((w) => !listed.has(w))).toEqual([]);
  });

  it('says for each writer how the cache hears of it, with a reason', () => {
    for (const entry of CACHE_COVERAGE) {
      expect(['events', 'notice', 'all-rooms', 'not-shown']).toContain(entry.coverage);
      expect(entry.why.length).toBeGreaterThan(3);
    }
    const keys = CACHE_COVERAGE.map((e) => `${e.module}#${e.writer}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
