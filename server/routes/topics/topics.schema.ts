import { Type } from 'typebox';
import { IdParams, IdSchema, Nullable, PageQuerySchema, RoomSeqSchema, errorResponses, livePageOf, pageOf } from '../shared/common.schema';
import { BodyInputSchema, PostSchema, SlugSchema, TitleInputSchema, TopicKindSchema, TopicSchema } from '../shared/forum.schema';
import { UsedInSchema } from '../columns/columns.schema';

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
      title: TitleInputSchema,
      body: BodyInputSchema,
      kind: Type.Optional(TopicKindSchema),
      visitId: Type.Optional(Nullable(IdSchema)),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({ topic: TopicSchema, post: PostSchema }),
    202: Type.Object({ topic: TopicSchema, post: PostSchema }, { description: 'Held for approval (先审后发): topic.held and post.held are true.' }),
    ...errorResponses,
  },
};

/** GET /api/topics/:id: the topic and the first page of its posts, oldest first. */
export const getTopicSchema = {
  tags: ['topics'],
  params: IdParams,
  querystring: PageQuerySchema,
  response: { 200: Type.Object({ topic: TopicSchema, posts: pageOf(PostSchema), seq: RoomSeqSchema, usedIn: Type.Array(UsedInSchema, { description: 'The published media column editions that used posts of this topic (被《…》采用), newest first.' }) }), ...errorResponses },
};

/** GET /api/topics/:id/tree: the thread, depth first, siblings oldest first. */
export const getTreeSchema = {
  tags: ['topics'],
  description: 'The posts of a topic in thread order: each reply right after its parent (depth first), siblings oldest first. Paged by keyset, so any page is as fast as the first.',
  params: IdParams,
  querystring: PageQuerySchema,
  response: { 200: livePageOf(PostSchema), ...errorResponses },
};

/** POST /api/topics/:id/posts (member; rate limited; 423 when locked; 403 SILENCED; 202 when held) */
export const createPostSchema = {
  tags: ['topics'],
  params: IdParams,
  body: Type.Object(
    {
      body: BodyInputSchema,
      parentId: Type.Optional(Nullable(IdSchema)),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({ post: PostSchema }),
    202: Type.Object({ post: PostSchema }, { description: 'Held for approval (先审后发): post.held is true.' }),
    ...withLocked,
  },
};
