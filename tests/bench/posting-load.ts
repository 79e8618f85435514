import { load, type LoadFigure } from './harness';

/**
 * The posting figures on a running app (the whole report, tests/bench/harness.ts; posting.bench.ts measures posting alone, with its variants):
 * signs in as the admin, opens one topic per writer on the board, then W writers as fast as they
 * go and a fixed `rate` of posts/s over the same writers, each for `duration` seconds.
 */
export async function measurePosting(url: string, o: { boardSlug: string; writers: number; duration: number; rate: number; adminUsername: string; adminPassword: string; log?: (line: string) => void }): Promise<{ saturated: LoadFigure; fixed: LoadFigure }> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: o.adminUsername, password: o.adminPassword }) });
  if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()} (set BENCH_ADMIN_USERNAME / BENCH_ADMIN_PASSWORD)`);
  const headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const topicPaths: string[] = [];
  for (let i = 0; i < o.writers; i += 1) {
    const created = await fetch(`${url}/api/boards/${o.boardSlug}/topics`, { method: 'POST', headers, body: JSON.stringify({ title: `基准测试 ${i}`, body: '并发写入的主题' }) });
    topicPaths.push(`/api/topics/${((await created.json()) as { topic: { id: number } }).topic.id}/posts`);
  }
  const body = JSON.stringify({ body: '群众在我心中，我在群众当中。benchmark reply' });
  o.log?.(`posting: ${o.writers} writers for ${o.duration} s`);
  const saturated = load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: o.duration, method: 'POST', headers, body, paths: topicPaths });
  o.log?.(`posting: ${o.rate} posts/s for ${o.duration} s`);
  const fixed = load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: o.duration, method: 'POST', headers, body, paths: topicPaths, rate: o.rate });
  return { saturated, fixed };
}
