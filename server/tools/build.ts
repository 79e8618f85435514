import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../config';

/**
 * `npm start` runs this first: it builds what is missing or older than its sources, so the
 * app runs right after `npm install`. The web bundle goes to dist/web (Vite); the server is
 * bundled to dist/main.js (esbuild, packages left external) so start-up does not pay for
 * compiling TypeScript on the fly. `--force` rebuilds both. Two of these running at once
 * (test files that each need the bundle, two `npm start`s) build once: the second waits for
 * the first's lock, then finds the build fresh.
 */
const force = process.argv.includes('--force');

const LOCK = path.join(ROOT_DIR, 'dist/.build-lock');
/** A lock older than this was left by a build that died; it is taken over. */
const STALE_LOCK_MS = 10 * 60_000;

/** Runs `build` holding dist/.build-lock (a directory: creating one is atomic). */
async function withBuildLock(build: () => Promise<void>): Promise<void> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await build();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

function isStale(stamp: string, sources: string[]): boolean {
  if (force || !existsSync(stamp)) return true;
  const builtAt = statSync(stamp).mtimeMs;
  return sources.some((source) => newestMtime(path.join(ROOT_DIR, source)) >= builtAt);
}

await withBuildLock(async () => {
  const webStamp = path.join(ROOT_DIR, 'dist/web/.build-stamp');
  // The web bundles the vocabulary of server/domain (plain constants and pure rules) too.
  if (isStale(webStamp, ['web', 'server/domain', 'vite.config.ts', 'package-lock.json'])) {
    console.log('Building the web bundle…');
    // Vite is imported only when a build is needed: it is slow to load, and start-up counts.
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
    writeFileSync(webStamp, new Date().toISOString());
  }

  const serverStamp = path.join(ROOT_DIR, 'dist/.server-build-stamp');
  if (isStale(serverStamp, ['server', 'package-lock.json'])) {
    console.log('Bundling the server…');
    const { build } = await import('esbuild');
    await build({
      // main.js is `npm start`; cluster.js is `npm run start:cluster` (its workers run main).
      entryPoints: [path.join(ROOT_DIR, 'server/main.ts'), path.join(ROOT_DIR, 'server/cluster.ts')],
      outdir: path.join(ROOT_DIR, 'dist'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    });
    writeFileSync(serverStamp, new Date().toISOString());
  }
});
