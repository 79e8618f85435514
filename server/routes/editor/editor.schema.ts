import { Type } from 'typebox';
import { EDITION_STATES } from '../../domain/columns';
import { FEATURED_COLLECTIONS } from '../../domain/moderation';
import { MATERIAL_SOURCES } from '../../services/columns/material.service';
import { UserRefSchema } from '../shared/accounts.schema';
import { CursorSchema, DateSchema, IdSchema, LimitSchema, Nullable, errorResponses } from '../shared/common.schema';
import { SlugSchema, TopicKindSchema } from '../shared/forum.schema';

/* Schemas of the editors' desk (issue 12 item 2). */

const UseSchema = Type.Object({
  editionId: Type.Integer(),
  columnSlug: Type.String(),
  columnName: Type.String(),
  outletName: Type.String(),
  editionNumber: Type.Integer(),
  editionTitle: Type.String(),
  state: Type.Enum(EDITION_STATES),
});

/** One desk result. */
export const MaterialSchema = Type.Object({
  source: Type.Enum(MATERIAL_SOURCES, { description: 'The source that put the post on the desk (the first of them, in the merged order).' }),
  post: Type.Object({
    id: Type.Integer(),
    topicId: Type.Integer(),
    excerpt: Type.String({ description: 'The start of the post as plain text (never the whole body).' }),
    createdAt: Type.String({ format: 'date-time' }),
    isFirst: Type.Boolean({ description: 'The topic\'s opening post.' }),
  }),
  topic: Type.Object({ id: Type.Integer(), title: Type.String(), kind: TopicKindSchema, boardSlug: Type.String() }),
  author: UserRefSchema,
  unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  place: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  visit: Nullable(Type.Object({ confirmed: Type.Boolean(), visitedOn: Type.String({ format: 'date' }), activity: Type.String() })),
  featured: Type.Array(Type.Enum(FEATURED_COLLECTIONS)),
  reactions: Type.Integer(),
  replies: Type.Integer(),
  usedIn: Type.Array(UseSchema, { description: 'Editions (of any state) that already hold this post.' }),
});

/** GET /api/editor/material (editor) */
export const materialSchema = {
  tags: ['columns'],
  description:
    'The editors\' desk: visit-confirmed field notes, diaries and impressions first (newest visit first), then featured posts '
    + '(newest feature first), then recent first posts by reactions plus replies; each post once. Hidden and held posts are never here.',
  querystring: Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'The forum\'s Chinese search: every term must match.' })),
    source: Type.Optional(Type.Enum(MATERIAL_SOURCES)),
    board: Type.Optional(SlugSchema),
    kind: Type.Optional(TopicKindSchema),
    unit: Type.Optional(IdSchema),
    activity: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    place: Type.Optional(IdSchema),
    from: Type.Optional(DateSchema),
    to: Type.Optional(DateSchema),
    limit: LimitSchema,
    cursor: Type.Optional(CursorSchema),
  }),
  response: {
    200: Type.Object({ items: Type.Array(MaterialSchema), nextCursor: Nullable(Type.String()) }),
    ...errorResponses,
  },
};
