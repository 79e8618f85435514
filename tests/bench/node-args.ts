import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The flags node gets in front of `dist/main.js` in a package.json script (`node
 * --enable-source-maps --no-memory-reducer dist/main.js` → those two), so the benches start
 * the built app exactly as `npm start` does, and a flag added there is measured here too.
 */
export function nodeFlagsOf(script: string, entry: string): string[] {
  const match = new RegExp(`(?:^|[\\s;&|])node((?:\\s+--[\\w-]+(?:=\\S+)?)*)\\s+${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s|$)`).exec(script);
  if (!match) throw new Error(`no "node … ${entry}" in the script: ${script}`);
  return (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

const scripts = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** node's flags for dist/main.js, from `npm start`. */
export const APP_NODE_ARGS: readonly string[] = nodeFlagsOf(scripts.start ?? '', 'dist/main.js');
/** node's flags for dist/cluster.js, from `npm run start:cluster`. */
export const CLUSTER_NODE_ARGS: readonly string[] = nodeFlagsOf(scripts['start:cluster'] ?? '', 'dist/cluster.js');
