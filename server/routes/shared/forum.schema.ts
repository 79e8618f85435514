import { Type } from 'typebox';
import { BOARD_SLUG_PATTERN, REACTION_KINDS, TOPIC_KINDS, type ReactionKind } from '../../domain/forum';
import { BODY_INPUT_MAX_LENGTH, BODY_MAX_LENGTH, TITLE_INPUT_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../domain/limits';
import { FLAG_REASONS, VISIT_CLAIM_STATES } from '../../domain/moderation';
import { UserRefSchema } from './accounts.schema';
import { Nullable } from './common.schema';

/*
 * Schemas of boards, topics and posts, shared by the forum's routes and by the pages that
 * list topics (visits, places, profiles).
 */

/** A board slug in a path or body: 2–40 lower-case letters, digits and `-`. */
export const SlugSchema = Type.String({ pattern: BOARD_SLUG_PATTERN, minLength: 2, maxLength: 40 });

/** A topic kind. */
export const TopicKindSchema = Type.Enum(TOPIC_KINDS);

/** A reaction kind. */
export const ReactionKindSchema = Type.Enum(REACTION_KINDS);

/** A title as it arrives: trimmed and held to TITLE_MAX_LENGTH by the service. */
export const TitleInputSchema = Type.String({
  minLength: 1, maxLength: TITLE_INPUT_MAX_LENGTH, description: `1–${TITLE_MAX_LENGTH} characters after trimming.`,
});

/** A post body as it arrives: trimmed and held to BODY_MAX_LENGTH by the service. */
export const BodyInputSchema = Type.String({
  minLength: 1, maxLength: BODY_INPUT_MAX_LENGTH, description: `Markdown, 1–${BODY_MAX_LENGTH.toLocaleString('en')} characters after trimming.`,
});

/** A board on the board list. */
export const BoardSchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String({ description: "In the reader's language (Accept-Language), English falling back to Chinese." }),
  description: Type.String({ description: "In the reader's language, English falling back to Chinese." }),
  names: Type.Object({ zh: Type.String(), en: Type.String() }, { description: "Both names, for editors ('' when there is no English one)." }),
  descriptions: Type.Object({ zh: Type.String(), en: Type.String() }),
  topicCount: Type.Integer(),
  postCount: Type.Integer(),
  lastPostAt: Nullable(Type.String({ format: 'date-time' })),
  reviewBeforePublish: Type.Boolean({ description: '先审后发: new topics and replies wait for approval.' }),
});

/** The linked visit as a topic shows it, never its findings. */
export const VisitSummarySchema = Type.Object({
  id: Type.Integer(),
  placeId: Type.Integer(),
  placeName: Type.String(),
  visitedOn: Type.String({ format: 'date' }),
  activity: Type.String({ description: 'The campaign activity id of the visit (GET /api/campaign activities).' }),
});

/** A topic (API.md), with its board's slug, its author and an excerpt of its first post. */
export const TopicSchema = Type.Object({
  id: Type.Integer(),
  boardId: Type.Integer(),
  boardSlug: Type.String(),
  title: Type.String(),
  kind: TopicKindSchema,
  authorId: Type.Integer(),
  author: UserRefSchema,
  visitId: Nullable(Type.Integer()),
  visitConfirmed: Type.Boolean(),
  visitClaim: Type.Enum(VISIT_CLAIM_STATES, { description: 'none, claimed (待核实), confirmed (实地走访), rejected.' }),
  visit: Nullable(VisitSummarySchema),
  visitReviewNote: Nullable(Type.String({ description: 'A moderator\'s note on the claim; only the author and moderators see it.' })),
  locked: Type.Boolean(),
  lockReason: Nullable(Type.String()),
  pinned: Type.Boolean(),
  held: Type.Boolean({ description: 'The first post waits for approval (only its author and moderators receive it).' }),
  postCount: Type.Integer({ description: 'Every post of the topic, the first included.' }),
  lastPostAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  excerpt: Nullable(Type.String({ description: 'The start of the first post as plain text; null when it is hidden from you.' })),
});

const ReactionCounts = Type.Object(
  Object.fromEntries(REACTION_KINDS.map((k) => [k, Type.Integer()])) as Record<ReactionKind, ReturnType<typeof Type.Integer>>,
);

/** A post (API.md), with its place in the thread and the viewer's own reactions. */
export const PostSchema = Type.Object({
  id: Type.Integer(),
  topicId: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  author: UserRefSchema,
  body: Nullable(Type.String({ description: 'Markdown source; null when the post is hidden from you.' })),
  html: Nullable(Type.String({ description: 'Sanitised HTML rendered at write time; null when the post is hidden from you.' })),
  reactions: ReactionCounts,
  hidden: Type.Boolean(),
  held: Type.Boolean({ description: 'Waits for approval (待审核); only its author and moderators receive it.' }),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Nullable(Type.String({ format: 'date-time' })),
  depth: Type.Integer({ description: '0 for the first post and other roots, parent depth + 1 for a reply.' }),
  replyCount: Type.Integer({ description: 'Direct replies to this post.' }),
  myReactions: Type.Optional(Type.Array(ReactionKindSchema, { description: 'Your reactions (signed-in viewers only).' })),
  myFlag: Type.Optional(Nullable(Type.Object({
    id: Type.Integer(),
    reason: Type.Enum(FLAG_REASONS),
    note: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  }, { description: 'Your open flag on this post (signed-in viewers only).' }))),
  hiddenAction: Type.Optional(Nullable(Type.Object({
    logId: Type.Integer({ description: 'The mod-log id of the hide: what POST /api/appeals names as `action`.' }),
    reason: Nullable(Type.String()),
    at: Type.String({ format: 'date-time' }),
  }, { description: 'The hide of a hidden post; only its author and moderators receive it.' }))),
});
