import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { featuredPosts, posts, topics, units, users, type FeaturedPostRow, type UserRow } from '../../db/schema';
import { DEFAULT_FEATURED_TARGETS, FEATURED_COLLECTIONS, type FeaturedCollection } from '../../domain/moderation';
import { hasRole, type Viewer } from '../../domain/roles';
import { AppError, fail, type Sentence } from '../../errors';
import { addDays, startOfLocalDay } from '../../lib/dates';
import { cutPage, decodeCursor, type PageQuery } from '../../lib/keyset-cursor';
import {
  presentFeatured, type FeaturedChangeView, type FeaturedCountView, type FeaturedView, type FeaturedWallView,
} from '../../presenters/featured.presenter';
import type { UserRef } from '../../presenters/user.presenter';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { currentSeq } from '../../realtime/replay';
import { rooms } from '../../realtime/rooms';
import { plainText } from '../../search/tokenize';
import { loadUnitTree } from '../accounts/unit.service';
import { getUserByUsername } from '../accounts/user.service';
import { getActiveCampaign } from '../campaign/campaign.service';
import { getPostRow, loadAuthors, postColumns, presentPosts, presentTopics } from '../forum/forum.loader';
import type { ServiceContext } from '../service-context';
import { logAction } from './mod-log.service';
import { notifyModeration } from './notify';
import { checkPostText } from './watched-word.service';

/*
 * The featured wall (最美衢州人, issue 11): moderators feature a post into a collection with a
 * citation, edit the citation, unfeature it. Each is one transaction holding the change, its
 * moderation log row, the author's notification and a `featured:changed` event in the
 * `featured` room, published after commit. The wall shows a featured post only while the post
 * is published and not hidden; its counts count only those.
 */

/** The collections' names, for sentences. */
const COLLECTION_NAMES: Record<FeaturedCollection, Sentence> = {
  exemplars: { en: 'exemplars', zh: '先进典型' },
  good_people: { en: 'good people around us', zh: '身边好人' },
  good_deeds: { en: 'good deeds', zh: '凡人善举' },
};

/** How many characters of the featured post the wall shows. */
const EXCERPT_LENGTH = 160;

/** What a moderator sends to feature a post. */
export interface FeatureInput {
  postId: number;
  collection: FeaturedCollection;
  citation: string;
  personName?: string | null;
  place?: string | null;
}

/** What a moderator may change on a featured post; absent fields stay, null clears the optional ones. */
export interface FeaturedChanges {
  citation?: string;
  personName?: string | null;
  place?: string | null;
}

/** Trims an optional text; blank is null. */
function optionalText(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Trims the texts and checks them against the watched words: a block or hold word is a 400
 * WATCHED_WORD naming the field (a citation is published at once, so there is no holding it),
 * a replace word is replaced. A blank citation is a 400.
 */
async function checkTexts(db: DbOrTx, changes: FeaturedChanges): Promise<FeaturedChanges> {
  const out: FeaturedChanges = {};
  if (changes.citation !== undefined) {
    out.citation = changes.citation.trim();
    if (out.citation === '') throw fail.validation('citation', 'citation must not be blank: say why this post is featured.', '推荐理由不能为空。');
  }
  const personName = optionalText(changes.personName);
  const place = optionalText(changes.place);
  if (personName !== undefined) out.personName = personName;
  if (place !== undefined) out.place = place;
  const fields: Record<string, string> = {};
  for (const key of ['citation', 'personName', 'place'] as const) {
    const value = out[key];
    if (typeof value === 'string') fields[key] = value;
  }
  const checked = await checkPostText(db, fields, { holdBlocks: true });
  for (const key of ['citation', 'personName', 'place'] as const) {
    if (typeof out[key] === 'string') out[key] = checked[key] as string;
  }
  return out;
}

/** Records `featured:changed` in the featured room inside the caller's transaction. */
function recordChange(tx: Tx, row: Pick<FeaturedPostRow, 'id' | 'collection' | 'postId' | 'topicId'>, change: FeaturedChangeView['change']): Promise<RealtimeEvent> {
  return recordEvent(tx, rooms.featured, 'featured:changed', { change, id: row.id, collection: row.collection, postId: row.postId, topicId: row.topicId });
}

function snapshot(row: FeaturedPostRow): Record<string, unknown> {
  return { featuredId: row.id, collection: row.collection, citation: row.citation, personName: row.personName, place: row.place };
}

/**
 * Features a post into a collection. A held (awaiting approval) or hidden post is a 409
 * NOT_FEATURABLE; a post already in the collection a 409 ALREADY_FEATURED. The author is
 * notified (你的帖子被评为身边好人).
 */
export async function featurePost(ctx: ServiceContext, mod: UserRow, input: FeatureInput): Promise<FeaturedView> {
  const texts = await checkTexts(ctx.db, input);
  const found = await getPostRow(ctx.db, input.postId);
  const { row, events } = await ctx.db.transaction(async (tx) => {
    // The shared lock order starts at the topic (content.service.ts), then the post.
    const [topic] = await tx.select().from(topics).where(eq(topics.id, found.topicId)).for('update');
    const [post] = await tx.select(postColumns).from(posts).where(eq(posts.id, found.id)).for('update');
    if (!topic || !post) throw fail.notFound('There is no such post.', '该帖子不存在。');
    if (post.held || topic.held) {
      throw new AppError('NOT_FEATURABLE', {
        en: 'This post is waiting for a moderator\'s approval; approve it before featuring it.',
        zh: '该帖子正在等待审核，审核通过后才能入选。',
      }, 'postId');
    }
    if (post.hidden) {
      throw new AppError('NOT_FEATURABLE', { en: 'This post is hidden; show it again before featuring it.', zh: '该帖子已被隐藏，恢复显示后才能入选。' }, 'postId');
    }
    const now = new Date();
    const [inserted] = await tx.insert(featuredPosts).values({
      postId: post.id, topicId: post.topicId, collection: input.collection, citation: texts.citation as string,
      personName: texts.personName ?? null, place: texts.place ?? null, featuredBy: mod.id, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    if (!inserted) {
      const name = COLLECTION_NAMES[input.collection];
      throw new AppError('ALREADY_FEATURED', {
        en: `This post is already featured in ${name.en}; edit its citation instead.`,
        zh: `该帖子已入选“${name.zh}”，可以修改推荐理由。`,
      }, 'collection');
    }
    const log = await logAction(tx, {
      action: 'feature', moderatorId: mod.id, targetType: 'post', targetId: post.id, targetUserId: post.authorId,
      before: null, after: snapshot(inserted),
    });
    const recorded: RealtimeEvent[] = [await recordChange(tx, inserted, 'featured')];
    recorded.push(...(await notifyModeration(tx, mod, {
      userId: post.authorId, type: 'post_featured', postId: post.id, topicId: post.topicId, data: { modLogId: log.id, collection: input.collection },
    })));
    return { row: inserted, events: recorded };
  });
  ctx.realtime.publish(events);
  return (await presentFeaturedRows(ctx.db, [row], mod))[0] as FeaturedView;
}

/** Changes a featured post's citation, name or place; logged with what it was and what it became. */
export async function updateFeatured(ctx: ServiceContext, mod: UserRow, id: number, changes: FeaturedChanges): Promise<FeaturedView> {
  if (changes.citation === undefined && changes.personName === undefined && changes.place === undefined) {
    throw fail.validation('citation', 'Send at least one of citation, personName and place.', '请至少修改推荐理由、人物或事迹名称、地点中的一项。');
  }
  const texts = await checkTexts(ctx.db, changes);
  const { row, events } = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(featuredPosts).where(eq(featuredPosts.id, id)).for('update');
    if (!current) throw fail.notFound('This post is not featured (any more).', '该帖子不在推荐栏目中。');
    const next = {
      citation: texts.citation ?? current.citation,
      personName: texts.personName !== undefined ? texts.personName : current.personName,
      place: texts.place !== undefined ? texts.place : current.place,
    };
    if (next.citation === current.citation && next.personName === current.personName && next.place === current.place) {
      return { row: current, events: [] };
    }
    const [updated] = await tx.update(featuredPosts).set({ ...next, updatedAt: new Date() }).where(eq(featuredPosts.id, id)).returning();
    if (!updated) throw new Error('featured update returned nothing');
    const [author] = await tx.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, current.postId));
    await logAction(tx, {
      action: 'feature_edit', moderatorId: mod.id, targetType: 'post', targetId: current.postId, targetUserId: author?.authorId ?? null,
      before: snapshot(current), after: snapshot(updated),
    });
    return { row: updated, events: [await recordChange(tx, updated, 'updated')] };
  });
  ctx.realtime.publish(events);
  return (await presentFeaturedRows(ctx.db, [row], mod))[0] as FeaturedView;
}

/** Takes a post off the wall (out of one collection); logged with what it was and why. */
export async function unfeature(ctx: ServiceContext, mod: UserRow, id: number, note: string | null): Promise<void> {
  const events = await ctx.db.transaction(async (tx) => {
    const [removed] = await tx.delete(featuredPosts).where(eq(featuredPosts.id, id)).returning();
    if (!removed) throw fail.notFound('This post is not featured (any more).', '该帖子不在推荐栏目中。');
    const [author] = await tx.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, removed.postId));
    await logAction(tx, {
      action: 'unfeature', moderatorId: mod.id, targetType: 'post', targetId: removed.postId, targetUserId: author?.authorId ?? null,
      note, before: snapshot(removed), after: null,
    });
    return [await recordChange(tx, removed, 'unfeatured')];
  });
  ctx.realtime.publish(events);
}

/**
 * Inside a hide or unhide transaction: tells the featured room that a featured post left the
 * wall or came back (nothing when the post is featured nowhere).
 */
export async function recordFeaturedVisibility(tx: Tx, postId: number, change: 'hidden' | 'shown'): Promise<RealtimeEvent[]> {
  const rows = await tx.select().from(featuredPosts).where(eq(featuredPosts.postId, postId));
  const events: RealtimeEvent[] = [];
  for (const row of rows) events.push(await recordChange(tx, row, change));
  return events;
}

/** Filters of GET /api/featured. */
export interface FeaturedFilter {
  collection?: FeaturedCollection;
  /** The author's unit or any unit below it. */
  unitId?: number;
  /** A phase id of the active campaign: posts written within its dates. */
  phase?: string;
  /** One post's features (for the post's menu). */
  postId?: number;
  /** One author's featured posts (their profile). */
  author?: string;
}

/** The conditions under which a featured post shows on the wall: a published post, not hidden. */
function onTheWall(): SQL {
  return and(eq(posts.hidden, false), eq(posts.held, false), eq(topics.held, false)) as SQL;
}

/**
 * A page of the wall, newest first (keyset over the time featured and the id), and each
 * collection's count toward its target. A post that is hidden or waits for approval is on
 * neither — except that a moderator asking about one post (`postId`) sees its features, to
 * edit or remove them. An unknown unit or phase is a 400; an unknown author a 404.
 */
export async function listFeatured(db: DbOrTx, filter: FeaturedFilter, page: PageQuery, viewer: Viewer): Promise<FeaturedWallView> {
  // Read before the wall: a change made while the answer travels comes after this seq, so
  // the page, following the room from it, hears of the change (at worst twice, never not).
  const seq = await currentSeq(db, rooms.featured);
  const where: SQL[] = [];
  const moderatorAskingAboutPost = filter.postId !== undefined && viewer !== null && hasRole(viewer, 'moderator');
  if (!moderatorAskingAboutPost) where.push(onTheWall());
  if (filter.collection !== undefined) where.push(eq(featuredPosts.collection, filter.collection));
  if (filter.postId !== undefined) where.push(eq(featuredPosts.postId, filter.postId));
  if (filter.author !== undefined) where.push(eq(posts.authorId, (await getUserByUsername(db, filter.author)).id));
  if (filter.unitId !== undefined) {
    const tree = await loadUnitTree(db);
    if (!tree.byId.has(filter.unitId)) throw fail.validation('unitId', 'There is no unit with this id.', '没有这个单位。');
    where.push(inArray(users.unitId, tree.subtree(filter.unitId)));
  }
  const campaign = await getActiveCampaign(db);
  if (filter.phase !== undefined) {
    const phase = campaign.phases.find((p) => p.id === filter.phase);
    if (!phase) throw fail.validation('phase', 'phase must be the id of one of the campaign\'s phases.', '阶段不是本次活动的阶段之一。');
    where.push(gte(posts.createdAt, startOfLocalDay(phase.from)), lt(posts.createdAt, startOfLocalDay(addDays(phase.to, 1))));
  }
  if (page.cursor) {
    const [at, id] = decodeCursor('featured', page.cursor, ['t', 'n']) as [string, number];
    where.push(sql`(${featuredPosts.createdAt}, ${featuredPosts.id}) < (${new Date(at).toISOString()}::timestamptz, ${id})`);
  }
  const [rows, countRows] = await Promise.all([
    db.select({ featured: featuredPosts })
      .from(featuredPosts)
      .innerJoin(posts, eq(posts.id, featuredPosts.postId))
      .innerJoin(topics, eq(topics.id, featuredPosts.topicId))
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(and(...where))
      .orderBy(desc(featuredPosts.createdAt), desc(featuredPosts.id))
      .limit(page.limit + 1),
    db.select({ collection: featuredPosts.collection, n: sql<number>`count(*)::int` })
      .from(featuredPosts)
      .innerJoin(posts, eq(posts.id, featuredPosts.postId))
      .innerJoin(topics, eq(topics.id, featuredPosts.topicId))
      .where(onTheWall())
      .groupBy(featuredPosts.collection),
  ]);
  const { rows: pageRows, nextCursor } = cutPage(rows.map((r) => r.featured), page.limit, 'featured', (r) => [r.createdAt.toISOString(), r.id]);
  const targets = { ...DEFAULT_FEATURED_TARGETS, ...campaign.featuredTargets };
  const counted = new Map(countRows.map((r) => [r.collection, Number(r.n)]));
  const counts: FeaturedCountView[] = FEATURED_COLLECTIONS.map((c) => ({ collection: c, count: counted.get(c) ?? 0, target: targets[c] }));
  return { items: await presentFeaturedRows(db, pageRows, viewer), nextCursor, counts, seq };
}

/** Presents featured rows for a viewer: posts, topics, units and who featured them, in a few batched queries. */
export async function presentFeaturedRows(db: DbOrTx, rows: FeaturedPostRow[], viewer: Viewer): Promise<FeaturedView[]> {
  if (rows.length === 0) return [];
  const postIds = [...new Set(rows.map((r) => r.postId))];
  const topicIds = [...new Set(rows.map((r) => r.topicId))];
  const [postRows, topicRows, featuredBy] = await Promise.all([
    db.select(postColumns).from(posts).where(inArray(posts.id, postIds)),
    db.select().from(topics).where(inArray(topics.id, topicIds)),
    loadAuthors(db, rows.map((r) => r.featuredBy).filter((id): id is number => id !== null)),
  ]);
  const authorIds = [...new Set(postRows.map((p) => p.authorId))];
  const [postViews, topicViews, unitRows] = await Promise.all([
    presentPosts(db, postRows, viewer),
    presentTopics(db, topicRows, viewer),
    db.select({ userId: users.id, id: units.id, name: units.name }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(inArray(users.id, authorIds)),
  ]);
  const postMap = new Map(postViews.map((p) => [p.id, p]));
  const topicMap = new Map(topicViews.map((t) => [t.id, t]));
  const unitMap = new Map(unitRows.map((u) => [u.userId, { id: u.id, name: u.name }]));
  return rows.flatMap((row) => {
    const post = postMap.get(row.postId);
    const topic = topicMap.get(row.topicId);
    if (!post || !topic) return [];
    const chars = post.body === null ? null : Array.from(plainText(post.body));
    const excerpt = chars === null ? null : chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : chars.join('');
    const by: UserRef | null = row.featuredBy === null ? null : featuredBy.get(row.featuredBy) ?? null;
    return [presentFeatured(row, { post, topic, unit: unitMap.get(post.author.id) ?? null, excerpt, featuredBy: by })];
  });
}
