import { Type } from 'typebox';
import { CITATION_MAX_LENGTH, FEATURED_COLLECTIONS, FEATURED_NAME_MAX_LENGTH, MOD_NOTE_MAX_LENGTH } from '../../domain/moderation';
import { UserRefSchema, UsernameSchema } from '../shared/accounts.schema';
import { CursorSchema, IdParams, IdSchema, LimitSchema, Nullable, RoomSeqSchema, errorResponses } from '../shared/common.schema';
import { PostSchema, TopicSchema, VisitSummarySchema } from '../shared/forum.schema';

/*
 * Schemas of the featured wall (最美衢州人, issue 11): featuring a post, editing and removing
 * the feature, and the public wall.
 */

const CollectionSchema = Type.Enum(FEATURED_COLLECTIONS, { description: 'exemplars (先进典型), good_people (身边好人), good_deeds (凡人善举).' });
const Citation = Type.String({ minLength: 1, maxLength: CITATION_MAX_LENGTH, description: '推荐理由: why this post is featured (watched words apply).' });
const OptionalName = (description: string) => Nullable(Type.String({ maxLength: FEATURED_NAME_MAX_LENGTH, description }));
const DateTime = Type.String({ format: 'date-time' });

/** One entry of the wall. */
export const FeaturedSchema = Type.Object({
  id: Type.Integer(),
  collection: CollectionSchema,
  citation: Type.String(),
  personName: Nullable(Type.String()),
  place: Nullable(Type.String()),
  post: PostSchema,
  topic: TopicSchema,
  author: UserRefSchema,
  unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  excerpt: Nullable(Type.String({ description: 'The start of the featured post as plain text; null when it is hidden from you.' })),
  visitConfirmed: Type.Boolean({ description: 'The topic\'s visit is confirmed (实地走访).' }),
  visit: Nullable(VisitSummarySchema),
  photo: Nullable(Type.Object({ url: Type.String(), thumbnailUrl: Type.String() }, { description: 'The post\'s first uploaded photo.' })),
  featuredBy: Nullable(UserRefSchema),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const FeaturedAnswer = Type.Object({ featured: FeaturedSchema });

/** POST /api/featured (moderator) */
export const featureSchema = {
  tags: ['featured'],
  body: Type.Object({
    postId: IdSchema,
    collection: CollectionSchema,
    citation: Citation,
    personName: Type.Optional(OptionalName('The person\'s or deed\'s name.')),
    place: Type.Optional(OptionalName('Where.')),
  }, { additionalProperties: false }),
  response: { 201: FeaturedAnswer, ...errorResponses },
};

/** PATCH /api/featured/:id (moderator) */
export const updateFeaturedSchema = {
  tags: ['featured'],
  params: IdParams,
  body: Type.Object({
    citation: Type.Optional(Citation),
    personName: Type.Optional(OptionalName('The person\'s or deed\'s name; null clears it.')),
    place: Type.Optional(OptionalName('Where; null clears it.')),
  }, { additionalProperties: false, minProperties: 1 }),
  response: { 200: FeaturedAnswer, ...errorResponses },
};

/** DELETE /api/featured/:id?note= (moderator): the note (why) goes to the moderation log. */
export const unfeatureSchema = {
  tags: ['featured'],
  params: IdParams,
  querystring: Type.Object({ note: Type.Optional(Type.String({ maxLength: MOD_NOTE_MAX_LENGTH, description: 'Why; kept in the moderation log.' })) }),
  response: { 204: Type.Null(), ...errorResponses },
};

/** GET /api/featured (anyone): the wall, newest first, with each collection's count toward its target. */
export const wallSchema = {
  tags: ['featured'],
  querystring: Type.Object({
    collection: Type.Optional(CollectionSchema),
    unitId: Type.Optional(IdSchema),
    phase: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'A phase id of the campaign (GET /api/campaign).' })),
    postId: Type.Optional(IdSchema),
    author: Type.Optional(UsernameSchema),
    limit: LimitSchema,
    cursor: Type.Optional(CursorSchema),
  }),
  response: {
    200: Type.Object({
      items: Type.Array(FeaturedSchema),
      nextCursor: Nullable(Type.String()),
      counts: Type.Array(Type.Object({ collection: CollectionSchema, count: Type.Integer(), target: Type.Integer() })),
      seq: RoomSeqSchema,
    }),
    ...errorResponses,
  },
};
