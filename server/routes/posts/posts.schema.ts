import { Type } from 'typebox';
import { BODY_INPUT_MAX_LENGTH } from '../../domain/limits';
import { UserRefSchema } from '../shared/accounts.schema';
import { IdParams, PageQuerySchema, errorResponses, livePageOf } from '../shared/common.schema';
import { BodyInputSchema, PostSchema, ReactionKindSchema } from '../shared/forum.schema';

const withLocked = { ...errorResponses, 423: errorResponses[400] };

/** GET /api/posts/:id (permalinks, quoting) */
export const getPostSchema = {
  tags: ['posts'],
  params: IdParams,
  response: { 200: Type.Object({ post: PostSchema }), ...errorResponses },
};

/** PATCH /api/posts/:id (author or moderator; a revision is kept) */
export const editPostSchema = {
  tags: ['posts'],
  params: IdParams,
  body: Type.Object(
    { body: BodyInputSchema },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ post: PostSchema }), ...withLocked },
};

/** GET /api/posts/:id/revisions: newest first. */
export const revisionsSchema = {
  tags: ['posts'],
  description: 'Each item is the body as it was before an edit, when that edit was made and who made it; newest first.',
  params: IdParams,
  response: {
    200: Type.Object({
      items: Type.Array(Type.Object({ body: Type.String(), editedAt: Type.String({ format: 'date-time' }), editor: UserRefSchema })),
    }),
    ...errorResponses,
  },
};

/** GET /api/posts/:id/replies: the replies below one post, in thread order. */
export const repliesSchema = {
  tags: ['posts'],
  description: 'Every reply below this post (direct and deeper), depth first, siblings oldest first: "continue this thread".',
  params: IdParams,
  querystring: PageQuerySchema,
  response: { 200: livePageOf(PostSchema), ...errorResponses },
};

const ReactionParams = Type.Object({
  id: IdParams.properties.id,
  kind: ReactionKindSchema,
});

/** PUT or DELETE /api/posts/:id/reactions/:kind (member; idempotent) */
export const reactionSchema = {
  tags: ['posts'],
  params: ReactionParams,
  response: { 200: Type.Object({ post: PostSchema }), ...errorResponses },
};

/** GET /api/posts/:id/reactions: who reacted, and how. */
export const reactorsSchema = {
  tags: ['posts'],
  params: IdParams,
  response: {
    200: Type.Object({ items: Type.Array(Type.Object({ kind: ReactionKindSchema, user: UserRefSchema })) }),
    ...errorResponses,
  },
};

/** POST /api/preview (signed in): the composer's live preview. */
export const previewSchema = {
  tags: ['posts'],
  body: Type.Object({ body: Type.String({ maxLength: BODY_INPUT_MAX_LENGTH }) }, { additionalProperties: false }),
  response: {
    200: Type.Object({
      html: Type.String({ description: 'Sanitised HTML, exactly as the post would be stored.' }),
      mentions: Type.Array(Type.String(), { description: 'Mentioned usernames, lower-cased.' }),
    }),
    ...errorResponses,
  },
};
