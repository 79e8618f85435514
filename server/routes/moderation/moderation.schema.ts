import { Type } from 'typebox';
import {
  APPEAL_STATUSES, APPEAL_TEXT_MAX_LENGTH, BULK_MAX_ITEMS, FLAG_REASONS, FLAG_STATUSES, MOD_LOG_ACTIONS, MOD_NOTE_MAX_LENGTH,
  MOD_TARGET_TYPES, QUEUE_ACTIONS, QUEUE_ITEM_TYPES, QUEUE_SORTS, QUEUE_STATUSES, VISIT_CLAIM_STATES, WATCHED_WORD_ACTIONS,
  WATCHED_WORD_MAX_LENGTH,
} from '../../domain/moderation';
import { NameSchema, UserRefSchema, UserSchema } from '../shared/accounts.schema';
import { CursorSchema, DateSchema, IdParams, IdSchema, LimitSchema, Nullable, RoomSeqSchema, errorResponses, pageOf } from '../shared/common.schema';
import { BoardSchema, PostSchema, SlugSchema, TopicKindSchema, TopicSchema } from '../shared/forum.schema';

/*
 * Schemas of the moderation layer (issue 10): actions on posts, topics and people, flags,
 * the review queue, reason templates, the log, watched words, boards' review setting, appeals.
 */

const Note = Type.String({ maxLength: MOD_NOTE_MAX_LENGTH, description: 'Why; shown to the author where it concerns them.' });
const OptionalNote = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time', maxLength: 40 });
const ModLogActionSchema = Type.Enum(MOD_LOG_ACTIONS);
const QueueActionSchema = Type.Enum(QUEUE_ACTIONS);

/** One row of the moderation log. */
export const ModLogSchema = Type.Object({
  id: Type.Integer(),
  action: ModLogActionSchema,
  moderator: Nullable(UserRefSchema),
  targetType: Type.Enum(MOD_TARGET_TYPES),
  targetId: Type.Integer(),
  targetUser: Nullable(UserRefSchema),
  note: Nullable(Type.String()),
  before: Nullable(Type.Record(Type.String(), Type.Unknown())),
  after: Nullable(Type.Record(Type.String(), Type.Unknown())),
  createdAt: DateTime,
});

/** An appeal and its outcome. */
export const AppealSchema = Type.Object({
  id: Type.Integer(),
  action: ModLogSchema,
  text: Type.String(),
  status: Type.Enum(APPEAL_STATUSES),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  createdAt: DateTime,
});

const FlagSchema = Type.Object({
  id: Type.Integer(),
  postId: Type.Integer(),
  reason: Type.Enum(FLAG_REASONS),
  note: Nullable(Type.String()),
  status: Type.Enum(FLAG_STATUSES),
  createdAt: DateTime,
});

/** One item of the review queue. */
export const QueueItemSchema = Type.Object({
  id: Type.Integer(),
  type: Type.Enum(QUEUE_ITEM_TYPES),
  status: Type.Enum(QUEUE_STATUSES),
  createdAt: DateTime,
  updatedAt: DateTime,
  board: Nullable(Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() })),
  topic: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), kind: TopicKindSchema, visitClaim: Type.Enum(VISIT_CLAIM_STATES), visitId: Nullable(Type.Integer()) })),
  post: Nullable(PostSchema),
  author: Nullable(Type.Object({
    ...UserRefSchema.properties,
    postCount: Type.Integer({ description: 'Published posts.' }),
    moderationCount: Type.Integer({ description: 'Moderation log rows about them.' }),
    silencedUntil: Nullable(DateTime),
    suspendedUntil: Nullable(DateTime),
  })),
  flags: Type.Array(Type.Object({ ...FlagSchema.properties, user: UserRefSchema })),
  flagCount: Type.Integer({ description: 'Open flags on the post.' }),
  visit: Nullable(Type.Object({
    id: Type.Integer(), placeId: Type.Integer(), placeName: Type.String(), visitedOn: Type.String({ format: 'date' }),
    createdBy: UserRefSchema, participantIds: Type.Array(Type.Integer()),
  })),
  appeal: Nullable(AppealSchema),
  claimedBy: Nullable(UserRefSchema),
  claimedAt: Nullable(DateTime),
  resolution: Nullable(Type.Object({ action: QueueActionSchema, note: Nullable(Type.String()), by: Nullable(UserRefSchema), at: DateTime })),
});

const ReasonTemplateSchema = Type.Object({ id: Type.Integer(), title: Type.String(), text: Type.String(), createdAt: DateTime });
const WatchedWordSchema = Type.Object({
  id: Type.Integer(), word: Type.String(), action: Type.Enum(WATCHED_WORD_ACTIONS), replacement: Nullable(Type.String()), createdAt: DateTime,
});

const postAnswer = { 200: Type.Object({ post: PostSchema }), ...errorResponses };
const topicAnswer = { 200: Type.Object({ topic: TopicSchema }), ...errorResponses };
const userAnswer = { 200: Type.Object({ user: UserSchema }), ...errorResponses };
const itemAnswer = { 200: Type.Object({ item: QueueItemSchema }), ...errorResponses };
const CSV = 'text/csv';

/** POST /api/posts/:id/hide, /unhide (moderator) */
export const hideSchema = { tags: ['moderation'], params: IdParams, body: OptionalNote, response: postAnswer };

/** POST /api/topics/:id/lock (moderator): the reason shows on the topic and in 423 answers. */
export const lockSchema = {
  tags: ['moderation'],
  params: IdParams,
  body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: MOD_NOTE_MAX_LENGTH })) }, { additionalProperties: false }),
  response: topicAnswer,
};

/** POST /api/topics/:id/unlock, /pin, /unpin (moderator) */
export const topicFlagSchema = { tags: ['moderation'], params: IdParams, body: OptionalNote, response: topicAnswer };

/** POST /api/topics/:id/move (moderator) */
export const moveSchema = {
  tags: ['moderation'],
  params: IdParams,
  body: Type.Object({ boardSlug: SlugSchema, note: Type.Optional(Note) }, { additionalProperties: false }),
  response: topicAnswer,
};

/** PUT /api/topics/:id/visit (author or moderator) */
export const visitLinkSchema = {
  tags: ['moderation'],
  description: 'The author claims a visit they logged or took part in (it waits in the queue: 待核实); a moderator on someone else\'s note links it confirmed at once; null unlinks.',
  params: IdParams,
  body: Type.Object({ visitId: Nullable(IdSchema) }, { additionalProperties: false }),
  response: topicAnswer,
};

/** POST /api/users/:id/silence, /suspend (moderator) */
export const restrictSchema = {
  tags: ['moderation'],
  params: IdParams,
  body: Type.Object({ until: DateTime, reason: Type.String({ minLength: 1, maxLength: MOD_NOTE_MAX_LENGTH }) }, { additionalProperties: false }),
  response: userAnswer,
};

/** DELETE /api/users/:id/silence, /suspend (moderator) */
export const liftSchema = { tags: ['moderation'], params: IdParams, response: userAnswer };

/** POST /api/posts/:id/flags (member) */
export const flagSchema = {
  tags: ['moderation'],
  params: IdParams,
  body: Type.Object({ reason: Type.Enum(FLAG_REASONS), note: Type.Optional(Note) }, { additionalProperties: false }),
  response: { 201: Type.Object({ flag: FlagSchema, post: PostSchema }), ...errorResponses },
};

/** DELETE /api/posts/:id/flags/mine (member) */
export const withdrawFlagSchema = { tags: ['moderation'], params: IdParams, response: postAnswer };

/** GET /api/mod/queue (moderator) */
export const queueSchema = {
  tags: ['moderation'],
  querystring: Type.Object({
    type: Type.Optional(Type.Enum(QUEUE_ITEM_TYPES)),
    board: Type.Optional(SlugSchema),
    status: Type.Enum(QUEUE_STATUSES, { default: 'open' }),
    assigned: Type.Optional(Type.Literal('me')),
    sort: Type.Enum(QUEUE_SORTS, { default: 'newest' }),
    limit: LimitSchema,
    cursor: Type.Optional(CursorSchema),
  }),
  response: {
    200: Type.Object({ items: Type.Array(QueueItemSchema), nextCursor: Nullable(Type.String()), open: Type.Integer(), seq: RoomSeqSchema }),
    ...errorResponses,
  },
};

/** GET /api/mod/queue/count (moderator): the header badge. */
export const queueCountSchema = {
  tags: ['moderation'],
  response: { 200: Type.Object({ open: Type.Integer(), seq: RoomSeqSchema }), ...errorResponses },
};

/** GET /api/mod/queue/:id, POST and DELETE /api/mod/queue/:id/claim (moderator) */
export const itemSchema = { tags: ['moderation'], params: IdParams, response: itemAnswer };

const ResolveFields = {
  action: QueueActionSchema,
  note: Type.Optional(Note),
  lockTopic: Type.Optional(Type.Boolean({ description: 'Also lock the item\'s topic.' })),
  lockReason: Type.Optional(Type.String({ maxLength: MOD_NOTE_MAX_LENGTH })),
  silenceUntil: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Also silence the item\'s author until then (the note is the reason).' })),
};

/** POST /api/mod/queue/:id/resolve (moderator) */
export const resolveSchema = {
  tags: ['moderation'],
  description: 'Actions by type — flag: dismiss, hide; held_post: approve, reject; visit_claim: confirm_visit, reject_visit; appeal: uphold, overturn.',
  params: IdParams,
  body: Type.Object(ResolveFields, { additionalProperties: false }),
  response: itemAnswer,
};

/** POST /api/mod/queue/bulk (moderator) */
export const bulkSchema = {
  tags: ['moderation'],
  body: Type.Object({
    ids: Type.Array(IdSchema, { minItems: 1, maxItems: BULK_MAX_ITEMS }),
    action: QueueActionSchema,
    note: Type.Optional(Note),
  }, { additionalProperties: false }),
  response: {
    200: Type.Object({
      results: Type.Array(Type.Object({
        id: Type.Integer(), ok: Type.Boolean(), code: Nullable(Type.String()), message: Nullable(Type.String()), item: Nullable(QueueItemSchema),
      })),
    }),
    ...errorResponses,
  },
};

const TemplateFields = {
  title: Type.String({ minLength: 1, maxLength: 100 }),
  text: Type.String({ minLength: 1, maxLength: MOD_NOTE_MAX_LENGTH }),
};

/** GET /api/mod/reason-templates (moderator) */
export const listTemplatesSchema = { tags: ['moderation'], response: { 200: Type.Object({ items: Type.Array(ReasonTemplateSchema) }), ...errorResponses } };
/** POST /api/mod/reason-templates (admin) */
export const createTemplateSchema = {
  tags: ['moderation'],
  body: Type.Object(TemplateFields, { additionalProperties: false }),
  response: { 201: Type.Object({ template: ReasonTemplateSchema }), ...errorResponses },
};
/** PATCH /api/mod/reason-templates/:id (admin) */
export const updateTemplateSchema = {
  tags: ['moderation'],
  params: IdParams,
  body: Type.Object({ title: Type.Optional(TemplateFields.title), text: Type.Optional(TemplateFields.text) }, { additionalProperties: false }),
  response: { 200: Type.Object({ template: ReasonTemplateSchema }), ...errorResponses },
};
/** DELETE /api/mod/reason-templates/:id (admin) */
export const deleteTemplateSchema = { tags: ['moderation'], params: IdParams, response: { 204: Type.Null(), ...errorResponses } };

const LogFilters = {
  moderatorId: Type.Optional(IdSchema),
  targetUserId: Type.Optional(IdSchema),
  action: Type.Optional(ModLogActionSchema),
  from: Type.Optional(DateSchema),
  to: Type.Optional(DateSchema),
};

/** GET /api/mod/log (moderator): newest first. */
export const logSchema = {
  tags: ['moderation'],
  querystring: Type.Object({ ...LogFilters, limit: LimitSchema, cursor: Type.Optional(CursorSchema) }),
  response: { 200: pageOf(ModLogSchema), ...errorResponses },
};

/** GET /api/mod/log.csv (moderator) */
export const logCsvSchema = {
  tags: ['moderation'],
  querystring: Type.Object(LogFilters),
  response: {
    200: Type.Unsafe<string>({ description: 'The log as CSV (UTF-8 with a BOM, every field quoted, formula-safe).', content: { [CSV]: { schema: Type.String() } } }),
    ...errorResponses,
  },
};

/** GET /api/watched-words (admin) */
export const listWordsSchema = {
  tags: ['moderation'],
  querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: WATCHED_WORD_MAX_LENGTH })), limit: LimitSchema, cursor: Type.Optional(CursorSchema) }),
  response: { 200: pageOf(WatchedWordSchema), ...errorResponses },
};
/** POST /api/watched-words (admin) */
export const createWordSchema = {
  tags: ['moderation'],
  body: Type.Object({
    word: Type.String({ minLength: 1, maxLength: WATCHED_WORD_MAX_LENGTH }),
    action: Type.Enum(WATCHED_WORD_ACTIONS),
    replacement: Type.Optional(Type.String({ maxLength: WATCHED_WORD_MAX_LENGTH })),
  }, { additionalProperties: false }),
  response: { 201: Type.Object({ word: WatchedWordSchema }), ...errorResponses },
};
/** DELETE /api/watched-words/:id (admin) */
export const deleteWordSchema = { tags: ['moderation'], params: IdParams, response: { 204: Type.Null(), ...errorResponses } };
/** GET /api/watched-words.csv (admin) */
export const exportWordsSchema = {
  tags: ['moderation'],
  response: { 200: Type.Unsafe<string>({ description: 'word,action,replacement as CSV with a BOM.', content: { [CSV]: { schema: Type.String() } } }), ...errorResponses },
};
/** POST /api/watched-words/import (admin) */
export const importWordsSchema = {
  tags: ['moderation'],
  body: Type.Object({ csv: Type.String({ minLength: 1, maxLength: 900_000 }) }, { additionalProperties: false }),
  response: {
    200: Type.Object({ added: Type.Integer(), updated: Type.Integer(), skipped: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })) }),
    ...errorResponses,
  },
};

/** POST /api/appeals (member) */
export const createAppealSchema = {
  tags: ['moderation'],
  body: Type.Object({ action: IdSchema, text: Type.String({ minLength: 1, maxLength: APPEAL_TEXT_MAX_LENGTH }) }, { additionalProperties: false }),
  response: { 201: Type.Object({ appeal: AppealSchema }), ...errorResponses },
};
/** GET /api/appeals/mine (member) */
export const myAppealsSchema = {
  tags: ['moderation'],
  response: {
    200: Type.Object({
      items: Type.Array(AppealSchema),
      appealable: Type.Array(Type.Object({
        ...ModLogSchema.properties,
        subject: Nullable(Type.Object(
          { postId: Type.Integer(), topicId: Type.Integer(), title: Type.String() },
          { description: 'The member\'s post the action concerns, by its topic\'s title; null for a silence.' },
        )),
      }), { description: 'Hides, rejections and silences that concern the member, still in force and not yet appealed, newest first (at most 50).' }),
    }),
    ...errorResponses,
  },
};
