import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ROOT_DIR } from '../config';

/**
 * Builds the web bundle when it is missing or older than its sources, so `npm start` works
 * right after `npm install`. `--force` rebuilds regardless.
 */
const outDir = path.join(ROOT_DIR, 'dist/web');
const stamp = path.join(outDir, '.build-stamp');
const sources = [path.join(ROOT_DIR, 'web'), path.join(ROOT_DIR, 'vite.config.ts'), path.join(ROOT_DIR, 'package-lock.json')];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

const force = process.argv.includes('--force');
const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newestMtime));
if (!force && builtAt > changedAt) {
  console.log('Web bundle is up to date.');
} else {
  console.log('Building the web bundle…');
  await build({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, new Date().toISOString());
  console.log('Web bundle built in dist/web.');
}
