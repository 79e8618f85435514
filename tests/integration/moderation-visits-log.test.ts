import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import { modLog } from '../../server/db/schema';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { ModLogView, QueueItemView } from '../../server/presenters/moderation.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';

let app: FastifyInstance;
let baseUrl: string;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let mod: SignedInUser;
let mod2: SignedInUser;
let boardSlug: string;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  baseUrl = await listen(app);
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  mod = await memberOf(app, tree.countyA.id, ['moderator']);
  mod2 = await memberOf(app, tree.countyA.id, ['moderator']);
  campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A member of county A who logged a visit to a new place. */
async function visitor(): Promise<{ member: SignedInUser; visitId: number; placeName: string }> {
  const member = await memberOf(app, tree.countyA.id);
  const place = await makePlace(admin, tree.countyA.id);
  const res = await member.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
  if (res.statusCode !== 201) throw new Error(`visit failed: ${res.statusCode} ${res.body}`);
  return { member, visitId: res.data.visit.id, placeName: place.name };
}

async function claimItem(client: Client, topicId: number): Promise<QueueItemView | undefined> {
  const page = await client.get<{ items: QueueItemView[] }>('/api/mod/queue?type=visit_claim&limit=100');
  return page.data.items.find((i) => i.topic?.id === topicId);
}

describe('visit claims (POST topics with visitId, PUT /api/topics/:id/visit, confirm_visit / reject_visit)', () => {
  it('puts an author\'s claim in the queue as 待核实, and a confirmation shows the visit to a live reader', async () => {
    const { member, visitId, placeName } = await visitor();
    const { topic } = await createTopic(member.client, boardSlug, { kind: 'field_note', visitId, title: '下乡心得' });
    expect(topic).toMatchObject({ visitClaim: 'claimed', visitConfirmed: false, visit: { id: visitId, placeName, visitedOn: today() } });
    const item = await claimItem(mod.client, topic.id);
    expect(item).toMatchObject({ type: 'visit_claim', visit: { id: visitId, placeName, createdBy: { id: member.user.id } }, post: { topicId: topic.id } });
    expect(JSON.stringify(item)).not.toContain('findings');
    // The claimant cannot confirm; a member cannot resolve.
    expect((await member.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'confirm_visit' })).statusCode).toBe(403);
    const reader = await connectSocket(baseUrl);
    try {
      await reader.subscribe(`topic:${topic.id}`);
      const res = await mod.client.post<{ item: QueueItemView }>(`/api/mod/queue/${item?.id}/resolve`, { action: 'confirm_visit' });
      expect(res.statusCode).toBe(200);
      const event = (await reader.waitFor('topic:updated', (p) => (p as WireEvent<TopicView>).data.visitClaim === 'confirmed')) as WireEvent<TopicView>;
      expect(event.data).toMatchObject({ visitConfirmed: true, visit: { placeName } });
    } finally {
      reader.close();
    }
    const page = await new Client(app).get<{ topic: TopicView }>(`/api/topics/${topic.id}`);
    expect(page.data.topic).toMatchObject({ visitClaim: 'confirmed', visitConfirmed: true, visit: { id: visitId } });
    const visit = await mod2.client.get<{ posts: TopicView[] }>(`/api/visits/${visitId}`);
    expect(visit.data.posts.map((t) => t.id)).toEqual([topic.id]);
    const notes = await member.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(notes.data.items.find((n) => n.type === 'visit_confirmed' && n.topicId === topic.id)).toBeDefined();
  });

  it('rejects a claim with a note only the author and moderators see, and a new claim re-opens review', async () => {
    const { member, visitId } = await visitor();
    const { topic } = await createTopic(member.client, boardSlug, { kind: 'editor_diary', visitId });
    const item = await claimItem(mod.client, topic.id);
    await mod.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'reject_visit', note: '走访记录与内容不符' });
    const own = await member.client.get<{ topic: TopicView }>(`/api/topics/${topic.id}`);
    expect(own.data.topic).toMatchObject({ visitClaim: 'rejected', visitReviewNote: '走访记录与内容不符', visit: { id: visitId } });
    const other = await new Client(app).get<{ topic: TopicView }>(`/api/topics/${topic.id}`);
    expect(other.data.topic).toMatchObject({ visitClaim: 'rejected', visitReviewNote: null, visit: null });
    const notes = await member.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(notes.data.items.find((n) => n.type === 'visit_rejected' && n.topicId === topic.id)?.data?.note).toBe('走访记录与内容不符');
    const place = await makePlace(admin, tree.countyA.id);
    const second = await member.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
    const reclaimed = await member.client.put<{ topic: TopicView }>(`/api/topics/${topic.id}/visit`, { visitId: second.data.visit.id });
    expect(reclaimed.statusCode).toBe(200);
    expect(reclaimed.data.topic).toMatchObject({ visitClaim: 'claimed', visitId: second.data.visit.id, visitReviewNote: null });
    expect((await claimItem(mod.client, topic.id))?.visit?.id).toBe(second.data.visit.id);
    const unlinked = await member.client.put<{ topic: TopicView }>(`/api/topics/${topic.id}/visit`, { visitId: null });
    expect(unlinked.data.topic).toMatchObject({ visitClaim: 'none', visitId: null, visit: null });
    expect(await claimItem(mod.client, topic.id)).toBeUndefined();
  });

  it('lets a moderator link someone\'s note that claims nothing, confirmed at once and logged', async () => {
    const { visitId } = await visitor();
    const writer = await memberOf(app, tree.countyB.id);
    const { topic } = await createTopic(writer.client, boardSlug, { kind: 'field_impression' });
    const linked = await mod.client.put<{ topic: TopicView }>(`/api/topics/${topic.id}/visit`, { visitId });
    expect(linked.statusCode).toBe(200);
    expect(linked.data.topic).toMatchObject({ visitClaim: 'confirmed', visitConfirmed: true, visitId });
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?action=link_visit&targetUserId=${writer.user.id}`);
    expect(log.data.items[0]).toMatchObject({ targetType: 'topic', targetId: topic.id, after: { visitId, visitClaim: 'confirmed' } });
  });

  it('treats a moderator\'s claim on their own note as a claim another moderator must confirm', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const visit = await mod.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
    const { topic } = await createTopic(mod.client, boardSlug, { kind: 'field_note', visitId: visit.data.visit.id });
    expect(topic.visitClaim).toBe('claimed');
    const item = await claimItem(mod2.client, topic.id);
    const self = await mod.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'confirm_visit' });
    expect(self.statusCode).toBe(403);
    expect((await mod2.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'confirm_visit' })).statusCode).toBe(200);
  });

  it('refuses wrong roles and bad input on PUT /api/topics/:id/visit', async () => {
    const { member, visitId } = await visitor();
    const stranger = await memberOf(app, tree.countyA.id);
    const { topic } = await createTopic(member.client, boardSlug, { kind: 'field_note' });
    expect((await new Client(app).put(`/api/topics/${topic.id}/visit`, { visitId })).statusCode).toBe(401);
    expect((await stranger.client.put(`/api/topics/${topic.id}/visit`, { visitId })).statusCode).toBe(403);
    expect((await member.client.put(`/api/topics/${topic.id}/visit`, { visitId: 'seven' })).statusCode).toBe(400);
    expect((await member.client.put(`/api/topics/${topic.id}/visit`, {})).statusCode).toBe(400);
    expect((await member.client.put(`/api/topics/${topic.id}/visit`, { visitId: 2147483000 })).data).toMatchObject({ field: 'visitId' });
    const others = await visitor();
    expect((await member.client.put(`/api/topics/${topic.id}/visit`, { visitId: others.visitId })).data).toMatchObject({ code: 'VALIDATION', field: 'visitId' });
    const discussion = await createTopic(member.client, boardSlug);
    expect((await member.client.put(`/api/topics/${discussion.topic.id}/visit`, { visitId })).statusCode).toBe(400);
    expect((await member.client.put('/api/topics/2147483000/visit', { visitId })).statusCode).toBe(404);
  });
});

describe('GET /api/mod/log', () => {
  it('records who did what to which target, filtered by moderator, target user, action and date, newest first', async () => {
    const author = await memberOf(app, tree.countyB.id);
    const { topic, post } = await createTopic(author.client, boardSlug);
    await mod.client.post(`/api/posts/${post.id}/hide`, { note: '理由一' });
    await mod2.client.post(`/api/topics/${topic.id}/lock`, { reason: '理由二' });
    const mine = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?moderatorId=${mod.user.id}&targetUserId=${author.user.id}`);
    expect(mine.data.items.map((r) => [r.action, r.note])).toEqual([['hide', '理由一']]);
    const all = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?targetUserId=${author.user.id}&from=${today()}&to=${today()}`);
    expect(all.data.items.map((r) => r.action)).toEqual(['lock', 'hide']);
    expect(all.data.items[0]).toMatchObject({ moderator: { id: mod2.user.id }, targetUser: { id: author.user.id }, before: { locked: false }, after: { locked: true } });
    const none = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?targetUserId=${author.user.id}&to=2000-01-01`);
    expect(none.data.items).toEqual([]);
    const paged = await mod.client.get<{ items: ModLogView[]; nextCursor: string }>(`/api/mod/log?targetUserId=${author.user.id}&limit=1`);
    const next = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?targetUserId=${author.user.id}&limit=1&cursor=${paged.data.nextCursor}`);
    expect(next.data.items.map((r) => r.action)).toEqual(['hide']);
    for (const q of ['action=destroy', 'from=2026-13-01', 'moderatorId=0', 'cursor=forged', 'to=1800-01-01']) {
      expect((await mod.client.get(`/api/mod/log?${q}`)).statusCode).toBe(400);
    }
  });

  it('exports CSV with a BOM, quoted and formula-safe', async () => {
    const author = await memberOf(app, tree.countyB.id);
    const { post } = await createTopic(author.client, boardSlug);
    await mod.client.post(`/api/posts/${post.id}/hide`, { note: '=HYPERLINK("x")' });
    const res = await mod.client.get(`/api/mod/log.csv?targetUserId=${author.user.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\uFEFF"id","time","moderator","action"')).toBe(true);
    expect(res.body).toContain(`"'=HYPERLINK(""x"")"`);
    expect((await author.client.get('/api/mod/log.csv')).statusCode).toBe(403);
  });

  it('is append-only: no route changes it, and the database refuses UPDATE and DELETE', async () => {
    const [row] = await app.db.select().from(modLog).limit(1);
    expect(row).toBeDefined();
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const res = await admin.request(method, `/api/mod/log/${row?.id}`, method === 'DELETE' ? undefined : { note: 'x' });
      expect(res.statusCode).toBe(404);
    }
    // drizzle wraps the database's error: the trigger's message is its cause.
    const refusal = async (attempt: Promise<unknown>) => {
      const err = await attempt.then(() => null, (e: unknown) => e as { message: string; cause?: { message?: string } });
      return `${err?.message ?? 'no error'} ${err?.cause?.message ?? ''}`;
    };
    expect(await refusal(app.db.update(modLog).set({ note: 'rewritten' }).where(eq(modLog.id, row?.id ?? 0)))).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(app.db.delete(modLog).where(eq(modLog.id, row?.id ?? 0)))).toMatch(/append-only: DELETE refused/);
    expect(await refusal(app.db.execute(sql`truncate mod_log cascade`))).toMatch(/append-only: TRUNCATE refused/);
    const [after] = await app.db.select().from(modLog).where(eq(modLog.id, row?.id ?? 0));
    expect(after?.note).toBe(row?.note);
  });
});
