import { Type } from 'typebox';
import { TOPIC_KINDS } from '../../domain/forum';
import { IdParams, IdSchema, Nullable, errorResponses } from '../shared.schema';
import { PageQuerySchema, PostSchema, RoomSeqSchema, SlugSchema, TopicSchema, livePageOf, pageOf } from '../boards/forum.schema';

const withLocked = { ...errorResponses, 423: errorResponses[400] };

/** GET /api/boards/:slug/topics: pinned first, then newest activity. */
export const listTopicsSchema = {
  tags: ['topics'],
  params: Type.Object({ slug: SlugSchema }),
  querystring: PageQuerySchema,
  response: { 200: livePageOf(TopicSchema), ...errorResponses },
};

/** POST /api/boards/:slug/topics (member; rate limited) */
export const createTopicSchema = {
  tags: ['topics'],
  params: Type.Object({ slug: SlugSchema }),
  body: Type.Object(
    {
      title: Type.String({ minLength: 1, maxLength: 1000, description: '1–200 characters after trimming.' }),
      body: Type.String({ minLength: 1, maxLength: 60000, description: 'Markdown, 1–50,000 characters after trimming.' }),
      kind: Type.Optional(Type.Enum(TOPIC_KINDS)),
      visitId: Type.Optional(Nullable(IdSchema)),
    },
    { additionalProperties: false },
  ),
  response: { 201: Type.Object({ topic: TopicSchema, post: PostSchema }), ...errorResponses },
};

/** GET /api/topics/:id: the topic and the first page of its posts, oldest first. */
export const getTopicSchema = {
  tags: ['topics'],
  params: IdParams,
  querystring: PageQuerySchema,
  response: { 200: Type.Object({ topic: TopicSchema, posts: pageOf(PostSchema), seq: RoomSeqSchema }), ...errorResponses },
};

/** GET /api/topics/:id/tree: the thread, depth first, siblings oldest first. */
export const getTreeSchema = {
  tags: ['topics'],
  description: 'The posts of a topic in thread order: each reply right after its parent (depth first), siblings oldest first. Paged by keyset, so any page is as fast as the first.',
  params: IdParams,
  querystring: PageQuerySchema,
  response: { 200: livePageOf(PostSchema), ...errorResponses },
};

/** POST /api/topics/:id/posts (member; rate limited; 423 when locked) */
export const createPostSchema = {
  tags: ['topics'],
  params: IdParams,
  body: Type.Object(
    {
      body: Type.String({ minLength: 1, maxLength: 60000, description: 'Markdown, 1–50,000 characters after trimming.' }),
      parentId: Type.Optional(Nullable(IdSchema)),
    },
    { additionalProperties: false },
  ),
  response: { 201: Type.Object({ post: PostSchema }), ...withLocked },
};
