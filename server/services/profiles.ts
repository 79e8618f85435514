import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { posts, topics, units, type UserRow } from '../db/schema';
import type { PostView } from '../presenters/post.presenter';
import type { Viewer } from '../domain/roles';
import type { TopicView } from '../presenters/topic.presenter';
import { presentUser, type UserView } from '../presenters/user.presenter';
import { postColumns, presentPosts, presentTopics } from './forum-present';

/** A member's profile page: who they are, their unit, counts and recent writing. */
export interface ProfileView {
  user: UserView;
  unit: { id: number; name: string } | null;
  postCount: number;
  topicCount: number;
  recentTopics: TopicView[];
  recentPosts: (PostView & { topicTitle: string })[];
}

const RECENT = 8;

/** Builds the profile of a user for one viewer. */
export async function loadProfile(db: DbOrTx, user: UserRow, viewer: Viewer): Promise<ProfileView> {
  const [unitRows, postCount, topicCount, topicRows, postRows] = await Promise.all([
    user.unitId === null ? Promise.resolve([]) : db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, user.unitId)),
    db.select({ n: sql<number>`count(*)::int` }).from(posts).where(eq(posts.authorId, user.id)),
    db.select({ n: sql<number>`count(*)::int` }).from(topics).where(eq(topics.authorId, user.id)),
    db.select().from(topics).where(eq(topics.authorId, user.id)).orderBy(desc(topics.id)).limit(RECENT),
    db.select(postColumns).from(posts).where(eq(posts.authorId, user.id)).orderBy(desc(posts.id)).limit(RECENT),
  ]);
  const topicIds = [...new Set(postRows.map((p) => p.topicId))];
  const [recentTopics, recentPostViews, titles] = await Promise.all([
    presentTopics(db, topicRows, viewer),
    presentPosts(db, postRows, viewer),
    topicIds.length ? db.select({ id: topics.id, title: topics.title }).from(topics).where(inArray(topics.id, topicIds)) : Promise.resolve([]),
  ]);
  const titleMap = new Map(titles.map((t) => [t.id, t.title]));
  return {
    user: presentUser(user),
    unit: unitRows[0] ?? null,
    postCount: Number(postCount[0]?.n ?? 0),
    topicCount: Number(topicCount[0]?.n ?? 0),
    recentTopics,
    recentPosts: recentPostViews.map((p) => ({ ...p, topicTitle: titleMap.get(p.topicId) ?? '' })),
  };
}
