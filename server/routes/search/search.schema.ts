import { Type } from 'typebox';
import { UserRefSchema } from '../shared/accounts.schema';
import { CursorSchema, LimitSchema, Nullable, errorResponses } from '../shared/common.schema';
import { SlugSchema, TopicKindSchema } from '../shared/forum.schema';
import { SEARCH_CANDIDATES } from '../../services/forum/search.service';

/** GET /api/search */
export const searchSchema = {
  tags: ['search'],
  description:
    'Searches titles and bodies. Chinese words are found inside unsegmented text, English words by stem; every term must match; '
    + `results are ranked by relevance, then recency (among the ${SEARCH_CANDIDATES.toLocaleString('en')} most recent matches). Hidden posts are found only by their `
    + 'authors and moderators.',
  querystring: Type.Object({
    q: Type.String({ maxLength: 200 }),
    board: Type.Optional(SlugSchema),
    kind: Type.Optional(TopicKindSchema),
    limit: LimitSchema,
    cursor: Type.Optional(CursorSchema),
  }),
  response: {
    200: Type.Object({
      items: Type.Array(Type.Object({
        topicId: Type.Integer(),
        postId: Type.Integer(),
        title: Type.String(),
        snippet: Type.String({ description: 'Escaped HTML: plain text around the first match, each match wrapped in <mark>…</mark>. Safe to insert as HTML.' }),
        boardSlug: Type.String(),
        author: UserRefSchema,
        createdAt: Type.String({ format: 'date-time' }),
      })),
      nextCursor: Nullable(Type.String()),
    }),
    ...errorResponses,
  },
};
