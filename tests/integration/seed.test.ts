import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { createBoard } from '../factories/board.factory';
import { signInAdmin } from '../factories/user.factory';
import { queryRows } from '../../server/db/client';
import { renderMarkdown } from '../../server/markdown/render-markdown';
import { searchVectorSql } from '../../server/services/forum/post.service';
import { seedDatabase, type SeedResult } from '../../server/tools/seed-data';
import type { Page } from '../../server/presenters/page.presenter';
import type { SearchHitView } from '../../server/presenters/search.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { PostView } from '../../server/presenters/post.presenter';

const POSTS = 3_000;
let app: FastifyInstance;
let seeded: SeedResult;
let boardIds: number[];
let slugs: string[];
const n = (v: unknown) => Number(v);

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
  const admin = await signInAdmin(app);
  const boards = [await createBoard(app, { admin }), await createBoard(app, { admin })];
  boardIds = boards.map((b) => b.id);
  slugs = boards.map((b) => b.slug);
  // Small batches, so the run crosses many batch boundaries.
  seeded = await seedDatabase(app.db, { posts: POSTS, seed: 7, batchSize: 400, boardIds });
});
afterAll(async () => {
  await app?.close();
});

describe('seedDatabase (npm run seed)', () => {
  it('writes exactly the posts asked for, in topics of skewed sizes', async () => {
    const [row] = await queryRows<{ posts: unknown; topics: unknown }>(app.db, sql`
      select (select count(*) from posts where topic_id between ${seeded.topics.first} and ${seeded.topics.last}) as posts,
             (select count(*) from topics where id between ${seeded.topics.first} and ${seeded.topics.last}) as topics`);
    expect(n(row?.posts)).toBe(POSTS);
    expect(n(row?.topics)).toBe(seeded.topics.count);
    const sizes = await queryRows<{ post_count: unknown }>(app.db, sql`
      select post_count from topics where id between ${seeded.topics.first} and ${seeded.topics.last} order by post_count`);
    const median = n(sizes[Math.floor(sizes.length / 2)]?.post_count);
    expect(median).toBeLessThanOrEqual(10);
    expect(seeded.largestTopic.posts).toBeGreaterThanOrEqual(POSTS / 4);
    expect(n(sizes[sizes.length - 1]?.post_count)).toBe(seeded.largestTopic.posts);
  });

  it('keeps every topic counter consistent with its rows (postCount, first post, last activity)', async () => {
    const [bad] = await queryRows<{ n: unknown }>(app.db, sql`
      select count(*) as n from topics t
      join (select topic_id, count(*) as c, min(id) as first, max(created_at) as last from posts group by topic_id) p on p.topic_id = t.id
      where t.id between ${seeded.topics.first} and ${seeded.topics.last}
        and (t.post_count <> p.c or t.first_post_id <> p.first or t.last_post_at <> p.last)`);
    expect(n(bad?.n)).toBe(0);
  });

  it('keeps the boards\' topic and post counts equal to their rows', async () => {
    const rows = await queryRows<{ topic_count: unknown; post_count: unknown; topics: unknown; posts: unknown; last_ok: unknown }>(app.db, sql`
      select b.topic_count, b.post_count, count(t.id) as topics, coalesce(sum(t.post_count), 0) as posts,
             b.last_post_at = max(t.last_post_at) as last_ok
      from boards b left join topics t on t.board_id = b.id
      where b.id in (${sql.join(boardIds, sql`, `)}) group by b.id`);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(n(r.topic_count)).toBe(n(r.topics));
      expect(n(r.post_count)).toBe(n(r.posts));
      expect(r.last_ok).toBe(true);
    }
    expect(rows.reduce((sum, r) => sum + n(r.posts), 0)).toBe(POSTS);
  });

  it('writes valid thread trees: parents in the same topic, depths, paths and reply counts as the app writes them', async () => {
    const [bad] = await queryRows<{ parents: unknown; paths: unknown; replies: unknown; roots: unknown }>(app.db, sql`
      select
        (select count(*) from posts c join posts p on p.id = c.parent_id
          where c.topic_id between ${seeded.topics.first} and ${seeded.topics.last}
            and (p.topic_id <> c.topic_id or c.depth <> p.depth + 1 or p.id >= c.id
              or c.path <> (case when array_length(p.path, 1) >= 100 then p.path[1:99] else p.path end) || c.id)) as parents,
        (select count(*) from posts where topic_id between ${seeded.topics.first} and ${seeded.topics.last}
            and parent_id is null and (path <> array[id] or depth <> 0)) as paths,
        (select count(*) from posts p where p.topic_id between ${seeded.topics.first} and ${seeded.topics.last}
            and p.reply_count <> (select count(*) from posts c where c.parent_id = p.id)) as replies,
        (select count(*) from topics t join posts p on p.id = t.first_post_id
            where t.id between ${seeded.topics.first} and ${seeded.topics.last} and p.parent_id is not null) as roots`);
    expect({ parents: n(bad?.parents), paths: n(bad?.paths), replies: n(bad?.replies), roots: n(bad?.roots) }).toEqual({ parents: 0, paths: 0, replies: 0, roots: 0 });
    expect(seeded.maxDepth).toBeGreaterThan(5);
  });

  it('stores the html the app renders and the search vector the app computes', async () => {
    const sample = await queryRows<{ id: unknown; body: string; html: string; title: string | null }>(app.db, sql`
      select p.id, p.body, p.html, case when t.first_post_id = p.id then t.title end as title
      from posts p join topics t on t.id = p.topic_id
      where p.topic_id between ${seeded.topics.first} and ${seeded.topics.last}
      order by p.id % 97, p.id limit 40`);
    expect(sample.some((s) => s.title !== null)).toBe(true);
    for (const post of sample) {
      expect(post.html).toBe(renderMarkdown(post.body).html);
      const [same] = await queryRows<{ same: unknown }>(app.db, sql`
        select search_vector = ${searchVectorSql(post.title, post.body)} as same from posts where id = ${n(post.id)}`);
      expect(same?.same, `post ${String(post.id)}`).toBe(true);
    }
  });

  it('makes content search finds: a Chinese word inside unsegmented text, an English word by stem', async () => {
    const zh = await new Client(app).get<Page<SearchHitView>>(`/api/search?q=${encodeURIComponent('礼堂')}&board=${slugs[0]}`);
    expect(zh.statusCode).toBe(200);
    expect(zh.data.items.length).toBeGreaterThan(0);
    const en = await new Client(app).get<Page<SearchHitView>>(`/api/search?q=visit&board=${slugs[0]}`);
    expect(en.statusCode).toBe(200);
    expect(en.data.items.length).toBeGreaterThan(0);
    for (const hit of [...zh.data.items, ...en.data.items]) {
      expect(hit.topicId).toBeGreaterThanOrEqual(seeded.topics.first);
      expect(hit.topicId).toBeLessThanOrEqual(seeded.topics.last);
    }
  });

  it('links field notes to seeded visits, and writes reactions the topic page counts', async () => {
    const [links] = await queryRows<{ linked: unknown; dangling: unknown }>(app.db, sql`
      select count(t.visit_id) as linked, count(t.visit_id) - count(v.id) as dangling
      from topics t left join visits v on v.id = t.visit_id
      where t.id between ${seeded.topics.first} and ${seeded.topics.last}`);
    expect(n(links?.dangling)).toBe(0);
    expect(seeded.visits).toBeGreaterThan(0);
    expect(seeded.reactions).toBeGreaterThan(0);
    const [reacted] = await queryRows<{ topic_id: unknown; id: unknown; c: unknown }>(app.db, sql`
      select p.topic_id, p.id, count(*) as c from post_reactions r join posts p on p.id = r.post_id
      where p.topic_id between ${seeded.topics.first} and ${seeded.topics.last} and p.parent_id is null and p.id = (select first_post_id from topics where id = p.topic_id)
      group by p.topic_id, p.id order by p.id limit 1`);
    expect(reacted).toBeDefined();
    const page = await new Client(app).get<{ topic: TopicView; posts: Page<PostView> }>(`/api/topics/${n(reacted?.topic_id)}`);
    expect(page.statusCode).toBe(200);
    const first = page.data.posts.items.find((p) => p.id === n(reacted?.id));
    expect(Object.values(first?.reactions ?? {}).reduce((a, b) => a + b, 0)).toBe(n(reacted?.c));
  });

  it('lets seeded members sign in, and the first live event in a seeded topic is its seq 1', async () => {
    const username = `s${seeded.tag}_1`;
    const member = new Client(app);
    const login = await member.post('/api/auth/login', { username, password: seeded.users.password });
    expect(login.statusCode).toBe(200);
    const topicId = seeded.largestTopic.id;
    const before = await new Client(app).get<{ topic: TopicView }>(`/api/topics/${topicId}`);
    expect(before.data.topic.postCount).toBe(seeded.largestTopic.posts);
    const reply = await member.post(`/api/topics/${topicId}/posts`, { body: '种子数据之后的第一条回复' });
    expect(reply.statusCode).toBe(201);
    const after = await new Client(app).get<{ topic: TopicView }>(`/api/topics/${topicId}`);
    expect(after.data.topic.postCount).toBe(seeded.largestTopic.posts + 1);
    const [room] = await queryRows<{ seq: unknown }>(app.db, sql`select seq from realtime_rooms where room = ${`topic:${topicId}`}`);
    const [events] = await queryRows<{ first: unknown }>(app.db, sql`select min(seq) as first from realtime_events where room = ${`topic:${topicId}`}`);
    expect(n(events?.first)).toBe(1);
    expect(n(room?.seq)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a count that is not a whole number of at least 1', async () => {
    await expect(seedDatabase(app.db, { posts: 0, boardIds })).rejects.toThrow(/posts/);
    await expect(seedDatabase(app.db, { posts: 2.5, boardIds })).rejects.toThrow(/posts/);
  });
});

