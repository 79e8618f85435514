import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { buildApp as BuildApp } from '../../server/app';
import type { loadConfig as LoadConfig } from '../../server/config';
import type { searchPosts as SearchPosts, SearchQuery } from '../../server/services/forum/search.service';
import type { Viewer } from '../../server/domain/roles';

/**
 * `DATABASE_URL=… npx tsx tests/bench/search-same-answers.ts DIR_A DIR_B`: asks the search
 * service of two checkouts (their sources, in this process) the same queries on one seeded
 * database, as an anonymous reader, a member and a moderator, first pages and every cursor page
 * after them, and says whether every answer is the same (items and cursors). For a change to
 * how search runs that must not change what it answers. It only reads.
 */
const url = process.env.DATABASE_URL;
const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (!url || dirs.length !== 2) throw new Error('usage: DATABASE_URL=… tsx tests/bench/search-same-answers.ts DIR_A DIR_B');
type Search = typeof SearchPosts;
const sides = await Promise.all(dirs.map(async (dir) => {
  const { buildApp } = (await import(pathToFileURL(path.join(dir, 'server/app.ts')).href)) as { buildApp: typeof BuildApp };
  const { loadConfig } = (await import(pathToFileURL(path.join(dir, 'server/config.ts')).href)) as { loadConfig: typeof LoadConfig };
  const { searchPosts } = (await import(pathToFileURL(path.join(dir, 'server/services/forum/search.service.ts')).href)) as { searchPosts: Search };
  const app = await buildApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', CACHE_MAX_BYTES: '0', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'search-same-answers' }), { logger: false });
  return { dir, app, searchPosts };
}));
const viewers: [string, Viewer][] = [['anonymous', null], ['member', { id: 7, roles: [] }], ['moderator', { id: 1, roles: ['moderator'] }]];
const queries: Omit<SearchQuery, 'limit'>[] = [
  { q: '群众' }, { q: '第1234篇' }, { q: '礼堂' }, { q: '村' }, { q: 'visiting' }, { q: 'xylophone' }, { q: '群众 visiting' },
  { q: '乡村 振兴' }, { q: '群众', board: 'qunzhong', kind: 'field_note' }, { q: '走访', kind: 'field_note' }, { q: '基层', board: 'qunzhong' },
];
let answers = 0;
let differing = 0;
for (const query of queries) {
  for (const [who, viewer] of viewers) {
    for (const limit of [20, 7]) {
      const cursors: (string | undefined)[] = [undefined, undefined];
      for (let page = 0; page < 40; page += 1) {
        const got = await Promise.all(sides.map((s, i) => s.searchPosts(s.app.database.replica, { ...query, limit, ...(cursors[i] ? { cursor: cursors[i] } : {}) }, viewer)));
        answers += 1;
        if (!isDeepStrictEqual(got[0], got[1])) {
          differing += 1;
          console.log(`differs: ${JSON.stringify(query)} ${who} limit ${limit} page ${page + 1}`);
          break;
        }
        const next = got[0]?.nextCursor ?? null;
        if (!next) break;
        cursors[0] = next;
        cursors[1] = got[1]?.nextCursor ?? undefined;
      }
    }
  }
}
console.log(`${answers} answers compared, ${differing} differing`);
for (const s of sides) await s.app.close();
process.exit(differing === 0 ? 0 : 1);
