import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { createBoard } from '../factories/board.factory';
import { registerUser, signInAdmin } from '../factories/user.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { queryRows } from '../../server/db/client';
import { markPosting, undoPosting } from '../bench/posting-load';
import type { Client } from '../helpers/client';
import type { BoardView } from '../../server/presenters/board.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { SearchHitView } from '../../server/presenters/search.presenter';
import type { Page } from '../../server/presenters/page.presenter';

// The report measures its databases again on the next run, so its posting phase takes back
// what it posted (tests/bench/posting-load.ts, undoPosting): this is that, on the real app.
let app: FastifyInstance;
let admin: Client;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
});
afterAll(async () => {
  await app?.close();
});

const boardView = async (slug: string) => (await admin.get<{ items: BoardView[] }>('/api/boards')).data.items.find((b) => b.slug === slug);

describe('the bench posting phase undone (markPosting, undoPosting)', () => {
  it('removes the topics and replies posted after the mark, and only those, and puts the board back', async () => {
    const board = await createBoard(app, { admin });
    const other = await createBoard(app, { admin });
    const kept = await createTopic(admin, board.slug, { title: '留下的主题', body: '标记之前的正文' });
    await createReply(admin, kept.topic.id, { body: '标记之前的回复' });
    const before = await boardView(board.slug);
    expect(before).toMatchObject({ topicCount: 1, postCount: 2 });
    const mark = await markPosting(app.db, board.slug);

    // What the bench's writers do, and more: nested replies, a mention's notification, and a
    // topic on another board, which must stay.
    const bob = await registerUser(app);
    const word = `undoword${Date.now().toString(36)}`;
    const posted: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { topic, post } = await createTopic(admin, board.slug, { title: `基准测试 ${i}`, body: '并发写入的主题' });
      const reply = await createReply(admin, topic.id, { body: `群众在我心中 ${word}`, parentId: post.id });
      await createReply(bob.client, topic.id, { body: `@admin ${word} 回复`, parentId: reply.id });
      posted.push(topic.id);
    }
    const elsewhere = await createTopic(admin, other.slug, { title: '别的版块', body: `另一个版块 ${word}` });
    expect((await admin.get<Page<SearchHitView>>(`/api/search?q=${word}`)).data.items.length).toBe(5);
    expect(await boardView(board.slug)).toMatchObject({ topicCount: 3, postCount: 8 });

    const removed = await undoPosting(app.db, mark);
    expect(removed).toEqual({ topics: 2, posts: 6 });

    for (const id of posted) expect((await admin.get(`/api/topics/${id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/topics/${kept.topic.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/topics/${elsewhere.topic.id}`)).statusCode).toBe(200);
    const topics = (await admin.get<Page<TopicView>>(`/api/boards/${board.slug}/topics`)).data.items.map((t) => t.id);
    expect(topics).toEqual([kept.topic.id]);
    // The board's row (this app's cache of public reads still holds the board list: the
    // bench removes its posts with the app stopped, and every process starts with none).
    const [row] = await queryRows<{ topic_count: unknown; post_count: unknown; last: unknown }>(app.db, sql`select topic_count, post_count, last_post_at::text as last from boards where id = ${board.id}::int`);
    expect({ topics: Number(row?.topic_count), posts: Number(row?.post_count), last: row?.last === null ? null : String(row?.last) }).toEqual({ topics: 1, posts: 2, last: mark.lastPostAt });
    // The replies are gone from search, the other board's post is not.
    const hits = (await admin.get<Page<SearchHitView>>(`/api/search?q=${word}`)).data.items;
    expect(hits.map((h) => h.topicId)).toEqual([elsewhere.topic.id]);
    const [left] = await queryRows<{ posts: unknown; filters: unknown; notes: unknown }>(app.db, sql`
      select (select count(*) from posts where topic_id = any(${`{${posted.join(',')}}`}::int[])) as posts,
             (select count(*) from post_filters f where not exists (select 1 from posts p where p.id = f.post_id)) as filters,
             (select count(*) from notifications where topic_id = any(${`{${posted.join(',')}}`}::int[])) as notes`);
    expect({ posts: Number(left?.posts), filters: Number(left?.filters), notes: Number(left?.notes) }).toEqual({ posts: 0, filters: 0, notes: 0 });
  });

  it('refuses a board that does not exist', async () => {
    await expect(markPosting(app.db, 'no-such-board-here')).rejects.toThrow(/no board/);
  });
});
