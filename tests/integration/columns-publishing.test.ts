import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard, uniqueSlug } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { memberOf } from '../factories/campaign.factory';
import { publishDueEditions } from '../../server/services/columns/edition.service';
import type { ColumnChangedView, ColumnView, EditionLogView, EditionView, UsedInView } from '../../server/presenters/column.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';
import type { ProfileView } from '../../server/presenters/profile.presenter';
import type { TopicPageView, TopicView } from '../../server/presenters/topic.presenter';

/*
 * Publishing media column editions (issue 12): the state machine and its log, the authors'
 * credit delivered live, `column:changed`, the scheduler on an injected clock (the tests move
 * the clock and run a round; nothing sleeps), and `usedIn` on the topic and the profile.
 */

let app: FastifyInstance;
let baseUrl: string;
let admin: Client;
let editor: SignedInUser;
let otherEditor: SignedInUser;
let member: SignedInUser;
let author: SignedInUser;
let author2: SignedInUser;
let mod: SignedInUser;
let boardSlug: string;
/** The app's clock: tests move it forward. */
let now = new Date();
const anonymous = () => new Client(app);
const HOUR = 3_600_000;

beforeAll(async () => {
  // The scheduler's own timer is far off (an hour): the tests run its rounds themselves.
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', COLUMN_SCHEDULER_INTERVAL_MS: String(HOUR) }, { clock: () => now });
  baseUrl = await listen(app);
  admin = await signInAdmin(app);
  editor = await memberOf(app, null, ['editor']);
  otherEditor = await memberOf(app, null, ['editor']);
  member = await memberOf(app, null);
  author = await memberOf(app, null);
  author2 = await memberOf(app, null);
  mod = await memberOf(app, null, ['moderator']);
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

function expectError(res: { statusCode: number; data: unknown }, status: number, code: string): void {
  expect(res.statusCode).toBe(status);
  expect(res.data).toMatchObject({ statusCode: status, code, error: expect.any(String), message: expect.any(String) });
}

async function makeColumn(name = '走基层'): Promise<ColumnView> {
  const res = await editor.client.post<{ column: ColumnView }>('/api/columns', { slug: uniqueSlug('p').slice(0, 40), name, outlet: 'newspaper', outletName: '《衢州日报》' });
  if (res.statusCode !== 201) throw new Error(`column failed: ${res.statusCode} ${res.body}`);
  return res.data.column;
}

/** A column with a draft edition holding the given posts. */
async function editionWith(postIds: number[], column?: ColumnView): Promise<{ column: ColumnView; edition: EditionView }> {
  const col = column ?? (await makeColumn());
  const res = await editor.client.post<{ edition: EditionView }>(`/api/columns/${col.slug}/editions`, { title: '村里的变化', note: '编者按' });
  if (res.statusCode !== 201) throw new Error(`edition failed: ${res.statusCode} ${res.body}`);
  for (const postId of postIds) {
    const added = await editor.client.post(`/api/editions/${res.data.edition.id}/items`, { postId, note: '好稿' });
    if (added.statusCode !== 201) throw new Error(`item failed: ${added.statusCode} ${added.body}`);
  }
  return { column: col, edition: res.data.edition };
}

async function note(by: SignedInUser = author, body?: string): Promise<{ topic: TopicView; postId: number }> {
  const { topic, post } = await createTopic(by.client, boardSlug, { kind: 'field_note', ...(body ? { body } : {}) });
  return { topic, postId: post.id };
}

async function publish(editionId: number, client: Client = editor.client): Promise<EditionView> {
  const res = await client.post<{ edition: EditionView }>(`/api/editions/${editionId}/publish`, {});
  if (res.statusCode !== 200) throw new Error(`publish failed: ${res.statusCode} ${res.body}`);
  return res.data.edition;
}

async function logOf(editionId: number): Promise<EditionLogView[]> {
  return (await editor.client.get<{ items: EditionLogView[] }>(`/api/editions/${editionId}/log`)).data.items;
}

async function usedNotes(user: SignedInUser, editionId: number): Promise<NotificationView[]> {
  const res = await user.client.get<{ items: NotificationView[] }>('/api/notifications?limit=100');
  return res.data.items.filter((n) => n.type === 'post_used' && n.data?.editionId === editionId);
}

describe('POST /api/editions/:id/publish', () => {
  it('publishes an edition now, logs it, tells each author live (post_used through the user room) and tells the column\'s room', async () => {
    const a = await note(author, '第一篇的正文');
    const b = await note(author2);
    const { column, edition } = await editionWith([a.postId, b.postId]);
    const authorSocket = await connectSocket(baseUrl, author.client.cookie);
    const reader = await connectSocket(baseUrl);
    try {
      expect((await reader.subscribe(`column:${column.id}`)).ok).toBe(true);
      const published = await publish(edition.id);
      expect(published).toMatchObject({ id: edition.id, state: 'published', publishedAt: now.toISOString(), publishAt: null, itemCount: 2 });
      const live = (await authorSocket.waitFor('notification', (p) => (p as WireEvent<NotificationView>).data.type === 'post_used')) as WireEvent<NotificationView>;
      expect(live.room).toBe(`user:${author.user.id}`);
      expect(live.data).toMatchObject({
        postId: a.postId, topicId: a.topic.id, actor: { id: editor.user.id },
        data: { columnSlug: column.slug, columnName: '走基层', outletName: '《衢州日报》', editionId: edition.id, editionNumber: 1, editionTitle: '村里的变化' },
      });
      expect(JSON.stringify(live.data)).not.toContain('第一篇的正文');
      const changed = (await reader.waitFor('column:changed')) as WireEvent<ColumnChangedView>;
      expect(changed).toMatchObject({ room: `column:${column.id}`, data: { columnSlug: column.slug, editionId: edition.id, state: 'published' } });
    } finally {
      authorSocket.close();
      reader.close();
    }
    expect(await usedNotes(author, edition.id)).toHaveLength(1);
    const second = await usedNotes(author2, edition.id);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ postId: b.postId, data: { outletName: '《衢州日报》', editionNumber: 1 } });
    const log = await logOf(edition.id);
    expect(log.map((l) => [l.action, l.actor?.id, l.reason])).toEqual([['publish', editor.user.id, null]]);
  });

  it('refuses an empty edition (409 EDITION_EMPTY) and an edition already out (409 EDITION_STATE), and outsiders (403/401)', async () => {
    const { edition: empty } = await editionWith([]);
    expectError(await editor.client.post(`/api/editions/${empty.id}/publish`, {}), 409, 'EDITION_EMPTY');
    const { edition } = await editionWith([(await note()).postId]);
    expectError(await otherEditor.client.post(`/api/editions/${edition.id}/publish`, {}), 403, 'FORBIDDEN');
    expectError(await member.client.post(`/api/editions/${edition.id}/publish`, {}), 403, 'FORBIDDEN');
    expectError(await mod.client.post(`/api/editions/${edition.id}/publish`, {}), 403, 'FORBIDDEN');
    expectError(await anonymous().post(`/api/editions/${edition.id}/publish`, {}), 401, 'UNAUTHENTICATED');
    expectError(await editor.client.post(`/api/editions/${edition.id}/publish`, {}, { noCsrf: true }), 403, 'CSRF');
    await publish(edition.id, admin);
    expectError(await editor.client.post(`/api/editions/${edition.id}/publish`, {}), 409, 'EDITION_STATE');
    expectError(await editor.client.post('/api/editions/2000000000/publish', {}), 404, 'NOT_FOUND');
  });

  it('does not tell an editor of their own post, nor the author of a post hidden since it was added', async () => {
    const own = await note(editor);
    const hidden = await note(author2, '隐藏的正文内容');
    const { edition } = await editionWith([own.postId, hidden.postId]);
    expect((await mod.client.post(`/api/posts/${hidden.postId}/hide`, {})).statusCode).toBe(200);
    await publish(edition.id);
    expect(await usedNotes(editor, edition.id)).toEqual([]);
    expect(await usedNotes(author2, edition.id)).toEqual([]);
  });

  it('fixes a published edition\'s items (409 EDITION_STATE) until it is taken back', async () => {
    const { edition } = await editionWith([(await note()).postId]);
    await publish(edition.id);
    const other = await note();
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId: other.postId }), 409, 'EDITION_STATE');
    expect((await editor.client.post(`/api/editions/${edition.id}/unpublish`, { reason: '补稿' })).statusCode).toBe(200);
    expect((await editor.client.post(`/api/editions/${edition.id}/items`, { postId: other.postId })).statusCode).toBe(201);
  });
});

describe('the column:<id> room', () => {
  it('lets anyone follow an existing column\'s room and refuses an unknown or malformed one', async () => {
    const column = await makeColumn();
    const reader = await connectSocket(baseUrl);
    try {
      expect((await reader.subscribe(`column:${column.id}`)).ok).toBe(true);
      expect((await reader.subscribe('column:2000000000')).ok).toBe(false);
      expect((await reader.subscribe('column:abc')).ok).toBe(false);
      expect((await reader.subscribe('column:99999999999')).ok).toBe(false);
    } finally {
      reader.close();
    }
  });
});

describe('POST /api/editions/:id/unpublish', () => {
  it('takes a published edition back to draft with its reason, logged, tells the column\'s room, and a republication tells no author twice', async () => {
    const a = await note();
    const { column, edition } = await editionWith([a.postId]);
    await publish(edition.id);
    const reader = await connectSocket(baseUrl);
    try {
      expect((await reader.subscribe(`column:${column.id}`)).ok).toBe(true);
      const res = await editor.client.post<{ edition: EditionView }>(`/api/editions/${edition.id}/unpublish`, { reason: '  发现事实错误  ' });
      expect(res.statusCode).toBe(200);
      expect(res.data.edition).toMatchObject({ state: 'draft', publishAt: null });
      const changed = (await reader.waitFor('column:changed')) as WireEvent<ColumnChangedView>;
      expect(changed.data).toEqual({ columnSlug: column.slug, editionId: edition.id, state: 'draft' });
    } finally {
      reader.close();
    }
    await publish(edition.id);
    expect(await usedNotes(author, edition.id)).toHaveLength(1);
    const log = await logOf(edition.id);
    expect(log.map((l) => [l.action, l.reason])).toEqual([['publish', null], ['unpublish', '发现事实错误'], ['publish', null]]);
  });

  it('needs a reason (400), refuses a draft (409 EDITION_STATE) and outsiders (403/401)', async () => {
    const { edition } = await editionWith([(await note()).postId]);
    expectError(await editor.client.post(`/api/editions/${edition.id}/unpublish`, { reason: '撤回' }), 409, 'EDITION_STATE');
    await publish(edition.id);
    expectError(await editor.client.post(`/api/editions/${edition.id}/unpublish`, {}), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/editions/${edition.id}/unpublish`, { reason: '   ' }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/editions/${edition.id}/unpublish`, { reason: '原因\u0000' }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/editions/${edition.id}/unpublish`, { reason: '因'.repeat(60_000) }), 400, 'VALIDATION');
    expectError(await otherEditor.client.post(`/api/editions/${edition.id}/unpublish`, { reason: '抢' }), 403, 'FORBIDDEN');
    expectError(await member.client.post(`/api/editions/${edition.id}/unpublish`, { reason: '抢' }), 403, 'FORBIDDEN');
    expectError(await anonymous().post(`/api/editions/${edition.id}/unpublish`, { reason: '抢' }), 401, 'UNAUTHENTICATED');
    expect((await admin.post(`/api/editions/${edition.id}/unpublish`, { reason: '管理员撤回' })).statusCode).toBe(200);
  });
});

describe('POST /api/editions/:id/schedule and the scheduler', () => {
  it('schedules an edition, leaves it until it is due, then one scheduler round publishes it at its time, logged and credited', async () => {
    now = new Date();
    const a = await note();
    const { column, edition } = await editionWith([a.postId]);
    const publishAt = new Date(now.getTime() + 2 * HOUR);
    const res = await editor.client.post<{ edition: EditionView }>(`/api/editions/${edition.id}/schedule`, { publishAt: publishAt.toISOString() });
    expect(res.statusCode).toBe(200);
    expect(res.data.edition).toMatchObject({ state: 'scheduled', publishAt: publishAt.toISOString(), publishedAt: null });
    now = new Date(publishAt.getTime() - 60_000);
    expect(await app.columns.publishDue()).not.toContain(edition.id);
    expectError(await anonymous().get(`/api/columns/${column.slug}`), 404, 'NOT_FOUND');
    const authorSocket = await connectSocket(baseUrl, author.client.cookie);
    try {
      now = new Date(publishAt.getTime() + 5 * 60_000);
      expect(await app.columns.publishDue()).toContain(edition.id);
      const live = (await authorSocket.waitFor('notification', (p) => (p as WireEvent<NotificationView>).data.data?.editionId === edition.id)) as WireEvent<NotificationView>;
      expect(live.data).toMatchObject({ type: 'post_used', postId: a.postId, actor: null });
    } finally {
      authorSocket.close();
    }
    const read = await editor.client.get<{ edition: EditionView }>(`/api/editions/${edition.id}`);
    expect(read.data.edition).toMatchObject({ state: 'published', publishedAt: publishAt.toISOString(), publishAt: null });
    expect((await logOf(edition.id)).map((l) => [l.action, l.actor?.id ?? null])).toEqual([['schedule', editor.user.id], ['publish', null]]);
    expect(await app.columns.publishDue()).not.toContain(edition.id);
    expect(await usedNotes(author, edition.id)).toHaveLength(1);
    const pub = await anonymous().get<{ editions: EditionView[] }>(`/api/columns/${column.slug}`);
    expect(pub.data.editions.map((e) => e.id)).toEqual([edition.id]);
    now = new Date();
  });

  it('publishes a due edition once when two scheduler rounds run at the same time (as two processes would)', async () => {
    now = new Date();
    const a = await note();
    const { edition } = await editionWith([a.postId]);
    const publishAt = new Date(now.getTime() + HOUR);
    expect((await editor.client.post(`/api/editions/${edition.id}/schedule`, { publishAt: publishAt.toISOString() })).statusCode).toBe(200);
    const due = new Date(publishAt.getTime() + 1000);
    const [first, second] = await Promise.all([publishDueEditions(app.ctx, due), publishDueEditions(app.ctx, due)]);
    expect([...first, ...second].filter((id) => id === edition.id)).toHaveLength(1);
    expect(await usedNotes(author, edition.id)).toHaveLength(1);
    expect((await logOf(edition.id)).filter((l) => l.action === 'publish')).toHaveLength(1);
  });

  it('takes a scheduled edition back to draft (logged as unschedule), so the scheduler leaves it', async () => {
    now = new Date();
    const { edition } = await editionWith([(await note()).postId]);
    const publishAt = new Date(now.getTime() + HOUR);
    await editor.client.post(`/api/editions/${edition.id}/schedule`, { publishAt: publishAt.toISOString() });
    const back = await editor.client.post<{ edition: EditionView }>(`/api/editions/${edition.id}/unpublish`, { reason: '改期' });
    expect(back.data.edition).toMatchObject({ state: 'draft', publishAt: null });
    expect(await publishDueEditions(app.ctx, new Date(publishAt.getTime() + HOUR))).not.toContain(edition.id);
    expect((await logOf(edition.id)).map((l) => [l.action, l.reason])).toEqual([['schedule', null], ['unschedule', '改期']]);
  });

  it('refuses a time in the past, more than a year ahead, far dates and malformed times (400), an empty or published edition (409), outsiders (403/401)', async () => {
    now = new Date();
    const { edition: empty } = await editionWith([]);
    expectError(await editor.client.post(`/api/editions/${empty.id}/schedule`, { publishAt: new Date(now.getTime() + HOUR).toISOString() }), 409, 'EDITION_EMPTY');
    const { edition } = await editionWith([(await note()).postId]);
    for (const publishAt of [
      new Date(now.getTime() - HOUR).toISOString(), new Date(now.getTime() + 400 * 24 * HOUR).toISOString(), '9999-12-31T00:00:00Z',
      '+275760-09-13T00:00:00Z', 'tomorrow', '2026-13-45T99:00:00Z', '', '2026-12-01T10:00:00Z\u0000',
    ]) {
      expectError(await editor.client.post(`/api/editions/${edition.id}/schedule`, { publishAt }), 400, 'VALIDATION');
    }
    expectError(await editor.client.post(`/api/editions/${edition.id}/schedule`, { publishAt: 1e20 }), 400, 'VALIDATION');
    const soon = { publishAt: new Date(now.getTime() + HOUR).toISOString() };
    expectError(await otherEditor.client.post(`/api/editions/${edition.id}/schedule`, soon), 403, 'FORBIDDEN');
    expectError(await member.client.post(`/api/editions/${edition.id}/schedule`, soon), 403, 'FORBIDDEN');
    expectError(await anonymous().post(`/api/editions/${edition.id}/schedule`, soon), 401, 'UNAUTHENTICATED');
    await publish(edition.id);
    expectError(await editor.client.post(`/api/editions/${edition.id}/schedule`, soon), 409, 'EDITION_STATE');
  });
});

describe('GET /api/editions/:id/log', () => {
  it('is for the column\'s editors and admins only', async () => {
    const { edition } = await editionWith([(await note()).postId]);
    await publish(edition.id);
    expect((await admin.get<{ items: EditionLogView[] }>(`/api/editions/${edition.id}/log`)).data.items).toHaveLength(1);
    expectError(await otherEditor.client.get(`/api/editions/${edition.id}/log`), 403, 'FORBIDDEN');
    expectError(await member.client.get(`/api/editions/${edition.id}/log`), 403, 'FORBIDDEN');
    expectError(await anonymous().get(`/api/editions/${edition.id}/log`), 401, 'UNAUTHENTICATED');
    expectError(await editor.client.get('/api/editions/0/log'), 400, 'VALIDATION');
  });
});

describe('usedIn on the topic and the profile', () => {
  it('appears on the topic answer after publication and leaves after unpublishing, also for a cached anonymous read', async () => {
    const a = await note();
    const reply = await createReply(member.client, a.topic.id, { body: '回复被采用' });
    const { column, edition } = await editionWith([reply.id]);
    const first = await anonymous().get<TopicPageView>(`/api/topics/${a.topic.id}`);
    expect(first.data.usedIn).toEqual([]);
    const etag = String(first.headers.etag);
    // The same answer again, from the cache.
    expect((await anonymous().get(`/api/topics/${a.topic.id}`, { headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const published = await publish(edition.id);
    const after = await anonymous().get<TopicPageView>(`/api/topics/${a.topic.id}`, { headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    const expected: UsedInView = {
      columnSlug: column.slug, columnName: '走基层', outletName: '《衢州日报》', editionNumber: 1, editionTitle: '村里的变化',
      publishedAt: published.publishedAt as string, url: `/columns/${column.slug}/editions/1`,
    };
    expect(after.data.usedIn).toEqual([expected]);
    expect((await member.client.get<TopicPageView>(`/api/topics/${a.topic.id}`)).data.usedIn).toEqual([expected]);
    const profile = await anonymous().get<ProfileView>(`/api/users/${member.user.username}/profile`);
    expect(profile.data.usedIn).toEqual([expected]);
    expect((await anonymous().get<ProfileView>(`/api/users/${author.user.username}/profile`)).data.usedIn).not.toContainEqual(expected);
    await editor.client.post(`/api/editions/${edition.id}/unpublish`, { reason: '撤回' });
    expect((await anonymous().get<TopicPageView>(`/api/topics/${a.topic.id}`)).data.usedIn).toEqual([]);
    expect((await anonymous().get<ProfileView>(`/api/users/${member.user.username}/profile`)).data.usedIn).toEqual([]);
  });

  it('lists each published edition once, newest first, and drops a post once it is hidden', async () => {
    const a = await note();
    const reply = await createReply(author.client, a.topic.id);
    const column = await makeColumn('乡村振兴');
    const { edition: one } = await editionWith([a.postId, reply.id], column);
    now = new Date(Date.now() - HOUR);
    await publish(one.id);
    const { edition: two } = await editionWith([a.postId], column);
    now = new Date();
    await publish(two.id);
    const read = await anonymous().get<TopicPageView>(`/api/topics/${a.topic.id}`);
    expect(read.data.usedIn.map((u) => u.editionNumber)).toEqual([2, 1]);
    expect((await mod.client.post(`/api/posts/${a.postId}/hide`, {})).statusCode).toBe(200);
    const hidden = await anonymous().get<TopicPageView>(`/api/topics/${a.topic.id}`);
    expect(hidden.data.usedIn.map((u) => u.editionNumber)).toEqual([1]);
    expect(hidden.body).not.toContain('测试正文');
  });
});
