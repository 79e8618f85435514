// Measures the boards' hot paths on a big PostgreSQL database: thread pages of a 10,000-post topic,
// board topic lists, and search over ~1M posts. Run against a database of its own:
//   POSTS=1000000 DATABASE_URL=postgres://…/grassroots_bench_boards npx tsx tests/bench/boards.bench.ts
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { queryRows } from '../../server/db/client';
import { indexTokens, plainText } from '../../server/search/tokenize';

const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-admin-password', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gr-boards-bench-')), POST_RATE_LIMIT: '0' });
const app = await buildApp(config, { logger: false });
const db = app.db;
const text = readFileSync(path.resolve(import.meta.dirname, '../../../shared/seed/campaign-plan-2012.zh.txt'), 'utf8').split(/[。\n]/).map((s) => s.trim()).filter((s) => s.length > 8);
const english = ['we visited the village', 'editors visiting enterprises', 'a field note about culture', 'the hall was full of people'];

const target = Number(process.env.POSTS ?? 1_000_000);
const n = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from posts`))[0]?.n ?? 0;
if (n < target) {
  const author = (await queryRows<{ id: number }>(db, sql`select id from users order by id limit 1`))[0]?.id ?? 1;
  const board = (await queryRows<{ id: number }>(db, sql`select id from boards where slug = 'qunzhong'`))[0]?.id ?? 1;
  console.log(`seeding ${target - n} posts…`);
  const t0 = Date.now();
  // 10,000 seed posts with real tokens in 1,000 topics, then copies of them (SQL) up to the target.
  const topicsWanted = 1000;
  for (let b = 0; b < 10; b += 1) {
    const rows = await queryRows<{ id: number }>(db, sql`insert into topics (board_id, title, author_id, post_count, last_post_at)
      select ${board}, '主题 ' || g, ${author}, 10, now() - (g || ' minutes')::interval from generate_series(1, ${topicsWanted / 10}) g returning id`);
    const values = [];
    for (const t of rows) {
      for (let k = 0; k < 10; k += 1) {
        const body = `${text[(t.id * 7 + k) % text.length]}，${text[(t.id * 13 + k * 3) % text.length]} ${english[(t.id + k) % english.length]} 词${t.id % 97}号`;
        values.push(sql`(${t.id}::int, ${author}::int, ${body}, ${'<p>' + body + '</p>'}, to_tsvector('simple', ${indexTokens(plainText(body))}))`);
      }
    }
    await db.execute(sql`insert into posts (topic_id, author_id, body, html, search_vector, path)
      select v.topic_id, v.author_id, v.body, v.html, v.sv, '{}'::int[] from (values ${sql.join(values, sql`, `)}) as v(topic_id, author_id, body, html, sv)`);
  }
  while (true) {
    const now = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from posts`))[0]?.n ?? 0;
    if (now >= target) break;
    const batch = Math.min(200_000, target - now);
    await db.execute(sql`insert into posts (topic_id, author_id, body, html, search_vector, path)
      select topic_id, author_id, body, html, search_vector, '{}'::int[] from posts order by id limit ${batch}`);
    console.log(`  ${now + batch} posts (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  await db.execute(sql`update posts set path = array[id] where path = '{}'::int[]`);
  await db.execute(sql`analyze`);
  console.log(`seeded in ${Math.round((Date.now() - t0) / 1000)} s`);
}

// One big thread: 10,000 posts in one topic, a random tree.
let [big] = await queryRows<{ id: number }>(db, sql`select id from topics where title = 'big thread'`);
if (!big) {
  const admin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'bench-admin-password' } });
  const cookie = String(admin.headers['set-cookie']).split(';')[0];
  const csrf = JSON.parse(admin.body).csrfToken;
  const headers = { cookie, 'x-csrf-token': csrf };
  const res = await app.inject({ method: 'POST', url: '/api/boards/daxuexi/topics', headers, payload: { title: 'big thread', body: '开头' } });
  const topicId = JSON.parse(res.body).topic.id as number;
  const ids = [JSON.parse(res.body).post.id as number];
  const t0 = Date.now();
  for (let i = 1; i < 10_000; i += 1) {
    const parentId = ids[Math.floor(Math.random() * ids.length)];
    const r = await app.inject({ method: 'POST', url: `/api/topics/${topicId}/posts`, headers, payload: { body: `回复 ${i} 群众`, parentId } });
    ids.push(JSON.parse(r.body).post.id);
  }
  console.log(`10,000 replies through the API in ${Math.round((Date.now() - t0) / 1000)} s (${Math.round(10_000 / ((Date.now() - t0) / 1000))}/s)`);
  big = { id: topicId };
}

async function time(label: string, url: string, runs = 50): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    const r = await app.inject({ method: 'GET', url });
    ms.push(performance.now() - t);
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} p50 ${ms[Math.floor(runs / 2)]?.toFixed(1)} ms  p99 ${ms[Math.floor(runs * 0.99)]?.toFixed(1)} ms`);
}

await time('tree, first page (10,000-post topic)', `/api/topics/${big.id}/tree?limit=50`);
// A deep cursor: walk to page 100.
let cursor: string | null = null;
for (let i = 0; i < 100; i += 1) {
  const r: { body: string } = await app.inject({ method: 'GET', url: `/api/topics/${big.id}/tree?limit=50${cursor ? `&cursor=${cursor}` : ''}` });
  cursor = JSON.parse(r.body).nextCursor;
}
await time('tree, page 100 (10,000-post topic)', `/api/topics/${big.id}/tree?limit=50&cursor=${cursor}`);
await time('topic + first posts (10,000-post topic)', `/api/topics/${big.id}`);
await time('board topic list', '/api/boards/qunzhong/topics');
for (const q of ['群众', '文化礼堂', '石室乡 文化村', 'visit', '宣传 部门 活动', '词42号', '不存在的词语组合']) {
  await time(`search "${q}"`, `/api/search?q=${encodeURIComponent(q)}`, 30);
}
// Posting throughput: 2,000 replies from 20 concurrent writers into 20 topics of one board.
{
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'bench-admin-password' } });
  const headers = { cookie: String(login.headers['set-cookie']).split(';')[0] ?? '', 'x-csrf-token': String(JSON.parse(login.body).csrfToken) };
  const topicIds: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const r = await app.inject({ method: 'POST', url: '/api/boards/qunzhong/topics', headers, payload: { title: `并发 ${i}`, body: '并发测试' } });
    topicIds.push(JSON.parse(r.body).topic.id as number);
  }
  let sent = 0;
  const t0 = performance.now();
  await Promise.all(topicIds.map(async (topicId) => {
    for (let k = 0; k < 100; k += 1) {
      const r = await app.inject({ method: 'POST', url: `/api/topics/${topicId}/posts`, headers, payload: { body: `并发回复 ${k} 群众在我心中` } });
      if (r.statusCode !== 201) throw new Error(`${r.statusCode} ${r.body}`);
      sent += 1;
    }
  }));
  console.log(`posting: ${sent} replies, 20 writers, one board: ${Math.round(sent / ((performance.now() - t0) / 1000))} posts/s`);
}
const total = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from posts`))[0]?.n ?? 0;
console.log(`posts in the database: ${total}`);
await app.close();
