import { Type } from 'typebox';
import { NameSchema } from '../shared/accounts.schema';
import { errorResponses } from '../shared/common.schema';
import { BoardSchema, SlugSchema } from '../shared/forum.schema';

/** GET /api/boards: the whole board list (short and fixed, without a cursor). */
export const listBoardsSchema = {
  tags: ['boards'],
  response: { 200: Type.Object({ items: Type.Array(BoardSchema) }) },
};

/** GET /api/boards/:slug */
export const getBoardSchema = {
  tags: ['boards'],
  params: Type.Object({ slug: SlugSchema }),
  response: { 200: Type.Object({ board: BoardSchema }), ...errorResponses },
};

/** POST /api/boards (admin) */
export const createBoardSchema = {
  tags: ['boards'],
  body: Type.Object(
    {
      slug: SlugSchema,
      name: NameSchema,
      description: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  response: { 201: Type.Object({ board: BoardSchema }), ...errorResponses },
};
