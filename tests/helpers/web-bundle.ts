import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** One chunk of Vite's build manifest (dist/web/.vite/manifest.json). */
export interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** The built web app as the browser receives it: the manifest, index.html and gzip sizes. */
export interface WebBundle {
  dir: string;
  /** The manifest, each chunk keyed by its source's path in the repository (web/i18n/en.ts). */
  manifest: Record<string, ManifestChunk>;
  /** The manifest key of index.html's entry chunk (web/index.html). */
  entryKey: string;
  /** The files index.html loads before any page code: its module script and its modulepreload links. */
  indexFiles: string[];
  /** The gzip size (default level, as the harness measures) of a file of dist/web. */
  gzipBytes(file: string): number;
  /** The files a chunk and its static imports, transitively, are made of (the chunk first). */
  staticClosure(key: string): string[];
  /** The modules (source paths, relative to the repository) bundled into a file, from its source map (none for the bundler's runtime). */
  modulesOf(file: string): string[];
}

/** Reads the web build in `dir` (by default dist/web under `root`, the repository, as server/tools/build.ts makes it). */
export function readWebBundle(root: string, dir: string = path.join(root, 'dist/web')): WebBundle {
  // Vite names a chunk by its source relative to its root (web/, vite.config.ts); here they
  // are named from the repository (web/i18n/en.ts), as the source maps name modules. Chunks
  // with no source of their own (shared ones, `_name-hash.js`) keep their names.
  const fromRoot = (key: string): string => (key.startsWith('_') ? key : path.posix.normalize(`web/${key}`));
  const raw = JSON.parse(readFileSync(path.join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const manifest: Record<string, ManifestChunk> = {};
  for (const [key, chunk] of Object.entries(raw)) {
    manifest[fromRoot(key)] = {
      ...chunk,
      ...(chunk.imports ? { imports: chunk.imports.map(fromRoot) } : {}),
      ...(chunk.dynamicImports ? { dynamicImports: chunk.dynamicImports.map(fromRoot) } : {}),
    };
  }
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry) ?? '';
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  // The same reading as tests/bench/harness.ts: the entry script and every modulepreload link.
  const indexFiles = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)]
    .map((m) => (m[1] ?? m[2] ?? '').replace(/^\//, ''))
    .filter(Boolean);
  const sizes = new Map<string, number>();
  return {
    dir,
    manifest,
    entryKey,
    indexFiles,
    gzipBytes(file) {
      let size = sizes.get(file);
      if (size === undefined) {
        size = gzipSync(readFileSync(path.join(dir, file))).length;
        sizes.set(file, size);
      }
      return size;
    },
    staticClosure(key) {
      const seen = new Set<string>();
      const files: string[] = [];
      const visit = (k: string): void => {
        if (seen.has(k)) return;
        seen.add(k);
        const chunk = manifest[k];
        if (!chunk) throw new Error(`${k} is not in the manifest`);
        files.push(chunk.file);
        for (const next of chunk.imports ?? []) visit(next);
      };
      visit(key);
      return files;
    },
    modulesOf(file) {
      // The bundler's own runtime helpers (a few hundred bytes) come from no module and carry no map.
      if (!readFileSync(path.join(dir, file), 'utf8').includes('//# sourceMappingURL=')) return [];
      const map = JSON.parse(readFileSync(path.join(dir, `${file}.map`), 'utf8')) as { sources: string[] };
      const fileDir = path.dirname(path.join(dir, file));
      return map.sources.map((source) => path.relative(root, path.resolve(fileDir, source)));
    },
  };
}
