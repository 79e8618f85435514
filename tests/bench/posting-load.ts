import path from 'node:path';
import { LISTENING, load, startChild, wrkInstalled, type LoadFigure } from './harness';
import { fixedRatePacing, type GeneratorChoice } from './generator';
import { capturePostingFloor } from './posting-floor';
import { freePort } from '../helpers/nginx';

/**
 * The posting figures on a running app (the whole report, tests/bench/harness.ts; posting.bench.ts measures posting alone, with its variants):
 * signs in as the admin, opens one topic per writer on the board, warms up for 2 s (not counted),
 * then W writers as fast as they go and a fixed `rate` of posts/s over the same writers (paced as fixedRatePacing says), each
 * for `duration` seconds.
 */
export async function measurePosting(url: string, o: { boardSlug: string; writers: number; duration: number; rate: number; adminUsername: string; adminPassword: string; log?: (line: string) => void; cpus?: string | null; generator?: GeneratorChoice }): Promise<{ saturated: LoadFigure; fixed: LoadFigure }> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: o.adminUsername, password: o.adminPassword }) });
  if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()} (set BENCH_ADMIN_USERNAME / BENCH_ADMIN_PASSWORD)`);
  const headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const topicPaths: string[] = [];
  for (let i = 0; i < o.writers; i += 1) {
    const created = await fetch(`${url}/api/boards/${o.boardSlug}/topics`, { method: 'POST', headers, body: JSON.stringify({ title: `基准测试 ${i}`, body: '并发写入的主题' }) });
    topicPaths.push(`/api/topics/${((await created.json()) as { topic: { id: number } }).topic.id}/posts`);
  }
  // A warm-up, not counted, as bench:posting has: the JIT compiles the write path first.
  o.log?.(`posting: a warm-up of 2 s, ${o.writers} writers`);
  load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: 2, method: 'POST', headers, body: JSON.stringify({ body: 'warm-up' }), paths: topicPaths, cpus: o.cpus ?? null, generator: o.generator ?? 'auto' });
  o.log?.(`posting: ${o.writers} writers for ${o.duration} s`);
  const saturated = load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: o.duration, method: 'POST', headers, body: REPLY_BODY, paths: topicPaths, cpus: o.cpus ?? null, generator: o.generator ?? 'auto' });
  o.log?.(`posting: ${o.rate} posts/s for ${o.duration} s`);
  const fixed = load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: o.duration, method: 'POST', headers, body: REPLY_BODY, paths: topicPaths, rate: o.rate, cpus: o.cpus ?? null, generator: fixedRatePacing(o.generator ?? 'auto', wrkInstalled()) });
  return { saturated, fixed };
}

/** The reply every posting load sends. */
export const REPLY_BODY = JSON.stringify({ body: '群众在我心中，我在群众当中。benchmark reply' });

/**
 * The posting floor on the PostgreSQL server (tests/bench/posting-floor-server.ts): bare
 * Fastify with the same driver running the statements one reply of the app ran, same SQL and
 * parameters, prepared, grouped as the app groups them (POST_COMMIT_GROUP, 32 by default);
 * W writers as fast as they go, as measurePosting's first figure, the server on `serverCpus`
 * and the generator on `generatorCpus` as the app was. `env` is the app's environment (the
 * capture builds the app in this process to record one reply per writer's topic).
 */
export async function measurePostingFloor(o: {
  env: Record<string, string>; databaseUrl: string; boardSlug: string; writers: number; duration: number;
  adminUsername: string; adminPassword: string; serverCpus: string | null; generatorCpus: string | null; log?: (line: string) => void;
}): Promise<LoadFigure & { group: number }> {
  const group = Number(o.env.POST_COMMIT_GROUP ?? 32) || 32;
  const { planFile, topicPaths } = await capturePostingFloor({ env: o.env, databaseUrl: o.databaseUrl, boardSlug: o.boardSlug, writers: o.writers, group, adminUsername: o.adminUsername, adminPassword: o.adminPassword, body: REPLY_BODY });
  const port = await freePort();
  const floor = await startChild([TSX, 'tests/bench/posting-floor-server.ts', planFile], { PORT: String(port) }, LISTENING, 120_000, o.serverCpus);
  try {
    const shape = { url: `${floor.url}${topicPaths[0]}`, connections: o.writers, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: REPLY_BODY, paths: topicPaths, cpus: o.generatorCpus };
    load({ ...shape, duration: 2 });
    o.log?.(`posting floor (bare Fastify, the same SQL, groups of up to ${group}): ${o.writers} writers for ${o.duration} s`);
    return { ...load({ ...shape, duration: o.duration, serverPids: floor.child.pid ? [floor.child.pid] : [] }), group };
  } finally {
    await floor.stop();
  }
}

const TSX = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');
