import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import type { ReactionKind } from '../../domain/forum';
import { hasRole, type RoleHolder } from '../../domain/roles';
import type { LivePage } from '../../presenters/page.presenter';
import type { MyFlagView, PostView } from '../../presenters/post.presenter';
import type { TopicPageView, TopicView } from '../../presenters/topic.presenter';

/*
 * A signed-in reader's answer as the shared (anonymous) answer of the public reads' cache plus
 * an overlay of what differs for this viewer (issue 14 item 1), so a signed-in crowd reads
 * from memory too.
 *
 * What differs per viewer, field by field (presentPost, presentTopic, selectPresentedTopics,
 * postsVisibleTo, topicsVisibleTo and loadHiddenActions compared for `null` and for a member):
 *
 *  post   myReactions     absent for anonymous; the viewer's reactions ([] when none)   -> overlay
 *         myFlag          absent for anonymous; the viewer's open flag or null           -> overlay
 *         body, html      null when hidden, except for its author (and moderators)       -> fresh when the
 *                                                                                           viewer wrote a hidden post here
 *         hiddenAction    only on a hidden post its author (or a moderator) reads        -> same test
 *         (membership)    a held post is listed for its author (and moderators)          -> fresh when the
 *                                                                                           viewer has a held post here
 *  topic  excerpt         null when the first post is hidden, except for its author      -> fresh (hidden post of theirs)
 *         visit           a rejected (or unclaimed) link shows to the topic's author     -> fresh when the viewer's topic
 *         visitReviewNote only the topic's author (and moderators) see it                   has a note or such a link
 *         (membership)    a held topic is listed for its author (and moderators)         -> fresh when it is theirs
 *  page   seq, nextCursor, usedIn, reactions counts, everything else: the same for every reader.
 *
 * Nothing else in these answers depends on the viewer (no permissions, no subscription
 * state: the client works those out from its own user). So for a member who is not a
 * moderator the answer is the shared one with `myReactions` and `myFlag` set on each post,
 * unless the viewer has something of their own here that the shared answer leaves out or
 * masks: a held topic or post, a hidden post, a topic of theirs with a visit-review note or a
 * link only they see. That case is rare, and then the answer is read fresh (correct first).
 * The overlay and that test are one statement over indexes: the reactions' primary key,
 * flags_open_idx, and the two small partial indexes posts_author_unseen_idx and
 * topics_author_insider_idx (rows only a few people may see whole).
 *
 * Moderators and admins are always read fresh: they see every hidden body and held post,
 * so nearly every answer of theirs differs from the shared one.
 */

/** Does this viewer always read fresh (moderators and admins: hidden bodies and held posts everywhere)? */
export function readsFresh(viewer: RoleHolder): boolean {
  return hasRole(viewer, 'moderator');
}

/** The topic an overlay is about: by its id, or as the topic of a post (the replies below it). */
export type OverlayTopic = { topicId: number } | { postId: number };

/** A json column as the driver hands it: parsed already, or text. */
function parsed<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** The viewer's own rows in a topic the shared answer leaves out or masks (the indexed test). */
function ownUnseenInTopic(viewerId: number, topic: SQL): SQL {
  return sql`(exists (select 1 from posts p where p.author_id = ${viewerId}::int and p.topic_id = ${topic} and (p.hidden or p.held))
    or exists (select 1 from topics t where t.author_id = ${viewerId}::int and t.id = ${topic}
      and (t.held or t.visit_review_note is not null or (t.visit_id is not null and t.visit_claim not in ('claimed', 'confirmed')))))`;
}

/**
 * Sets the viewer's reactions and open flags on shared post views, and answers whether the
 * viewer has anything of their own in the topic that the shared answer leaves out or masks
 * (then the caller reads fresh): one statement.
 */
async function overlayOnPosts(db: DbOrTx, viewerId: number, where: OverlayTopic, items: PostView[]): Promise<boolean> {
  const topic = 'topicId' in where ? sql`${where.topicId}::int` : sql`(select topic_id from posts where id = ${where.postId}::int)`;
  const ids = sql.join(items.map((p) => sql`${p.id}::int`), sql`, `);
  const [row] = await queryRows<{ unseen: unknown; mine: unknown; flags: unknown }>(db, sql`select
    ${ownUnseenInTopic(viewerId, topic)} as unseen,
    ${items.length === 0 ? sql`null::json` : sql`(select json_agg(json_build_array(r.post_id, r.kind) order by r.post_id, r.kind)
      from post_reactions r where r.user_id = ${viewerId}::int and r.post_id in (${ids}))`} as mine,
    ${items.length === 0 ? sql`null::json` : sql`(select json_agg(json_build_object('postId', f.post_id, 'id', f.id, 'reason', f.reason, 'note', f.note, 'createdAt', f.created_at) order by f.id desc)
      from flags f where f.user_id = ${viewerId}::int and f.status = 'open' and f.post_id in (${ids}))`} as flags`);
  if (!row || row.unseen === true || row.unseen === 't') return false;
  const mine = new Map<number, ReactionKind[]>();
  for (const [postId, kind] of parsed<[number, ReactionKind][]>(row.mine) ?? []) mine.set(postId, [...(mine.get(postId) ?? []), kind]);
  const flags = new Map<number, MyFlagView>();
  for (const f of parsed<(MyFlagView & { postId: number })[]>(row.flags) ?? []) {
    // Newest first: the first of a post is the one the fresh read picks.
    if (!flags.has(f.postId)) flags.set(f.postId, { id: f.id, reason: f.reason, note: f.note, createdAt: new Date(f.createdAt).toISOString() });
  }
  for (const post of items) {
    post.myReactions = mine.get(post.id) ?? [];
    post.myFlag = flags.get(post.id) ?? null;
  }
  return true;
}

/** GET /api/topics/:id for a member: the shared page with their marks, or null to read fresh. */
export async function overlayTopicPage(db: DbOrTx, viewerId: number, topicId: number, shared: TopicPageView): Promise<TopicPageView | null> {
  return (await overlayOnPosts(db, viewerId, { topicId }, shared.posts.items)) ? shared : null;
}

/** GET /api/topics/:id/tree and /api/posts/:id/replies for a member: the shared page with their marks, or null to read fresh. */
export async function overlayPostPage(db: DbOrTx, viewerId: number, where: OverlayTopic, shared: LivePage<PostView>): Promise<LivePage<PostView> | null> {
  return (await overlayOnPosts(db, viewerId, where, shared.items)) ? shared : null;
}

/**
 * GET /api/boards/:slug/topics for a member: the shared page itself (topics carry no marks of
 * the viewer), or null to read fresh when a topic of the board is theirs in a way the shared
 * answer leaves out or masks (held, a hidden first post, a review note or a link only they see).
 */
export async function overlayBoardTopics(db: DbOrTx, viewerId: number, slug: string, shared: LivePage<TopicView>): Promise<LivePage<TopicView> | null> {
  const [row] = await queryRows<{ unseen: unknown }>(db, sql`select (
    exists (select 1 from posts p join topics t on t.id = p.topic_id
      where p.author_id = ${viewerId}::int and (p.hidden or p.held) and t.first_post_id = p.id
        and t.board_id = (select b.id from boards b where b.slug = ${slug}))
    or exists (select 1 from topics t where t.author_id = ${viewerId}::int
      and (t.held or t.visit_review_note is not null or (t.visit_id is not null and t.visit_claim not in ('claimed', 'confirmed')))
      and t.board_id = (select b.id from boards b where b.slug = ${slug}))) as unseen`);
  return !row || row.unseen === true || row.unseen === 't' ? null : shared;
}
