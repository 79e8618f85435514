import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { Client } from '../helpers/client';
import { freePort } from '../helpers/nginx';
import { readWebBundle } from '../helpers/web-bundle';
import { LISTENING, startChild, timeTopicInBrowser } from './harness';
import { APP_NODE_ARGS } from './node-args';

/**
 * `npx tsx tests/bench/first-load.bench.ts [--web-dir DIR] [--rounds N]`: what a first visit
 * costs, short (issue 14, items 5 and 7). Prints the first JavaScript (gzip) of each page
 * area entered on first load in Chinese: the entry and its static imports (what index.html
 * loads, the harness's figure), plus the Chinese messages and the area's chunks with their
 * static imports, and the time until a topic of 100 posts is readable in Chromium
 * (the harness's measurement: median of 3 fresh contexts), N rounds. --web-dir serves another
 * build of the web app (an older commit's, to compare) from the same server.
 */
const { values } = parseArgs({ options: { 'web-dir': { type: 'string' }, rounds: { type: 'string', default: '3' } } });
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
execFileSync(process.execPath, [TSX, 'server/tools/build.ts'], { cwd: ROOT, stdio: 'inherit' });
const webDir = path.resolve(values['web-dir'] ?? path.join(ROOT, 'dist/web'));

// The first JavaScript per page entered, from the build manifest.
const bundle = readWebBundle(path.resolve(webDir, '../..'), webDir);
const kb = (files: Iterable<string>) => ([...new Set(files)].reduce((sum, f) => sum + bundle.gzipBytes(f), 0) / 1024).toFixed(1);
const entry = bundle.staticClosure(bundle.entryKey);
console.log(`first JavaScript (index.html: entry + static imports): ${kb(bundle.indexFiles)} KB gzip in ${bundle.indexFiles.length} files`);
const messages = bundle.manifest['web/i18n/zh-CN.ts'] ? bundle.staticClosure('web/i18n/zh-CN.ts') : [];
for (const [page, area] of [['home /', 'forum'], ['topic /t/:id', 'forum'], ['editor desk /editor', 'columns'], ['featured', 'featured'], ['campaign', 'campaign'], ['moderation', 'moderation'], ['awards', 'awards'], ['admin', 'admin'], ['account', 'account']] as const) {
  const key = `web/components/${area}/${area}-pages.ts`;
  const areaFiles = bundle.manifest[key] ? bundle.staticClosure(key) : [];
  console.log(`${page}: ${kb([...entry, ...messages, ...areaFiles])} KB gzip for the page to render (entry, zh-CN messages, ${area} area)`);
}

// A topic of 100 posts (the first and 99 replies) in a fresh embedded database.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gr-first-load-'));
const env = { DATA_DIR: dataDir, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'bench-admin-password', POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', LOG_LEVEL: 'warn', WEB_DIR: webDir };
const app = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { logger: false });
const client = new Client(app);
await client.post('/api/auth/login', { username: 'admin', password: 'bench-admin-password' });
const created = await client.post<{ topic: { id: number } }>('/api/boards/qunzhong/topics', { title: '一百条帖子的主题', body: '走基层、转作风、改文风：群众在我心中，我在群众当中。' });
const topicId = created.data.topic.id;
for (let i = 1; i < 100; i += 1) await client.post(`/api/topics/${topicId}/posts`, { body: `第 ${i} 条回复：到村里走一走，听听群众怎么说。` });
await app.close();

if (existsSync('/usr/bin/chromium')) {
  const port = await freePort();
  // At info, as the harness runs it: the listening line is what startChild waits for.
  const served = await startChild([...APP_NODE_ARGS, 'dist/main.js'], { ...env, LOG_LEVEL: 'info', PORT: String(port) }, LISTENING);
  try {
    const rounds = Math.min(10, Math.max(1, Number(values.rounds) || 3));
    const times: number[] = [];
    for (let i = 0; i < rounds; i += 1) times.push((await timeTopicInBrowser(served.url, topicId, 100)).readableMs);
    console.log(`topic of 100 posts readable in Chromium: ${times.join(', ')} ms (each the median of 3 fresh contexts)`);
  } finally {
    await served.stop();
  }
}
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
