import { Type } from 'typebox';
import { REACTION_KINDS, TOPIC_KINDS } from '../../domain/forum';
import { CursorSchema, LimitSchema, Nullable } from '../shared.schema';

/** A user as posts, topics and notifications name them. */
export const AuthorRefSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
});

/** A board on the board list. */
export const BoardSchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  topicCount: Type.Integer(),
  postCount: Type.Integer(),
  lastPostAt: Nullable(Type.String({ format: 'date-time' })),
});

/** A topic (API.md), with its board's slug, its author and an excerpt of its first post. */
export const TopicSchema = Type.Object({
  id: Type.Integer(),
  boardId: Type.Integer(),
  boardSlug: Type.String(),
  title: Type.String(),
  kind: Type.Enum(TOPIC_KINDS),
  authorId: Type.Integer(),
  author: AuthorRefSchema,
  visitId: Nullable(Type.Integer()),
  visitConfirmed: Type.Boolean(),
  locked: Type.Boolean(),
  pinned: Type.Boolean(),
  postCount: Type.Integer({ description: 'Every post of the topic, the first included.' }),
  lastPostAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  excerpt: Nullable(Type.String({ description: 'The start of the first post as plain text; null when it is hidden from you.' })),
});

const ReactionCounts = Type.Object(
  Object.fromEntries(REACTION_KINDS.map((k) => [k, Type.Integer()])) as Record<(typeof REACTION_KINDS)[number], ReturnType<typeof Type.Integer>>,
);

/** A post (API.md), with its place in the thread and the viewer's own reactions. */
export const PostSchema = Type.Object({
  id: Type.Integer(),
  topicId: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  author: AuthorRefSchema,
  body: Nullable(Type.String({ description: 'Markdown source; null when the post is hidden from you.' })),
  html: Nullable(Type.String({ description: 'Sanitised HTML rendered at write time; null when the post is hidden from you.' })),
  reactions: ReactionCounts,
  hidden: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Nullable(Type.String({ format: 'date-time' })),
  depth: Type.Integer({ description: '0 for the first post and other roots, parent depth + 1 for a reply.' }),
  replyCount: Type.Integer({ description: 'Direct replies to this post.' }),
  myReactions: Type.Optional(Type.Array(Type.Enum(REACTION_KINDS), { description: 'Your reactions (signed-in viewers only).' })),
});

/** `limit` (1–100, default 20) and an opaque `cursor` of a keyset-paged list. */
export const PageQuerySchema = Type.Object({
  limit: LimitSchema,
  cursor: Type.Optional(CursorSchema),
});

/** `{items, nextCursor}` of a keyset-paged list. */
export const pageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

/**
 * The realtime room's sequence number read before the data: subscribing with it as `since`
 * replays whatever changed while the answer travelled, so a view never misses an event.
 */
export const RoomSeqSchema = Type.Integer({
  minimum: 0,
  description: 'The seq of this view\'s realtime room, read before the data: subscribe with it as `since`.',
});

/** A page of a view that a realtime room keeps current: the page plus the room's seq. */
export const livePageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()), seq: RoomSeqSchema });

/** A board slug in a path or body: 2–40 lower-case letters, digits and `-`. */
export const SlugSchema = Type.String({ pattern: '^[a-z0-9-]{2,40}$', minLength: 2, maxLength: 40 });
