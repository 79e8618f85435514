import ExcelJS from 'exceljs';
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  editionItems, editions, mediaColumns, nominationRounds, nominations, posts, topics, units, users,
  type NominationRoundRow, type UserRow,
} from '../../db/schema';
import {
  FRONTLINE_KINDS, ROUND_PERIOD_EARLIEST_DAYS, ROUND_PERIOD_LATEST_DAYS, ROUND_PERIOD_MAX_DAYS, ROUNDS_LISTED_MAX,
} from '../../domain/awards';
import type { Viewer } from '../../domain/roles';
import { AppError, fail } from '../../errors';
import { addDays, daysBetween, localToday, startOfLocalDay } from '../../lib/dates';
import {
  presentNomination, presentRound, type CandidateEditionView, type CandidateView, type CandidatesView,
  type NominationRoundView, type NominationView,
} from '../../presenters/award.presenter';
import { attachmentDisposition, neutraliseFormula } from '../campaign/report.service';
import { loadAuthors, postColumns, presentPosts, presentTopics } from '../forum/forum.loader';
import { checkPostText } from '../moderation/watched-word.service';

/*
 * Award nominations (华岗奖-style, issue 12 item 5). An admin opens a round for a period of
 * days (in the campaign's zone) and closes it. Its candidates are the posts used in editions
 * PUBLISHED within the period, hidden and held posts (or posts of held topics) never among
 * them; visit-confirmed frontline writing comes first, then the posts more editions used, then
 * the most recently first published. Editors nominate candidates with a reason (once per editor
 * and post), withdraw their own nomination while the round is open, and export the nominees.
 */

/** What an admin sends to open a round. */
export interface RoundInput {
  title: string;
  periodStart: string;
  periodEnd: string;
}

/** What an editor sends to nominate a candidate. */
export interface NominationInput {
  postId: number;
  reason: string;
}

/** An export file: its Content-Disposition and its bytes. */
export interface RoundExport {
  disposition: string;
  body: Buffer;
}

const noSuchRound = () => fail.notFound('There is no such nomination round.', '没有这个评选轮次。');

const roundClosed = () => new AppError('ROUND_CLOSED', {
  en: 'This nomination round is closed; its tally is final.',
  zh: '该评选轮次已结束，提名结果不再变动。',
});

/**
 * Opens a round. The period is whole days: start on or before end, at most two years long,
 * starting no more than ten years back and ending no more than a year ahead (400 naming the
 * field otherwise); a blank title is a 400.
 */
export async function openRound(db: DbOrTx, admin: UserRow, input: RoundInput, now: Date = new Date()): Promise<NominationRoundView> {
  const title = input.title.trim();
  if (title === '') throw fail.validation('title', 'title must not be blank: name the round (e.g. 2026年度华岗奖推荐).', '轮次名称不能为空。');
  const { periodStart, periodEnd } = input;
  if (periodStart > periodEnd) {
    throw fail.validation('periodEnd', 'periodEnd must be on or after periodStart.', '截止日期不能早于开始日期。');
  }
  if (daysBetween(periodStart, periodEnd) + 1 > ROUND_PERIOD_MAX_DAYS) {
    throw fail.validation('periodEnd', `A round's period may be at most ${ROUND_PERIOD_MAX_DAYS} days long.`, `评选期限最长 ${ROUND_PERIOD_MAX_DAYS} 天。`);
  }
  const today = localToday(now);
  if (periodStart < addDays(today, -ROUND_PERIOD_EARLIEST_DAYS)) {
    throw fail.validation('periodStart', 'periodStart may be at most ten years back.', '开始日期最早为十年前。');
  }
  if (periodEnd > addDays(today, ROUND_PERIOD_LATEST_DAYS)) {
    throw fail.validation('periodEnd', 'periodEnd may be at most a year ahead.', '截止日期最晚为一年后。');
  }
  const [row] = await db.insert(nominationRounds).values({ title, periodStart, periodEnd, openedBy: admin.id, createdAt: now }).returning();
  if (!row) throw new Error('round insert returned nothing');
  return presentRound(row, { id: admin.id, username: admin.username, displayName: admin.displayName }, 0);
}

/** Closes an open round: 404 for no such round, 409 ROUND_CLOSED when it is closed already. */
export async function closeRound(db: DbOrTx, id: number, now: Date = new Date()): Promise<NominationRoundView> {
  const [row] = await db.update(nominationRounds).set({ state: 'closed', closedAt: now })
    .where(and(eq(nominationRounds.id, id), eq(nominationRounds.state, 'open'))).returning();
  if (!row) {
    await getRound(db, id);
    throw roundClosed();
  }
  return (await presentRounds(db, [row]))[0] as NominationRoundView;
}

/** A round by id, or 404. */
export async function getRound(db: DbOrTx, id: number): Promise<NominationRoundRow> {
  const [row] = await db.select().from(nominationRounds).where(eq(nominationRounds.id, id));
  if (!row) throw noSuchRound();
  return row;
}

/** The rounds, newest first (a few a year; at most ROUNDS_LISTED_MAX). */
export async function listRounds(db: DbOrTx): Promise<NominationRoundView[]> {
  const rows = await db.select().from(nominationRounds).orderBy(desc(nominationRounds.createdAt), desc(nominationRounds.id)).limit(ROUNDS_LISTED_MAX);
  return presentRounds(db, rows);
}

/** Presents rounds with who opened them and how many nominations of visible posts each holds. */
async function presentRounds(db: DbOrTx, rows: NominationRoundRow[]): Promise<NominationRoundView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [openers, counts] = await Promise.all([
    loadAuthors(db, rows.map((r) => r.openedBy).filter((id): id is number => id !== null)),
    db.select({ roundId: nominations.roundId, n: sql<number>`count(*)::int` })
      .from(nominations)
      .innerJoin(posts, eq(posts.id, nominations.postId))
      .innerJoin(topics, eq(topics.id, posts.topicId))
      .where(and(inArray(nominations.roundId, ids), visiblePost()))
      .groupBy(nominations.roundId),
  ]);
  const countOf = new Map(counts.map((c) => [c.roundId, Number(c.n)]));
  return rows.map((r) => presentRound(r, r.openedBy === null ? null : openers.get(r.openedBy) ?? null, countOf.get(r.id) ?? 0));
}

/** A post the public may see: not hidden, not held, in a topic that is not held. */
function visiblePost(): SQL {
  return and(eq(posts.hidden, false), eq(posts.held, false), eq(topics.held, false)) as SQL;
}

/** The editions that count for a round: published, at a moment within its period's days. */
function publishedWithin(round: Pick<NominationRoundRow, 'periodStart' | 'periodEnd'>): SQL {
  return and(
    eq(editions.state, 'published'),
    gte(editions.publishedAt, startOfLocalDay(round.periodStart)),
    lt(editions.publishedAt, startOfLocalDay(addDays(round.periodEnd, 1))),
  ) as SQL;
}

const frontlineKinds = sql.join(FRONTLINE_KINDS.map((k) => sql`${k}`), sql`, `);
const frontlineExpr = sql<boolean>`bool_or(${topics.visitConfirmed} and ${topics.kind} in (${frontlineKinds}))`;
const editionCountExpr = sql<number>`count(distinct ${editions.id})::int`;
const firstPublishedExpr = sql<Date>`min(${editions.publishedAt})`.mapWith(editions.publishedAt);

/** A candidate's ranking facts, in the round's order. */
interface RankedPost {
  postId: number;
  frontline: boolean;
  editionCount: number;
  firstPublishedAt: Date;
}

/** The round's candidates in order (or just `postId`, to check one). */
async function rankCandidates(db: DbOrTx, round: NominationRoundRow, postId?: number): Promise<RankedPost[]> {
  const where = [publishedWithin(round), visiblePost()];
  if (postId !== undefined) where.push(eq(posts.id, postId));
  const rows = await db
    .select({ postId: posts.id, frontline: frontlineExpr, editionCount: editionCountExpr, firstPublishedAt: firstPublishedExpr })
    .from(editionItems)
    .innerJoin(editions, eq(editions.id, editionItems.editionId))
    .innerJoin(posts, eq(posts.id, editionItems.postId))
    .innerJoin(topics, eq(topics.id, posts.topicId))
    .where(and(...where))
    .groupBy(posts.id)
    .orderBy(desc(frontlineExpr), desc(editionCountExpr), desc(sql`min(${editions.publishedAt})`), desc(posts.id));
  return rows.map((r) => ({ postId: r.postId, frontline: r.frontline === true, editionCount: Number(r.editionCount), firstPublishedAt: r.firstPublishedAt }));
}

/**
 * GET /api/nomination-rounds/:id/candidates: the round and its candidates in order, each with
 * its editions within the period, its nominations (oldest first) and their tally.
 */
export async function listCandidates(db: DbOrTx, roundId: number, viewer: UserRow): Promise<CandidatesView> {
  const round = await getRound(db, roundId);
  const [roundView] = await presentRounds(db, [round]);
  const ranked = await rankCandidates(db, round);
  return { round: roundView as NominationRoundView, items: await presentCandidates(db, round, ranked, viewer) };
}

async function presentCandidates(db: DbOrTx, round: NominationRoundRow, ranked: RankedPost[], viewer: Viewer): Promise<CandidateView[]> {
  if (ranked.length === 0) return [];
  const postIds = ranked.map((r) => r.postId);
  const postRows = await db.select(postColumns).from(posts).where(inArray(posts.id, postIds));
  const topicIds = [...new Set(postRows.map((p) => p.topicId))];
  const authorIds = [...new Set(postRows.map((p) => p.authorId))];
  const [topicRows, unitRows, editionRows, nominationRows] = await Promise.all([
    db.select().from(topics).where(inArray(topics.id, topicIds)),
    db.select({ userId: users.id, id: units.id, name: units.name }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(inArray(users.id, authorIds)),
    db.select({
      postId: editionItems.postId, editionId: editions.id, number: editions.number, title: editions.title, publishedAt: editions.publishedAt,
      columnSlug: mediaColumns.slug, columnName: mediaColumns.name, outletName: mediaColumns.outletName,
    })
      .from(editionItems)
      .innerJoin(editions, eq(editions.id, editionItems.editionId))
      .innerJoin(mediaColumns, eq(mediaColumns.id, editions.columnId))
      .where(and(inArray(editionItems.postId, postIds), publishedWithin(round)))
      .orderBy(asc(editions.publishedAt), asc(editions.id)),
    db.select().from(nominations)
      .where(and(eq(nominations.roundId, round.id), inArray(nominations.postId, postIds)))
      .orderBy(asc(nominations.createdAt), asc(nominations.id)),
  ]);
  const [postViews, topicViews, editors] = await Promise.all([
    presentPosts(db, postRows, viewer),
    presentTopics(db, topicRows, viewer),
    loadAuthors(db, nominationRows.map((n) => n.editorId)),
  ]);
  const postMap = new Map(postViews.map((p) => [p.id, p]));
  const topicMap = new Map(topicViews.map((t) => [t.id, t]));
  const unitMap = new Map(unitRows.map((u) => [u.userId, { id: u.id, name: u.name }]));
  const editionsOf = new Map<number, CandidateEditionView[]>();
  for (const e of editionRows) {
    if (e.postId === null || e.publishedAt === null) continue;
    const list = editionsOf.get(e.postId) ?? [];
    // One post is in an edition at most once (edition_items_edition_post_idx), so no duplicates.
    list.push({
      editionId: e.editionId, columnSlug: e.columnSlug, columnName: e.columnName, outletName: e.outletName, number: e.number,
      title: e.title, publishedAt: e.publishedAt.toISOString(), url: `/columns/${e.columnSlug}/editions/${e.number}`,
    });
    editionsOf.set(e.postId, list);
  }
  const nominationsOf = new Map<number, NominationView[]>();
  for (const n of nominationRows) {
    const list = nominationsOf.get(n.postId) ?? [];
    list.push(presentNomination(n, editors.get(n.editorId) ?? { id: n.editorId, username: '', displayName: '' }));
    nominationsOf.set(n.postId, list);
  }
  return ranked.flatMap((r) => {
    const post = postMap.get(r.postId);
    const topic = post ? topicMap.get(post.topicId) : undefined;
    if (!post || !topic) return [];
    const noms = nominationsOf.get(r.postId) ?? [];
    const visit = topic.visit ? { confirmed: topic.visitConfirmed, visitedOn: topic.visit.visitedOn, placeName: topic.visit.placeName } : null;
    return [{
      post, topic, author: post.author, unit: unitMap.get(post.author.id) ?? null, place: visit?.placeName ?? null, visit,
      frontline: r.frontline, editions: editionsOf.get(r.postId) ?? [], firstPublishedAt: r.firstPublishedAt.toISOString(),
      nominations: noms, tally: noms.length, myNominationId: viewer === null ? null : noms.find((n) => n.editor.id === viewer.id)?.id ?? null,
    }];
  });
}

/**
 * Nominates a candidate with a reason (trimmed; watched words apply as to citations: a block
 * or hold word is a 400 WATCHED_WORD, a replace word is replaced). 404 for no such round, 409
 * ROUND_CLOSED, 409 NOT_A_CANDIDATE for a post that is not among the round's candidates (hidden,
 * held, unused, used only in drafts or outside the period, or no such post), 409
 * ALREADY_NOMINATED when this editor has nominated it already.
 */
export async function nominate(db: DbOrTx, editor: UserRow, roundId: number, input: NominationInput, now: Date = new Date()): Promise<{ nomination: NominationView; tally: number }> {
  const reason = input.reason.trim();
  if (reason === '') throw fail.validation('reason', 'reason must not be blank: say why this work deserves the award.', '提名理由不能为空。');
  const checked = await checkPostText(db, { reason }, { holdBlocks: true });
  return db.transaction(async (tx) => {
    // Shares the round's row with other nominations; closing (an update) waits for them, and they for it.
    const [round] = await tx.select().from(nominationRounds).where(eq(nominationRounds.id, roundId)).for('share');
    if (!round) throw noSuchRound();
    if (round.state !== 'open') throw roundClosed();
    if ((await rankCandidates(tx, round, input.postId)).length === 0) {
      throw new AppError('NOT_A_CANDIDATE', {
        en: 'This post is not a candidate in this round: only visible posts used in editions published within the round\'s period can be nominated.',
        zh: '该帖子不是本轮候选作品：只有在评选期内已发布的专栏期次中采用、且未被隐藏的帖子才能提名。',
      }, 'postId');
    }
    const [row] = await tx.insert(nominations).values({ roundId, postId: input.postId, editorId: editor.id, reason: checked.reason, createdAt: now })
      .onConflictDoNothing().returning();
    if (!row) {
      throw new AppError('ALREADY_NOMINATED', {
        en: 'You have already nominated this work in this round; withdraw that nomination to give another reason.',
        zh: '您已在本轮提名过该作品；如需修改理由，请先撤回原提名。',
      }, 'postId');
    }
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(nominations)
      .where(and(eq(nominations.roundId, roundId), eq(nominations.postId, input.postId)));
    return { nomination: presentNomination(row, { id: editor.id, username: editor.username, displayName: editor.displayName }), tally: Number(n) };
  });
}

/**
 * Withdraws an editor's own nomination while the round is open: 404 for no such round or
 * nomination (in this round), 403 for someone else's, 409 ROUND_CLOSED.
 */
export async function withdrawNomination(db: DbOrTx, editor: UserRow, roundId: number, nominationId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [round] = await tx.select().from(nominationRounds).where(eq(nominationRounds.id, roundId)).for('share');
    if (!round) throw noSuchRound();
    const [row] = await tx.select().from(nominations).where(and(eq(nominations.id, nominationId), eq(nominations.roundId, roundId)));
    if (!row) throw fail.notFound('There is no such nomination in this round.', '本轮没有这条提名。');
    if (row.editorId !== editor.id) throw fail.forbidden('Only the editor who made a nomination can withdraw it.', '只有提名人本人可以撤回提名。');
    if (round.state !== 'open') throw roundClosed();
    await tx.delete(nominations).where(eq(nominations.id, nominationId));
  });
}

/** The export's columns (Chinese headers) and their widths. */
export const EXPORT_HEADERS = ['序号', '作品标题', '作者', '单位', '地点', '走访日期', '实地走访', '采用情况', '采用期数', '提名数', '提名理由', '讨论链接'] as const;
const EXPORT_WIDTHS = [6, 32, 14, 20, 20, 12, 10, 44, 10, 8, 60, 40];

/** A file name without the characters file systems refuse. */
function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').trim() || '评选';
}

/**
 * GET /api/nomination-rounds/:id/export.xlsx: one sheet 提名汇总, one row per nominee (a
 * candidate with at least one nomination) in the candidates' order, with Chinese headers;
 * links absolute from PUBLIC_URL. The file name is the round's title (RFC 5987 filename*,
 * with an ASCII fallback). The link goes to the post itself (/t/<topic>#post-<post>).
 */
export async function exportRound(db: DbOrTx, roundId: number, viewer: UserRow, publicUrl: string): Promise<RoundExport> {
  const { round, items } = await listCandidates(db, roundId, viewer);
  const nominees = items.filter((c) => c.tally > 0);
  const book = new ExcelJS.Workbook();
  book.creator = 'Grassroots';
  book.created = new Date();
  const sheet = book.addWorksheet('提名汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_HEADERS.map((header, i) => ({ header, key: `c${i}`, width: EXPORT_WIDTHS[i] ?? 20 }));
  sheet.getRow(1).font = { bold: true };
  for (const [i, c] of nominees.entries()) {
    const link = `${publicUrl}/t/${c.topic.id}#post-${c.post.id}`;
    const cells: (string | number)[] = [
      i + 1,
      c.topic.title,
      c.author.displayName,
      c.unit?.name ?? '',
      c.place ?? '',
      c.visit?.visitedOn ?? '',
      c.visit?.confirmed ? '是' : '否',
      c.editions.map((e) => `${e.outletName}${e.columnName} 第${e.number}期`).join('; '),
      c.editions.length,
      c.tally,
      c.nominations.map((n) => `${n.editor.displayName}：${n.reason}`).join('\n'),
      link,
    ];
    const row = sheet.addRow(cells.map((cell) => (typeof cell === 'string' ? neutraliseFormula(cell) : cell)));
    row.alignment = { wrapText: true, vertical: 'top' };
    row.getCell(EXPORT_HEADERS.length).value = { text: link, hyperlink: link };
  }
  const body = Buffer.from(await book.xlsx.writeBuffer());
  return { disposition: attachmentDisposition(`${safeFileName(round.title)}-提名汇总.xlsx`, `nominations-round-${round.id}.xlsx`), body };
}
