import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import { users } from '../../server/db/schema';
import type { UserView } from '../../server/presenters/user.presenter';
import type { AppealView, ModLogView, QueueItemView } from '../../server/presenters/moderation.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';
import type { PostView } from '../../server/presenters/post.presenter';

let app: FastifyInstance;
let admin: Client;
let mod: SignedInUser;
let mod2: SignedInUser;
let boardSlug: string;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  mod = await registerUser(app, { roles: ['moderator'] });
  mod2 = await registerUser(app, { roles: ['moderator'] });
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('POST /api/users/:id/silence', () => {
  it('stops writing with 403 SILENCED naming the end time, keeps reading, and DELETE lifts it', async () => {
    const member = await registerUser(app);
    const { post } = await createTopic(member.client, boardSlug);
    const until = inAnHour();
    const res = await mod.client.post<{ user: UserView }>(`/api/users/${member.user.id}/silence`, { until, reason: '刷屏' });
    expect(res.statusCode).toBe(200);
    expect(res.data.user.silencedUntil).toBe(until);
    for (const attempt of [
      member.client.post(`/api/boards/${boardSlug}/topics`, { title: '标题', body: '正文' }),
      member.client.post(`/api/topics/${post.topicId}/posts`, { body: '回复' }),
      member.client.patch(`/api/posts/${post.id}`, { body: '改' }),
      member.client.put(`/api/posts/${post.id}/reactions/like`),
    ]) {
      const refused = await attempt;
      expect(refused.statusCode).toBe(403);
      expect(refused.data).toMatchObject({ code: 'SILENCED' });
      expect(String(refused.data.message)).toContain(until);
    }
    expect((await member.client.get(`/api/posts/${post.id}`)).statusCode).toBe(200);
    const notes = await member.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(notes.data.items.find((n) => n.type === 'user_silenced')?.data).toMatchObject({ until, note: '刷屏' });
    const lifted = await mod.client.delete<{ user: UserView }>(`/api/users/${member.user.id}/silence`);
    expect(lifted.data.user.silencedUntil).toBeNull();
    expect((await member.client.post(`/api/topics/${post.topicId}/posts`, { body: '又能说了' })).statusCode).toBe(201);
  });

  it('ends by itself when its time has passed', async () => {
    const member = await registerUser(app);
    await mod.client.post(`/api/users/${member.user.id}/silence`, { until: inAnHour(), reason: '测试' });
    // The clock moves on: the stored end time is now in the past.
    await app.db.update(users).set({ silencedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, member.user.id));
    expect((await member.client.post(`/api/boards/${boardSlug}/topics`, { title: '时间到', body: '正文' })).statusCode).toBe(201);
    expect((await member.client.get<{ user: UserView }>('/api/me')).data.user.silencedUntil).toBeNull();
  });

  it('refuses members, oneself, admins, fellow moderators (unless an admin acts), a past or far time and a blank reason', async () => {
    const member = await registerUser(app);
    expect((await member.client.post(`/api/users/${mod.user.id}/silence`, { until: inAnHour(), reason: 'x' })).statusCode).toBe(403);
    expect((await new Client(app).post(`/api/users/${member.user.id}/silence`, { until: inAnHour(), reason: 'x' })).statusCode).toBe(401);
    expect((await mod.client.post(`/api/users/${mod.user.id}/silence`, { until: inAnHour(), reason: 'x' })).statusCode).toBe(403);
    expect((await mod.client.post(`/api/users/${mod2.user.id}/silence`, { until: inAnHour(), reason: 'x' })).statusCode).toBe(403);
    const me = await admin.get<{ user: UserView }>('/api/me');
    expect((await mod.client.post(`/api/users/${me.data.user.id}/silence`, { until: inAnHour(), reason: 'x' })).statusCode).toBe(403);
    expect((await admin.post(`/api/users/${mod2.user.id}/silence`, { until: inAnHour(), reason: '管理员处理' })).statusCode).toBe(200);
    await admin.delete(`/api/users/${mod2.user.id}/silence`);
    expect((await mod.client.post(`/api/users/${member.user.id}/silence`, { until: '2020-01-01T00:00:00Z', reason: 'x' })).data).toMatchObject({ field: 'until' });
    expect((await mod.client.post(`/api/users/${member.user.id}/silence`, { until: '9999-01-01T00:00:00Z', reason: 'x' })).statusCode).toBe(400);
    expect((await mod.client.post(`/api/users/${member.user.id}/silence`, { until: 'tomorrow', reason: 'x' })).statusCode).toBe(400);
    expect((await mod.client.post(`/api/users/${member.user.id}/silence`, { until: inAnHour(), reason: '' })).statusCode).toBe(400);
    expect((await mod.client.post(`/api/users/2147483000/silence`, { until: inAnHour(), reason: 'x' })).statusCode).toBe(404);
  });
});

describe('POST /api/users/:id/suspend', () => {
  it('ends every session and token at once and refuses sign-in with 403 SUSPENDED, the end time and the reason', async () => {
    const member = await registerUser(app);
    const token = await member.client.post<{ secret: string }>('/api/tokens', { name: '脚本' });
    const until = inAnHour();
    const res = await mod.client.post<{ user: UserView }>(`/api/users/${member.user.id}/suspend`, { until, reason: '发布违法信息' });
    expect(res.data.user.suspendedUntil).toBe(until);
    expect((await member.client.get('/api/me')).statusCode).toBe(401);
    const bearer = new Client(app);
    bearer.bearer = token.data.secret;
    expect((await bearer.get('/api/me')).statusCode).toBe(401);
    const login = await new Client(app).post('/api/auth/login', { username: member.user.username, password: member.password });
    expect(login.statusCode).toBe(403);
    expect(login.data).toMatchObject({ code: 'SUSPENDED' });
    expect(String(login.data.message)).toContain(until);
    expect(String(login.data.message)).toContain('发布违法信息');
    // Ends by itself: a time in the past lets them in again.
    await app.db.update(users).set({ suspendedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, member.user.id));
    expect((await new Client(app).post('/api/auth/login', { username: member.user.username, password: member.password })).statusCode).toBe(200);
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?targetUserId=${member.user.id}&action=suspend`);
    expect(log.data.items[0]).toMatchObject({ note: '发布违法信息', after: { suspendedUntil: until } });
  });

  it('lets DELETE lift a suspension, and refuses members', async () => {
    const member = await registerUser(app);
    await mod.client.post(`/api/users/${member.user.id}/suspend`, { until: inAnHour(), reason: 'x' });
    expect((await member.client.delete(`/api/users/${member.user.id}/suspend`)).statusCode).toBe(401);
    const other = await registerUser(app);
    expect((await other.client.delete(`/api/users/${member.user.id}/suspend`)).statusCode).toBe(403);
    expect((await mod.client.delete<{ user: UserView }>(`/api/users/${member.user.id}/suspend`)).data.user.suspendedUntil).toBeNull();
    expect((await new Client(app).post('/api/auth/login', { username: member.user.username, password: member.password })).statusCode).toBe(200);
  });
});

describe('POST /api/appeals', () => {
  it('lets the member appeal a hide once; another moderator overturns it, the post returns and the member sees the outcome', async () => {
    const member = await registerUser(app);
    const { post } = await createTopic(member.client, boardSlug, { body: '被隐藏的帖子' });
    await mod.client.post(`/api/posts/${post.id}/hide`, { note: '误判' });
    const notes = await member.client.get<{ items: NotificationView[] }>('/api/notifications');
    const logId = notes.data.items.find((n) => n.type === 'post_hidden')?.data?.modLogId ?? 0;
    const other = await registerUser(app);
    expect((await other.client.post('/api/appeals', { action: logId, text: '不是我的' })).statusCode).toBe(403);
    expect((await member.client.post('/api/appeals', { action: logId, text: '' })).statusCode).toBe(400);
    expect((await member.client.post('/api/appeals', { action: 2147483000, text: '申诉' })).statusCode).toBe(404);
    expect((await new Client(app).post('/api/appeals', { action: logId, text: '申诉' })).statusCode).toBe(401);
    const appeal = await member.client.post<{ appeal: AppealView }>('/api/appeals', { action: logId, text: '这是正常内容' });
    expect(appeal.statusCode).toBe(201);
    expect(appeal.data.appeal).toMatchObject({ status: 'open', action: { id: logId, action: 'hide' } });
    const twice = await member.client.post('/api/appeals', { action: logId, text: '再申诉' });
    expect(twice.statusCode).toBe(409);
    expect(twice.data).toMatchObject({ code: 'ALREADY_APPEALED' });
    const queue = await mod2.client.get<{ items: QueueItemView[] }>('/api/mod/queue?type=appeal&limit=100');
    const item = queue.data.items.find((i) => i.appeal?.id === appeal.data.appeal.id);
    expect(item).toMatchObject({ author: { id: member.user.id }, appeal: { text: '这是正常内容' } });
    // The moderator who acted may not decide it.
    expect((await mod.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'overturn' })).statusCode).toBe(403);
    expect((await mod2.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'dismiss' })).statusCode).toBe(400);
    expect((await mod2.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'overturn', note: '内容正常' })).statusCode).toBe(200);
    expect((await other.client.get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post).toMatchObject({ hidden: false, body: '被隐藏的帖子' });
    const mine = await member.client.get<{ items: AppealView[] }>('/api/appeals/mine');
    expect(mine.data.items[0]).toMatchObject({ status: 'overturned', decisionNote: '内容正常' });
    const told = await member.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(told.data.items.find((n) => n.type === 'appeal_decided')?.data).toMatchObject({ outcome: 'overturned', note: '内容正常' });
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?action=overturn&targetUserId=${member.user.id}`);
    expect(log.data.items[0]).toMatchObject({ moderator: { id: mod2.user.id }, targetType: 'appeal' });
  });

  it('lets a silenced member appeal; upholding keeps the silence', async () => {
    const member = await registerUser(app);
    await mod.client.post(`/api/users/${member.user.id}/silence`, { until: inAnHour(), reason: '刷屏' });
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?action=silence&targetUserId=${member.user.id}`);
    const appeal = await member.client.post<{ appeal: AppealView }>('/api/appeals', { action: log.data.items[0]?.id, text: '我没有刷屏' });
    expect(appeal.statusCode).toBe(201);
    const queue = await mod2.client.get<{ items: QueueItemView[] }>('/api/mod/queue?type=appeal&limit=100');
    const item = queue.data.items.find((i) => i.appeal?.id === appeal.data.appeal.id);
    await mod2.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'uphold', note: '维持' });
    expect((await member.client.get<{ items: AppealView[] }>('/api/appeals/mine')).data.items[0]?.status).toBe('upheld');
    expect((await member.client.get<{ user: UserView }>('/api/me')).data.user.silencedUntil).not.toBeNull();
    expect((await new Client(app).get('/api/appeals/mine')).statusCode).toBe(401);
  });

  it('lists the actions a member may still appeal: not yet appealed, still in force, only their own', async () => {
    const member = await registerUser(app);
    const bystander = await registerUser(app);
    const first = await createTopic(member.client, boardSlug, { body: '第一篇被隐藏' });
    const second = await createTopic(member.client, boardSlug, { body: '第二篇被隐藏后又恢复' });
    await mod.client.post(`/api/posts/${first.post.id}/hide`, { note: '待核' });
    await mod.client.post(`/api/posts/${second.post.id}/hide`, { note: '误判' });
    await mod.client.post(`/api/posts/${second.post.id}/unhide`, {});
    type Mine = { items: AppealView[]; appealable: ModLogView[] };
    const before = await member.client.get<Mine>('/api/appeals/mine');
    expect(before.statusCode).toBe(200);
    // The post shown again has nothing left to appeal; the one still hidden is listed.
    expect(before.data.appealable.map((a) => [a.action, a.targetId])).toEqual([['hide', first.post.id]]);
    // It names the post by its topic's title, for the member to know which.
    expect((before.data.appealable[0] as ModLogView & { subject: unknown }).subject).toEqual({ postId: first.post.id, topicId: first.topic.id, title: first.topic.title });
    expect((await bystander.client.get<Mine>('/api/appeals/mine')).data.appealable).toEqual([]);
    const logId = before.data.appealable[0]?.id ?? 0;
    expect((await member.client.post('/api/appeals', { action: logId, text: '请复核' })).statusCode).toBe(201);
    const after = await member.client.get<Mine>('/api/appeals/mine');
    expect(after.data.appealable).toEqual([]);
    expect(after.data.items.map((a) => a.action.id)).toEqual([logId]);
    await mod.client.post(`/api/users/${member.user.id}/silence`, { until: inAnHour(), reason: '刷屏' });
    const silenced = await member.client.get<Mine>('/api/appeals/mine');
    expect(silenced.data.appealable.map((a) => [a.action, (a as ModLogView & { subject: unknown }).subject])).toEqual([['silence', null]]);
    await mod.client.delete(`/api/users/${member.user.id}/silence`);
    expect((await member.client.get<Mine>('/api/appeals/mine')).data.appealable).toEqual([]);
  });
});
