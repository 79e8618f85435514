import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import { insertColumn, insertEdition } from '../factories/column.factory';
import type { CandidatesView, CandidateView, NominationRoundView, NominationView } from '../../server/presenters/award.presenter';
import type { MediaColumnRow } from '../../server/db/column.table';

let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let mod: SignedInUser;
let editor: SignedInUser;
let editor2: SignedInUser;
let member: SignedInUser;
let author: SignedInUser;
let boardSlug: string;
let column: MediaColumnRow;
const anonymous = () => new Client(app);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/*
 * Every test works in a month of its own, years back, so that editions other files (and
 * earlier runs on a shared PostgreSQL database) publish never fall in its period; and every
 * check of the candidates looks only at the posts the test made.
 */
let monthSeq = Date.now() % 60;
function month(): { start: string; end: string; mid: Date; at: (day: number, hourUtc?: number) => Date } {
  monthSeq += 1;
  const y = 2017 + Math.floor(monthSeq / 12);
  const m = String((monthSeq % 12) + 1).padStart(2, '0');
  const last = new Date(Date.UTC(y, (monthSeq % 12) + 1, 0)).getUTCDate();
  return {
    start: `${y}-${m}-01`,
    end: `${y}-${m}-${last}`,
    mid: new Date(`${y}-${m}-15T04:00:00Z`),
    at: (day, hourUtc = 4) => new Date(`${y}-${m}-${String(day).padStart(2, '0')}T${String(hourUtc).padStart(2, '0')}:00:00Z`),
  };
}

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  mod = await memberOf(app, tree.countyA.id, ['moderator']);
  editor = await memberOf(app, tree.countyA.id, ['editor']);
  editor2 = await memberOf(app, tree.countyB.id, ['editor']);
  member = await memberOf(app, tree.countyB.id);
  author = await memberOf(app, tree.townshipA.id);
  campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
  boardSlug = (await createBoard(app, { admin })).slug;
  column = await insertColumn(app, { name: '走基层', outletName: '《衢州日报》', editorIds: [editor.user.id] });
});
afterAll(async () => {
  await app?.close();
});

async function openRound(period: { start: string; end: string }, title = '华岗奖推荐'): Promise<NominationRoundView> {
  const res = await admin.post<{ round: NominationRoundView }>('/api/nomination-rounds', { title, periodStart: period.start, periodEnd: period.end });
  if (res.statusCode !== 201) throw new Error(`open round failed: ${res.statusCode} ${res.body}`);
  return res.data.round;
}

/** A new topic by the author; its first post's id. */
async function writing(kind = 'field_note', title?: string): Promise<{ topicId: number; postId: number }> {
  const { topic, post } = await createTopic(author.client, boardSlug, { kind, ...(title ? { title } : {}) });
  return { topicId: topic.id, postId: post.id };
}

/** A field note linked to a visit, which a moderator confirmed (the 实地走访 mark) unless `confirm` is false (a claim, 待核实). */
async function confirmedNote(kind = 'field_note', confirm = true): Promise<{ topicId: number; postId: number; placeName: string; visitedOn: string }> {
  const place = await makePlace(admin, tree.countyA.id);
  const visit = await author.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
  if (visit.statusCode !== 201) throw new Error(`visit failed: ${visit.statusCode} ${visit.body}`);
  const { topic, post } = await createTopic(author.client, boardSlug, { kind, visitId: visit.data.visit.id });
  const confirmed = confirm ? await mod.client.put(`/api/topics/${topic.id}/visit`, { visitId: visit.data.visit.id }) : { statusCode: 200, body: '' };
  if (confirmed.statusCode !== 200) throw new Error(`confirm failed: ${confirmed.statusCode} ${confirmed.body}`);
  return { topicId: topic.id, postId: post.id, placeName: place.name, visitedOn: today() };
}

async function candidates(roundId: number, client: Client = editor.client): Promise<CandidatesView> {
  const res = await client.get<CandidatesView>(`/api/nomination-rounds/${roundId}/candidates`);
  expect(res.statusCode).toBe(200);
  return res.data;
}

/** The candidates among `postIds`, in the round's order. */
async function mine(roundId: number, postIds: number[]): Promise<CandidateView[]> {
  return (await candidates(roundId)).items.filter((c) => postIds.includes(c.post.id));
}

async function nominate(roundId: number, postId: number, reason = '扎根基层，写出了群众的心声。', client: Client = editor.client) {
  return client.post<{ nomination: NominationView; tally: number }>(`/api/nomination-rounds/${roundId}/nominations`, { postId, reason });
}

async function readXlsx(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

const cellText = (sheet: ExcelJS.Worksheet, row: number, col: number): string => {
  const v = sheet.getRow(row).getCell(col).value;
  if (v !== null && typeof v === 'object' && 'text' in v) return String(v.text);
  return v === null || v === undefined ? '' : String(v);
};

describe('POST /api/nomination-rounds', () => {
  it('opens a round for an admin: 201 with the period, open, and who opened it', async () => {
    const p = month();
    const round = await openRound(p, '  2026年度华岗奖推荐  ');
    expect(round).toMatchObject({ title: '2026年度华岗奖推荐', periodStart: p.start, periodEnd: p.end, state: 'open', closedAt: null, nominationCount: 0 });
    expect(round.openedBy?.username).toBe('admin');
  });

  it('refuses anonymous readers (401), members and editors (403)', async () => {
    const p = month();
    const body = { title: '轮次', periodStart: p.start, periodEnd: p.end };
    expect((await anonymous().post('/api/nomination-rounds', body)).statusCode).toBe(401);
    expect((await member.client.post('/api/nomination-rounds', body)).statusCode).toBe(403);
    const res = await editor.client.post('/api/nomination-rounds', body);
    expect(res.statusCode).toBe(403);
    expect(res.data).toMatchObject({ code: 'FORBIDDEN', statusCode: 403 });
  });

  it('refuses malformed, reversed, too long and far periods and bad titles with 400 naming the field', async () => {
    const p = month();
    const ahead = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
    const bad: [Record<string, unknown>, string][] = [
      [{ periodStart: '2019-13-01' }, 'periodStart'],
      [{ periodStart: '2019-02-30' }, 'periodStart'],
      [{ periodStart: '19-01-01' }, 'periodStart'],
      [{ periodEnd: '2019-01-01T00:00:00Z' }, 'periodEnd'],
      [{ periodStart: p.end, periodEnd: p.start }, 'periodEnd'],
      [{ periodStart: '2017-01-01', periodEnd: '2019-12-31' }, 'periodEnd'],
      [{ periodStart: '1901-01-01', periodEnd: '1901-02-01' }, 'periodStart'],
      [{ periodStart: '9999-01-01', periodEnd: '9999-02-01' }, 'periodStart'],
      [{ periodStart: ahead(400), periodEnd: ahead(420) }, 'periodEnd'],
      [{ title: '' }, 'title'],
      [{ title: '   ' }, 'title'],
      [{ title: '轮次\u0000' }, 'title'],
      [{ title: '轮次\ud800' }, 'title'],
      [{ title: '长'.repeat(60_000) }, 'title'],
      [{ title: 42 }, 'title'],
    ];
    for (const [override, field] of bad) {
      const res = await admin.post('/api/nomination-rounds', { title: '轮次', periodStart: p.start, periodEnd: p.end, ...override }, { headers: { 'accept-language': 'zh-CN' } });
      expect(res.statusCode, JSON.stringify(override).slice(0, 80)).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field });
      expect(String(res.data['message'])).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await admin.post('/api/nomination-rounds', { title: '轮次', periodStart: p.start })).statusCode).toBe(400);
    expect((await admin.post('/api/nomination-rounds', { title: '轮次', periodStart: p.start, periodEnd: p.end, extra: 1 })).statusCode).toBe(201);
  });
});

describe('GET /api/nomination-rounds', () => {
  it('lists rounds newest first for editors and admins, with their nomination counts', async () => {
    const first = await openRound(month(), '第一轮');
    const second = await openRound(month(), '第二轮');
    for (const client of [editor.client, admin]) {
      const res = await client.get<{ items: NominationRoundView[] }>('/api/nomination-rounds');
      expect(res.statusCode).toBe(200);
      const ids = res.data.items.map((r) => r.id);
      expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
      expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses anonymous readers (401) and members and moderators (403)', async () => {
    expect((await anonymous().get('/api/nomination-rounds')).statusCode).toBe(401);
    expect((await member.client.get('/api/nomination-rounds')).statusCode).toBe(403);
    expect((await mod.client.get('/api/nomination-rounds')).statusCode).toBe(403);
  });
});

describe('POST /api/nomination-rounds/:id/close', () => {
  it('closes an open round for an admin; a second close is 409 ROUND_CLOSED; nominating and withdrawing then are 409', async () => {
    const p = month();
    const { postId } = await writing();
    await insertEdition(app, column.id, [postId], { publishedAt: p.mid });
    const round = await openRound(p);
    const made = await nominate(round.id, postId);
    expect(made.statusCode).toBe(201);
    expect((await editor.client.post(`/api/nomination-rounds/${round.id}/close`)).statusCode).toBe(403);
    const closed = await admin.post<{ round: NominationRoundView }>(`/api/nomination-rounds/${round.id}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.data.round).toMatchObject({ state: 'closed', nominationCount: 1 });
    expect(closed.data.round.closedAt).not.toBeNull();
    const again = await admin.post(`/api/nomination-rounds/${round.id}/close`);
    expect(again.statusCode).toBe(409);
    expect(again.data).toMatchObject({ code: 'ROUND_CLOSED' });
    const late = await nominate(round.id, postId, '迟到的提名', editor2.client);
    expect(late.statusCode).toBe(409);
    expect(late.data).toMatchObject({ code: 'ROUND_CLOSED' });
    const withdraw = await editor.client.delete(`/api/nomination-rounds/${round.id}/nominations/${made.data.nomination.id}`);
    expect(withdraw.statusCode).toBe(409);
    expect(withdraw.data).toMatchObject({ code: 'ROUND_CLOSED' });
    // The closed round's tally still reads.
    expect((await mine(round.id, [postId]))[0]?.tally).toBe(1);
  });

  it('answers 401, 403, 404 and 400 for anonymous, members, unknown and malformed ids', async () => {
    const round = await openRound(month());
    expect((await anonymous().post(`/api/nomination-rounds/${round.id}/close`)).statusCode).toBe(401);
    expect((await member.client.post(`/api/nomination-rounds/${round.id}/close`)).statusCode).toBe(403);
    expect((await admin.post('/api/nomination-rounds/2147483647/close')).statusCode).toBe(404);
    for (const id of ['0', '-1', 'abc', '99999999999', '1.5']) {
      expect((await admin.post(`/api/nomination-rounds/${id}/close`)).statusCode, id).toBe(400);
    }
  });
});

describe('GET /api/nomination-rounds/:id/candidates', () => {
  it('orders visit-confirmed frontline work first, then by the number of editions, then by the latest first publication', async () => {
    const p = month();
    const plainOnce = await writing('field_note');
    const plainTwiceEarly = await writing('field_note');
    const plainTwiceLate = await writing('discussion');
    const confirmedOnce = await confirmedNote('field_note');
    const confirmedDiary = await confirmedNote('editor_diary');
    const claimedOnly = await confirmedNote('field_impression', false);
    const other = await insertColumn(app, { name: '乡村振兴', outletName: '衢州广电' });
    await insertEdition(app, column.id, [plainOnce.postId, plainTwiceEarly.postId, confirmedOnce.postId], { publishedAt: p.at(3) });
    await insertEdition(app, other.id, [plainTwiceEarly.postId], { publishedAt: p.at(5) });
    await insertEdition(app, column.id, [plainTwiceLate.postId, confirmedDiary.postId], { publishedAt: p.at(10) });
    await insertEdition(app, other.id, [plainTwiceLate.postId, claimedOnly.postId], { publishedAt: p.at(12) });
    const round = await openRound(p);
    const ids = [plainOnce, plainTwiceEarly, plainTwiceLate, confirmedOnce, confirmedDiary, claimedOnly].map((x) => x.postId);
    const list = await mine(round.id, ids);
    expect(list.map((c) => c.post.id)).toEqual([
      confirmedDiary.postId, // frontline, 1 edition, published on the 10th
      confirmedOnce.postId, // frontline, 1 edition, the 3rd
      plainTwiceLate.postId, // 2 editions, first on the 10th
      plainTwiceEarly.postId, // 2 editions, first on the 3rd
      claimedOnly.postId, // a visit claimed but not confirmed is not frontline: 1 edition, the 12th
      plainOnce.postId, // 1 edition, the 3rd
    ]);
    const diary = list[0] as CandidateView;
    expect(diary).toMatchObject({
      frontline: true, tally: 0, nominations: [], myNominationId: null,
      author: { id: author.user.id }, unit: { id: tree.townshipA.id },
      place: confirmedDiary.placeName, visit: { confirmed: true, visitedOn: confirmedDiary.visitedOn, placeName: confirmedDiary.placeName },
      topic: { id: confirmedDiary.topicId, kind: 'editor_diary' },
    });
    expect(diary.editions).toEqual([expect.objectContaining({ columnName: '走基层', outletName: '《衢州日报》', columnSlug: column.slug })]);
    expect(diary.editions[0]?.url).toMatch(new RegExp(`^/columns/${column.slug}/editions/\\d+$`));
    const twice = list[3] as CandidateView;
    expect(twice.editions.map((e) => e.outletName)).toEqual(['《衢州日报》', '衢州广电']);
    expect(twice.firstPublishedAt).toBe(p.at(3).toISOString());
    expect(list[4]).toMatchObject({ frontline: false, visit: { confirmed: false, placeName: claimedOnly.placeName } });
    expect(list[5]).toMatchObject({ frontline: false, visit: null, place: null });
    expect(JSON.stringify(list)).not.toContain('findings');
  });

  it('leaves out posts used only in drafts or in editions published outside the period, counting the campaign\'s day boundaries', async () => {
    const p = month();
    const inDraft = await writing();
    const before = await writing();
    const after = await writing();
    const firstMinute = await writing();
    const lastMinute = await writing();
    const outsideToo = await writing();
    await insertEdition(app, column.id, [inDraft.postId]);
    // 23:30 on the day before the period starts, in the campaign's zone (UTC+8).
    await insertEdition(app, column.id, [before.postId], { publishedAt: new Date(p.at(1, 0).getTime() - 30 * 60_000 - 8 * 3_600_000) });
    // 00:30 on the first day there is still 16:30 UTC the day before.
    await insertEdition(app, column.id, [firstMinute.postId], { publishedAt: new Date(p.at(1, 0).getTime() + 30 * 60_000 - 8 * 3_600_000) });
    await insertEdition(app, column.id, [lastMinute.postId, outsideToo.postId], { publishedAt: p.at(Number(p.end.slice(8)), 15) });
    await insertEdition(app, column.id, [after.postId, outsideToo.postId], { publishedAt: p.at(Number(p.end.slice(8)), 16) });
    const round = await openRound(p);
    const ids = [inDraft, before, after, firstMinute, lastMinute, outsideToo].map((x) => x.postId);
    const list = await mine(round.id, ids);
    expect(new Set(list.map((c) => c.post.id))).toEqual(new Set([firstMinute.postId, lastMinute.postId, outsideToo.postId]));
    // Only the edition within the period counts for a post used outside it too.
    expect(list.find((c) => c.post.id === outsideToo.postId)?.editions).toHaveLength(1);
    const refused = await nominate(round.id, inDraft.postId);
    expect(refused.statusCode).toBe(409);
    expect(refused.data).toMatchObject({ code: 'NOT_A_CANDIDATE', field: 'postId' });
  });

  it('drops a post once it is hidden (its body never appears) and brings it back when shown; a held post never is a candidate', async () => {
    const p = month();
    const secret = `秘密正文${Date.now().toString(36)}`;
    const { topic, post } = await createTopic(author.client, boardSlug, { kind: 'field_note', body: secret });
    const reply = await createReply(author.client, topic.id, { body: `回复里的${secret}` });
    const hold = `扣留${Date.now().toString(36)}`;
    expect((await admin.post('/api/watched-words', { word: hold, action: 'hold' })).statusCode).toBe(201);
    const heldRes = await author.client.post<{ post: { id: number } }>(`/api/boards/${boardSlug}/topics`, { title: '待审的心得', body: `内容 ${hold}`, kind: 'field_note' });
    expect(heldRes.statusCode).toBe(202);
    const heldId = heldRes.data.post.id;
    await insertEdition(app, column.id, [post.id, reply.id, heldId], { publishedAt: p.mid });
    const round = await openRound(p);
    expect((await mine(round.id, [post.id, reply.id, heldId])).map((c) => c.post.id).sort()).toEqual([post.id, reply.id].sort());
    expect((await nominate(round.id, post.id)).statusCode).toBe(201);
    expect((await mod.client.post(`/api/posts/${post.id}/hide`, {})).statusCode).toBe(200);
    const after = await candidates(round.id);
    expect(after.items.some((c) => c.post.id === post.id)).toBe(false);
    expect(JSON.stringify(after)).not.toContain(`<p>${secret}`);
    expect(JSON.stringify(after.items.filter((c) => c.post.id !== reply.id))).not.toContain(secret);
    expect(after.round.nominationCount).toBe(0);
    const exported = await editor.client.get(`/api/nomination-rounds/${round.id}/export.xlsx`);
    expect(exported.rawPayload.includes(Buffer.from(secret))).toBe(false);
    const sheet = await readXlsx(exported.rawPayload);
    expect(sheet.rowCount).toBe(1);
    const refused = await nominate(round.id, post.id, '另一位编辑的理由', editor2.client);
    expect(refused.statusCode).toBe(409);
    expect(refused.data).toMatchObject({ code: 'NOT_A_CANDIDATE' });
    expect((await nominate(round.id, heldId)).data).toMatchObject({ code: 'NOT_A_CANDIDATE' });
    expect((await mod.client.post(`/api/posts/${post.id}/unhide`, {})).statusCode).toBe(200);
    expect((await mine(round.id, [post.id]))[0]?.tally).toBe(1);
  });

  it('refuses anonymous readers (401), members (403), unknown rounds (404) and malformed ids (400)', async () => {
    const round = await openRound(month());
    expect((await anonymous().get(`/api/nomination-rounds/${round.id}/candidates`)).statusCode).toBe(401);
    expect((await member.client.get(`/api/nomination-rounds/${round.id}/candidates`)).statusCode).toBe(403);
    expect((await admin.get(`/api/nomination-rounds/${round.id}/candidates`)).statusCode).toBe(200);
    expect((await editor.client.get('/api/nomination-rounds/2147483646/candidates')).statusCode).toBe(404);
    expect((await editor.client.get('/api/nomination-rounds/2147483648/candidates')).statusCode).toBe(400);
    expect((await editor.client.get('/api/nomination-rounds/%00/candidates')).statusCode).toBe(400);
  });
});

describe('POST /api/nomination-rounds/:id/nominations', () => {
  it('nominates a candidate with a reason: 201 and the tally; a second by the same editor is 409 ALREADY_NOMINATED; another editor adds to the tally', async () => {
    const p = month();
    const { postId } = await confirmedNote();
    await insertEdition(app, column.id, [postId], { publishedAt: p.mid });
    const round = await openRound(p);
    const first = await nominate(round.id, postId, '  深入一线，写出了群众的心声。  ');
    expect(first.statusCode).toBe(201);
    expect(first.data).toMatchObject({ tally: 1, nomination: { roundId: round.id, postId, reason: '深入一线，写出了群众的心声。', editor: { id: editor.user.id } } });
    const twice = await nominate(round.id, postId, '再提名一次', editor.client);
    expect(twice.statusCode).toBe(409);
    expect(twice.data).toMatchObject({ code: 'ALREADY_NOMINATED' });
    const byAdmin = await nominate(round.id, postId, '管理员也认为值得推荐', admin);
    expect(byAdmin.statusCode).toBe(201);
    const second = await nominate(round.id, postId, '采访扎实', editor2.client);
    expect(second.data.tally).toBe(3);
    const [c] = await mine(round.id, [postId]);
    expect(c?.tally).toBe(3);
    expect(c?.nominations.map((n) => n.editor.id)).toEqual([editor.user.id, expect.any(Number), editor2.user.id]);
    expect(c?.myNominationId).toBe(first.data.nomination.id);
    const forOther = (await candidates(round.id, editor2.client)).items.find((x) => x.post.id === postId);
    expect(forOther?.myNominationId).toBe(second.data.nomination.id);
  });

  it('refuses anonymous readers (401), members and moderators (403), unknown rounds (404) and posts that are not candidates (409)', async () => {
    const p = month();
    const { postId } = await writing();
    const unused = await writing();
    await insertEdition(app, column.id, [postId], { publishedAt: p.mid });
    const round = await openRound(p);
    expect((await nominate(round.id, postId, '理由', anonymous())).statusCode).toBe(401);
    expect((await nominate(round.id, postId, '理由', member.client)).statusCode).toBe(403);
    expect((await nominate(round.id, postId, '理由', mod.client)).statusCode).toBe(403);
    expect((await nominate(2147483647, postId)).statusCode).toBe(404);
    for (const id of [unused.postId, 2147483647]) {
      const res = await nominate(round.id, id, '理由', editor.client);
      expect(res.statusCode).toBe(409);
      expect(res.data).toMatchObject({ code: 'NOT_A_CANDIDATE', field: 'postId' });
    }
    const zh = await editor.client.post(`/api/nomination-rounds/${round.id}/nominations`, { postId: unused.postId, reason: '理由' }, { headers: { 'accept-language': 'zh-CN' } });
    expect(String(zh.data['message'])).toContain('候选');
  });

  it('refuses bad input with 400: blank, NUL, lone surrogates, 60,000 characters, huge and malformed ids', async () => {
    const p = month();
    const { postId } = await writing();
    await insertEdition(app, column.id, [postId], { publishedAt: p.mid });
    const round = await openRound(p);
    const bad: [Record<string, unknown>, string][] = [
      [{ postId, reason: '' }, 'reason'],
      [{ postId, reason: '  \n ' }, 'reason'],
      [{ postId, reason: '理由\u0000' }, 'reason'],
      [{ postId, reason: '理由\udc00' }, 'reason'],
      [{ postId, reason: '长'.repeat(60_000) }, 'reason'],
      [{ postId }, 'reason'],
      [{ postId: 99999999999, reason: '理由' }, 'postId'],
      [{ postId: -3, reason: '理由' }, 'postId'],
      [{ postId: 1.5, reason: '理由' }, 'postId'],
      [{ postId: '1; drop table', reason: '理由' }, 'postId'],
    ];
    for (const [body, field] of bad) {
      const res = await editor.client.post(`/api/nomination-rounds/${round.id}/nominations`, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.data).toMatchObject({ field });
    }
    expect((await editor.client.post('/api/nomination-rounds/99999999999/nominations', { postId, reason: '理由' })).statusCode).toBe(400);
    expect((await mine(round.id, [postId]))[0]?.tally).toBe(0);
  });

  it('applies the watched words to reasons: a block or hold word is 400 WATCHED_WORD, a replace word is replaced', async () => {
    const tag = Date.now().toString(36);
    expect((await admin.post('/api/watched-words', { word: `禁词${tag}`, action: 'block' })).statusCode).toBe(201);
    expect((await admin.post('/api/watched-words', { word: `扣词${tag}`, action: 'hold' })).statusCode).toBe(201);
    expect((await admin.post('/api/watched-words', { word: `换词${tag}`, action: 'replace', replacement: '**' })).statusCode).toBe(201);
    const p = month();
    const { postId } = await writing();
    await insertEdition(app, column.id, [postId], { publishedAt: p.mid });
    const round = await openRound(p);
    for (const word of [`禁词${tag}`, `扣词${tag}`]) {
      const res = await nominate(round.id, postId, `理由里有${word}。`);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'WATCHED_WORD', field: 'reason' });
    }
    const replaced = await nominate(round.id, postId, `理由里有换词${tag}。`);
    expect(replaced.statusCode).toBe(201);
    expect(replaced.data.nomination.reason).toBe('理由里有**。');
  });
});

describe('DELETE /api/nomination-rounds/:id/nominations/:nominationId', () => {
  it('lets the editor withdraw their own nomination (204, the tally drops); others get 403, anonymous 401; gone is 404', async () => {
    const p = month();
    const { postId } = await writing();
    await insertEdition(app, column.id, [postId], { publishedAt: p.mid });
    const round = await openRound(p);
    const made = await nominate(round.id, postId);
    const path = `/api/nomination-rounds/${round.id}/nominations/${made.data.nomination.id}`;
    expect((await anonymous().delete(path)).statusCode).toBe(401);
    expect((await member.client.delete(path)).statusCode).toBe(403);
    const other = await editor2.client.delete(path);
    expect(other.statusCode).toBe(403);
    expect(other.data).toMatchObject({ code: 'FORBIDDEN' });
    expect((await admin.delete(path)).statusCode).toBe(403);
    const other2 = await openRound(month());
    expect((await editor.client.delete(`/api/nomination-rounds/${other2.id}/nominations/${made.data.nomination.id}`)).statusCode).toBe(404);
    expect((await editor.client.delete(path)).statusCode).toBe(204);
    expect((await mine(round.id, [postId]))[0]).toMatchObject({ tally: 0, myNominationId: null });
    expect((await editor.client.delete(path)).statusCode).toBe(404);
    expect((await editor.client.delete(`/api/nomination-rounds/${round.id}/nominations/99999999999`)).statusCode).toBe(400);
    // Withdrawn, the editor may nominate it again.
    expect((await nominate(round.id, postId, '重新提名')).statusCode).toBe(201);
  });
});

describe('GET /api/nomination-rounds/:id/export.xlsx', () => {
  it('exports one row per nominee with Chinese headers, in the candidates\' order, named after the round', async () => {
    const p = month();
    const confirmed = await confirmedNote();
    const plain = await writing('field_note', '=1+1 普通心得');
    const number = 3000 + monthSeq;
    const unnominated = await writing();
    await insertEdition(app, column.id, [plain.postId, confirmed.postId, unnominated.postId], { publishedAt: p.at(2), number });
    const other = await insertColumn(app, { name: '乡村振兴', outletName: '衢州广电' });
    await insertEdition(app, other.id, [plain.postId], { publishedAt: p.at(9), number: 7 });
    const round = await openRound(p, '2026年度华岗奖/推荐');
    await nominate(round.id, plain.postId, '=HYPERLINK("x") 两个栏目都采用了');
    await nominate(round.id, confirmed.postId, '深入一线', editor.client);
    await nominate(round.id, confirmed.postId, '采访扎实', editor2.client);
    for (const client of [anonymous(), member.client]) {
      expect((await client.get(`/api/nomination-rounds/${round.id}/export.xlsx`)).statusCode).toBe(client === member.client ? 403 : 401);
    }
    expect((await editor.client.get('/api/nomination-rounds/2147483647/export.xlsx')).statusCode).toBe(404);
    const res = await editor.client.get(`/api/nomination-rounds/${round.id}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toContain(`filename="nominations-round-${round.id}.xlsx"`);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('2026年度华岗奖_推荐-提名汇总.xlsx')}`);
    const sheet = await readXlsx(res.rawPayload);
    expect(sheet.name).toBe('提名汇总');
    const headers = Array.from({ length: 12 }, (_, i) => cellText(sheet, 1, i + 1));
    expect(headers).toEqual(['序号', '作品标题', '作者', '单位', '地点', '走访日期', '实地走访', '采用情况', '采用期数', '提名数', '提名理由', '讨论链接']);
    // Rows of other tests' rounds never appear: this round's nominees only.
    expect(sheet.rowCount).toBe(3);
    const row = (r: number) => Array.from({ length: 12 }, (_, i) => cellText(sheet, r, i + 1));
    const [first, second] = [row(2), row(3)];
    expect(first.slice(0, 7)).toEqual(['1', expect.any(String), author.user.displayName, tree.townshipA.name, confirmed.placeName, confirmed.visitedOn, '是']);
    expect(first[7]).toBe(`《衢州日报》走基层 第${number}期`);
    expect(first.slice(8, 10)).toEqual(['1', '2']);
    expect(first[10]).toBe(`${editor.user.displayName}：深入一线\n${editor2.user.displayName}：采访扎实`);
    expect(first[11]).toMatch(new RegExp(`^https?://[^/]+/t/${confirmed.topicId}#post-${confirmed.postId}$`));
    expect(second.slice(0, 7)).toEqual(['2', "'=1+1 普通心得", author.user.displayName, tree.townshipA.name, '', '', '否']);
    expect(second[7]).toBe(`《衢州日报》走基层 第${number}期; 衢州广电乡村振兴 第7期`);
    expect(second.slice(8, 10)).toEqual(['2', '1']);
    // A reason that looks like a formula is written as text.
    expect(second[10]?.startsWith(`${editor.user.displayName}：=HYPERLINK`)).toBe(true);
    expect(sheet.getRow(3).getCell(2).formula).toBeUndefined();
  });
});
