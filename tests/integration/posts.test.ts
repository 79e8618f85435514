import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, type SignedInUser } from '../factories/user.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { posts, sessions, topics } from '../../server/db/schema';
import type { PostView, RevisionView as Revision } from '../../server/presenters/post.presenter';
import type { Page } from '../../server/presenters/page.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';


let app: FastifyInstance;
let alice: SignedInUser;
let bob: SignedInUser;
let moderator: SignedInUser;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
  alice = await registerUser(app, { displayName: '爱丽丝' });
  bob = await registerUser(app, { displayName: '鲍勃' });
  moderator = await registerUser(app, { roles: ['member', 'moderator'], displayName: '版主' });
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/posts/:id', () => {
  it('answers one post to anyone, and 404 or 400 for unknown or malformed ids', async () => {
    const { post } = await createTopic(alice.client, 'qunzhong', { body: '永久链接' });
    const res = await new Client(app).get<{ post: PostView }>(`/api/posts/${post.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.data.post).toMatchObject({ id: post.id, body: '永久链接' });
    expect((await new Client(app).get('/api/posts/99999999')).statusCode).toBe(404);
    expect((await new Client(app).get('/api/posts/0')).data).toMatchObject({ code: 'VALIDATION', field: 'id' });
  });
});

describe('PATCH /api/posts/:id and GET /api/posts/:id/revisions', () => {
  it('lets the author edit, keeping each old body as a revision, newest first', async () => {
    const { post } = await createTopic(alice.client, 'qunzhong', { body: '第一版' });
    const one = await alice.client.patch<{ post: PostView }>(`/api/posts/${post.id}`, { body: '第二版 **加粗**' });
    expect(one.statusCode).toBe(200);
    expect(one.data.post).toMatchObject({ body: '第二版 **加粗**', editedAt: expect.any(String) });
    expect(one.data.post.html).toContain('<strong>加粗</strong>');
    const two = await moderator.client.patch<{ post: PostView }>(`/api/posts/${post.id}`, { body: '  第三版  ' });
    expect(two.statusCode).toBe(200);
    expect(two.data.post.body).toBe('第三版');
    const revisions = await new Client(app).get<{ items: Revision[] }>(`/api/posts/${post.id}/revisions`);
    expect(revisions.statusCode).toBe(200);
    expect(revisions.data.items.map((r) => [r.body, r.editor.username])).toEqual([
      ['第二版 **加粗**', moderator.user.username],
      ['第一版', alice.user.username],
    ]);
    expect(revisions.data.items[0]?.editor).toEqual({ id: moderator.user.id, username: moderator.user.username, displayName: '版主' });
    // An edit that changes nothing keeps no revision.
    await alice.client.patch(`/api/posts/${post.id}`, { body: '第三版' });
    expect((await new Client(app).get<{ items: Revision[] }>(`/api/posts/${post.id}/revisions`)).data.items).toHaveLength(2);
  });

  it('re-indexes an edited post for search', async () => {
    const { post } = await createTopic(alice.client, 'qunzhong', { title: '改稿', body: '原来的内容' });
    const word = `改后${Date.now().toString(36)}`;
    await alice.client.patch(`/api/posts/${post.id}`, { body: `新的内容 ${word}` });
    const found = await new Client(app).get<Page<{ postId: number }>>(`/api/search?q=${encodeURIComponent(word)}`);
    expect(found.data.items.map((i) => i.postId)).toContain(post.id);
  });

  it('refuses other members (403), anonymous users (401), bad bodies (400) and unknown posts (404)', async () => {
    const { post } = await createTopic(alice.client, 'qunzhong');
    const other = await bob.client.patch(`/api/posts/${post.id}`, { body: '不是我的' });
    expect(other.statusCode).toBe(403);
    expect(other.data).toMatchObject({ code: 'FORBIDDEN' });
    expect((await new Client(app).patch(`/api/posts/${post.id}`, { body: 'x' })).statusCode).toBe(401);
    for (const [body, field] of [[{}, 'body'], [{ body: '' }, 'body'], [{ body: '  ' }, 'body'], [{ body: 'x'.repeat(50_001) }, 'body'], [{ body: 1 }, 'body']] as const) {
      const res = await alice.client.patch(`/api/posts/${post.id}`, body);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field });
    }
    expect((await alice.client.patch('/api/posts/99999999', { body: 'x' })).statusCode).toBe(404);
    expect((await new Client(app).get('/api/posts/99999999/revisions')).statusCode).toBe(404);
  });

  it('answers 423 to the author in a locked topic; a moderator may still edit', async () => {
    const { topic, post } = await createTopic(alice.client, 'qunzhong');
    await app.db.update(topics).set({ locked: true }).where(eq(topics.id, topic.id));
    expect((await alice.client.patch(`/api/posts/${post.id}`, { body: '锁定后' })).statusCode).toBe(423);
    expect((await moderator.client.patch(`/api/posts/${post.id}`, { body: '版主修改' })).statusCode).toBe(200);
  });
});

describe('reactions', () => {
  it('are idempotent per user and kind, with counts, my reactions and who reacted', async () => {
    const { post } = await createTopic(alice.client, 'qunzhong');
    const first = await bob.client.put<{ post: PostView }>(`/api/posts/${post.id}/reactions/like`);
    expect(first.statusCode).toBe(200);
    expect(first.data.post.reactions).toEqual({ like: 1, thanks: 0, insightful: 0 });
    expect(first.data.post.myReactions).toEqual(['like']);
    const again = await bob.client.put<{ post: PostView }>(`/api/posts/${post.id}/reactions/like`);
    expect(again.data.post.reactions.like).toBe(1);
    await alice.client.put(`/api/posts/${post.id}/reactions/like`);
    const thanks = await bob.client.put<{ post: PostView }>(`/api/posts/${post.id}/reactions/thanks`);
    expect(thanks.data.post.reactions).toEqual({ like: 2, thanks: 1, insightful: 0 });
    expect(thanks.data.post.myReactions?.sort()).toEqual(['like', 'thanks']);
    const who = await new Client(app).get<{ items: { kind: string; user: { username: string } }[] }>(`/api/posts/${post.id}/reactions`);
    expect(who.statusCode).toBe(200);
    expect(who.data.items.map((i) => [i.kind, i.user.username])).toEqual([
      ['like', bob.user.username], ['like', alice.user.username], ['thanks', bob.user.username],
    ]);
    const removed = await bob.client.delete<{ post: PostView }>(`/api/posts/${post.id}/reactions/like`);
    expect(removed.statusCode).toBe(200);
    expect(removed.data.post.reactions).toEqual({ like: 1, thanks: 1, insightful: 0 });
    const removedAgain = await bob.client.delete<{ post: PostView }>(`/api/posts/${post.id}/reactions/like`);
    expect(removedAgain.statusCode).toBe(200);
    expect(removedAgain.data.post.myReactions).toEqual(['thanks']);
    const seen = await new Client(app).get<{ post: PostView }>(`/api/posts/${post.id}`);
    expect(seen.data.post.reactions).toEqual({ like: 1, thanks: 1, insightful: 0 });
  });

  it('refuses unknown kinds (400), anonymous users (401) and unknown posts (404)', async () => {
    const { post } = await createTopic(alice.client, 'qunzhong');
    const bad = await bob.client.put(`/api/posts/${post.id}/reactions/love`);
    expect(bad.statusCode).toBe(400);
    expect(bad.data).toMatchObject({ code: 'VALIDATION', field: 'kind' });
    expect((await new Client(app).put(`/api/posts/${post.id}/reactions/like`)).statusCode).toBe(401);
    expect((await new Client(app).delete(`/api/posts/${post.id}/reactions/like`)).statusCode).toBe(401);
    expect((await bob.client.put('/api/posts/99999999/reactions/like')).statusCode).toBe(404);
    expect((await new Client(app).get('/api/posts/99999999/reactions')).statusCode).toBe(404);
  });
});

describe('POST /api/preview', () => {
  it('renders markdown with the stored-post renderer and lists mentions', async () => {
    const res = await alice.client.post<{ html: string; mentions: string[] }>('/api/preview', {
      body: `> 引用\n\n**粗体** @${bob.user.username} <script>alert(1)</script>`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.data.html).toContain('<blockquote>');
    expect(res.data.html).toContain('<strong>粗体</strong>');
    expect(res.data.html).not.toContain('<script>');
    expect(res.data.mentions).toEqual([bob.user.username.toLowerCase()]);
    expect((await alice.client.post<{ html: string }>('/api/preview', { body: '' })).data.html).toBe('');
  });

  it('refuses anonymous users (401) and bad bodies (400)', async () => {
    expect((await new Client(app).post('/api/preview', { body: 'x' })).statusCode).toBe(401);
    for (const body of [{}, { body: 5 }, { body: 'x'.repeat(50_001) }]) {
      const res = await alice.client.post('/api/preview', body);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field: 'body' });
    }
  });
});

describe('hidden posts', () => {
  it('show body and html only to their author and moderators, wherever posts appear', async () => {
    const { topic, post: first } = await createTopic(alice.client, 'qunzhong', { title: '隐藏测试', body: '开头帖子' });
    const secret = `隐秘${Date.now().toString(36)}`;
    const reply = await createReply(alice.client, topic.id, { body: `不该看到 ${secret}` });
    const answer = await createReply(bob.client, topic.id, { parentId: reply.id, body: '回复隐藏帖' });
    await app.db.update(posts).set({ hidden: true }).where(eq(posts.id, reply.id));
    await app.db.update(posts).set({ hidden: true }).where(eq(posts.id, first.id));

    const anonymous = new Client(app);
    const views: { who: string; client: Client; sees: boolean }[] = [
      { who: 'anonymous', client: anonymous, sees: false },
      { who: 'other member', client: bob.client, sees: false },
      { who: 'author', client: alice.client, sees: true },
      { who: 'moderator', client: moderator.client, sees: true },
    ];
    for (const { client, sees } of views) {
      const check = (p: PostView | undefined) => {
        expect(p).toBeDefined();
        expect(p?.hidden).toBe(true);
        if (sees) {
          expect(p?.body).toContain(secret);
          expect(p?.html).toContain(secret);
        } else {
          expect(p?.body).toBeNull();
          expect(p?.html).toBeNull();
        }
      };
      const single = await client.get<{ post: PostView }>(`/api/posts/${reply.id}`);
      check(single.data.post);
      const page = await client.get<{ topic: TopicView; posts: Page<PostView> }>(`/api/topics/${topic.id}`);
      check(page.data.posts.items.find((p) => p.id === reply.id));
      expect(page.data.topic.excerpt === null).toBe(!sees);
      const tree = await client.get<Page<PostView>>(`/api/topics/${topic.id}/tree`);
      check(tree.data.items.find((p) => p.id === reply.id));
      expect(tree.data.items.find((p) => p.id === answer.id)?.body).toBe('回复隐藏帖');
      const profile = await client.get<{ recentPosts: PostView[] }>(`/api/users/${alice.user.username}/profile`);
      check(profile.data.recentPosts.find((p) => p.id === reply.id));
      const revisions = await client.get(`/api/posts/${reply.id}/revisions`);
      expect(revisions.statusCode).toBe(sees ? 200 : 403);
      const found = await client.get<Page<{ postId: number; snippet: string }>>(`/api/search?q=${encodeURIComponent(secret)}`);
      expect(found.data.items.map((i) => i.postId)).toEqual(sees ? [reply.id] : []);
      const board = await client.get<Page<TopicView>>('/api/boards/qunzhong/topics?limit=100');
      const listed = board.data.items.find((t) => t.id === topic.id);
      expect(listed?.excerpt === null).toBe(!sees);
    }
    // Reacting to a post one cannot read is refused.
    expect((await bob.client.put(`/api/posts/${reply.id}/reactions/like`)).statusCode).toBe(403);
  });
});

describe('POST /api/topics/:id/posts with the topic read in the session lookup', () => {
  it('refuses a reply by an ended session at once, and writes nothing', async () => {
    const member = await registerUser(app);
    const { topic } = await createTopic(alice.client, 'qunzhong', { body: '会话结束后' });
    const stale = new Client(app);
    stale.cookie = member.client.cookie;
    stale.csrfToken = member.client.csrfToken;
    expect((await member.client.post('/api/auth/logout')).statusCode).toBe(204);
    const refused = await stale.post(`/api/topics/${topic.id}/posts`, { body: '不该写进去' });
    expect(refused.statusCode).toBe(401);
    const [row] = await app.db.select({ postCount: topics.postCount }).from(topics).where(eq(topics.id, topic.id));
    expect(row?.postCount).toBe(1);
  });

  it('reads the session as the plain lookup does: an hour-old session has its expiry pushed forward, a moderator may reply in a locked topic', async () => {
    const member = await registerUser(app);
    const { topic } = await createTopic(alice.client, 'qunzhong', { body: '会话续期' });
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const soon = new Date(Date.now() + 60_000);
    const [session] = await app.db.update(sessions).set({ lastSeenAt: twoHoursAgo, expiresAt: soon }).where(eq(sessions.userId, member.user.id)).returning();
    expect(session).toBeDefined();
    expect((await member.client.post(`/api/topics/${topic.id}/posts`, { body: '续期了' })).statusCode).toBe(201);
    const [after] = await app.db.select().from(sessions).where(eq(sessions.id, session!.id));
    expect(after!.lastSeenAt.getTime()).toBeGreaterThan(twoHoursAgo.getTime() + 3_600_000);
    expect(after!.expiresAt.getTime()).toBeGreaterThan(soon.getTime() + 86_400_000);

    await app.db.update(topics).set({ locked: true, lockReason: '已结束' }).where(eq(topics.id, topic.id));
    expect((await bob.client.post(`/api/topics/${topic.id}/posts`, { body: '锁了' })).statusCode).toBe(423);
    expect((await moderator.client.post(`/api/topics/${topic.id}/posts`, { body: '版主可以' })).statusCode).toBe(201);
  });

  it('answers 404 for a missing topic, 400 for a malformed id and 403 without the CSRF header, as before', async () => {
    expect((await bob.client.post('/api/topics/99999999/posts', { body: '没有这个主题' })).statusCode).toBe(404);
    expect((await bob.client.post('/api/topics/0/posts', { body: '坏的编号' })).data).toMatchObject({ code: 'VALIDATION', field: 'id' });
    expect((await bob.client.post('/api/topics/99999999999/posts', { body: '太大的编号' })).data).toMatchObject({ code: 'VALIDATION', field: 'id' });
    const { topic } = await createTopic(alice.client, 'qunzhong');
    const noCsrf = await bob.client.post(`/api/topics/${topic.id}/posts`, { body: '没有令牌' }, { noCsrf: true });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.data).toMatchObject({ code: 'CSRF' });
  });

  it('answers the same reply to a session and to a personal API token (which reads the topic apart)', async () => {
    const { topic } = await createTopic(alice.client, 'qunzhong', { body: '两种登录' });
    const token = await bob.client.post<{ secret: string }>('/api/tokens', { name: 'replies' });
    const script = new Client(app);
    script.bearer = token.data.secret;
    const bySession = await bob.client.post<{ post: PostView }>(`/api/topics/${topic.id}/posts`, { body: '用会话回复' });
    const byToken = await script.post<{ post: PostView }>(`/api/topics/${topic.id}/posts`, { body: '用令牌回复' });
    expect(bySession.statusCode).toBe(201);
    expect(byToken.statusCode).toBe(201);
    const shape = (p: PostView) => ({ ...p, id: 0, body: '', html: '', createdAt: '' });
    expect(shape(byToken.data.post)).toEqual(shape(bySession.data.post));
    const [row] = await app.db.select({ postCount: topics.postCount }).from(topics).where(eq(topics.id, topic.id));
    expect(row?.postCount).toBe(3);
  });
});
