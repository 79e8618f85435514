import { Type } from 'typebox';
import { FEATURED_COLLECTIONS } from '../../domain/moderation';
import { UserRefSchema } from '../shared/accounts.schema';
import { IdSchema, Nullable, PageQuerySchema, RoomSeqSchema, errorResponses } from '../shared/common.schema';

const NotificationSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String({ description: '`mention`, `reply`, or a moderation type: post_hidden, post_unhidden, post_approved, post_rejected, topic_locked, topic_unlocked, topic_moved, visit_confirmed, visit_rejected, user_silenced, appeal_decided, post_featured; or post_used (a post was used in a published column edition).' }),
  postId: Type.Union([Type.Integer(), Type.Null()]),
  topicId: Type.Union([Type.Integer(), Type.Null()]),
  actor: Type.Union([UserRefSchema, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  topicTitle: Type.Union([Type.String(), Type.Null()]),
  data: Nullable(Type.Object({
    modLogId: Type.Optional(Type.Integer()),
    note: Type.Optional(Type.String()),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    outcome: Type.Optional(Type.Union([Type.Literal('upheld'), Type.Literal('overturned')])),
    boardSlug: Type.Optional(Type.String()),
    collection: Type.Optional(Type.Enum(FEATURED_COLLECTIONS)),
    columnSlug: Type.Optional(Type.String()),
    columnName: Type.Optional(Type.String()),
    outletName: Type.Optional(Type.String()),
    editionId: Type.Optional(Type.Integer()),
    editionNumber: Type.Optional(Type.Integer()),
    editionTitle: Type.Optional(Type.String()),
  }, { description: 'What a moderation notification says; null for replies and mentions.' })),
});

/** GET /api/notifications: newest first, with the unread count. */
export const listNotificationsSchema = {
  tags: ['notifications'],
  querystring: PageQuerySchema,
  response: {
    200: Type.Object({ items: Type.Array(NotificationSchema), nextCursor: Nullable(Type.String()), unreadCount: Type.Integer() }),
    ...errorResponses,
  },
};

/** GET /api/notifications/unread-count */
export const unreadCountSchema = {
  tags: ['notifications'],
  response: { 200: Type.Object({ count: Type.Integer(), seq: RoomSeqSchema }), ...errorResponses },
};

/** POST /api/notifications/read: `{ids}` or `{all: true}`. */
export const markReadSchema = {
  tags: ['notifications'],
  body: Type.Object(
    {
      ids: Type.Optional(Type.Array(IdSchema, { maxItems: 500 })),
      all: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  response: { 204: Type.Null(), ...errorResponses },
};
