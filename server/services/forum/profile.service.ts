import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { posts, topics, units } from '../../db/schema';
import type { JournalKind } from '../../domain/forum';
import type { Viewer } from '../../domain/roles';
import type { PageQuery } from '../../lib/keyset-cursor';
import type { Page } from '../../presenters/page.presenter';
import type { ProfileView } from '../../presenters/profile.presenter';
import type { TopicView } from '../../presenters/topic.presenter';
import { presentUser } from '../../presenters/user.presenter';
import { getUserByUsername } from '../accounts/user.service';
import { usedInForAuthor } from '../columns/column-usage.service';
import { postColumns, postsVisibleTo, presentPosts, presentTopics, topicsVisibleTo } from './forum.loader';
import { listJournal } from './topic.service';

/** How many recent topics and posts a profile shows. */
const RECENT = 8;

/** A member's profile page for one viewer: who they are, their unit, counts and recent writing; 404 for nobody. */
export async function loadProfile(db: DbOrTx, username: string, viewer: Viewer): Promise<ProfileView> {
  const user = await getUserByUsername(db, username);
  const [unitRows, postCount, topicCount, topicRows, postRows] = await Promise.all([
    user.unitId === null ? Promise.resolve([]) : db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, user.unitId)),
    // Counts are of published writing only: held posts count nowhere until approved.
    db.select({ n: sql<number>`count(*)::int` }).from(posts).where(and(eq(posts.authorId, user.id), eq(posts.held, false))),
    db.select({ n: sql<number>`count(*)::int` }).from(topics).where(and(eq(topics.authorId, user.id), eq(topics.held, false))),
    db.select().from(topics).where(and(eq(topics.authorId, user.id), topicsVisibleTo(viewer))).orderBy(desc(topics.id)).limit(RECENT),
    // Replies only: a topic's opening post is listed with the recent topics already.
    db.select(postColumns).from(posts)
      .where(and(eq(posts.authorId, user.id), postsVisibleTo(viewer),
        sql`${posts.id} <> coalesce((select ${topics.firstPostId} from ${topics} where ${topics.id} = ${posts.topicId}), 0)`))
      .orderBy(desc(posts.id)).limit(RECENT),
  ]);
  const topicIds = [...new Set(postRows.map((p) => p.topicId))];
  const [recentTopics, recentPostViews, titles, usedIn] = await Promise.all([
    presentTopics(db, topicRows, viewer),
    presentPosts(db, postRows, viewer),
    topicIds.length ? db.select({ id: topics.id, title: topics.title }).from(topics).where(inArray(topics.id, topicIds)) : Promise.resolve([]),
    usedInForAuthor(db, user.id),
  ]);
  const titleMap = new Map(titles.map((t) => [t.id, t.title]));
  return {
    user: presentUser(user),
    unit: unitRows[0] ?? null,
    postCount: Number(postCount[0]?.n ?? 0),
    topicCount: Number(topicCount[0]?.n ?? 0),
    recentTopics,
    recentPosts: recentPostViews.map((p) => ({ ...p, topicTitle: titleMap.get(p.topicId) ?? '' })),
    usedIn,
  };
}

/** The journal of a member (field notes, diaries, impressions), newest first; 404 for nobody. */
export async function journalOf(db: DbOrTx, username: string, page: PageQuery & { kind?: JournalKind }, viewer: Viewer): Promise<Page<TopicView>> {
  const user = await getUserByUsername(db, username);
  return listJournal(db, user.id, { limit: page.limit, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) }, viewer, page.kind);
}
