import { Type } from 'typebox';
import { NameSchema } from '../shared/accounts.schema';
import { errorResponses } from '../shared/common.schema';
import { BoardSchema, SlugSchema } from '../shared/forum.schema';
import { NAME_MAX_LENGTH } from '../../domain/limits';

const DescriptionSchema = Type.String({ maxLength: 2000 });
/** A board's name in both languages: Chinese required, English optional ('' removes it). */
const NamesInput = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH }), en: Type.Optional(Type.String({ maxLength: NAME_MAX_LENGTH })) },
  { additionalProperties: false },
);
/** A board's description in both languages. */
const DescriptionsInput = Type.Object({ zh: DescriptionSchema, en: Type.Optional(DescriptionSchema) }, { additionalProperties: false });

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
      description: Type.Optional(DescriptionSchema),
      names: Type.Optional(NamesInput),
      descriptions: Type.Optional(DescriptionsInput),
    },
    { additionalProperties: false },
  ),
  response: { 201: Type.Object({ board: BoardSchema }), ...errorResponses },
};

/**
 * PATCH /api/boards/:slug (admin): rename or describe a board, in Chinese and English.
 * `names`/`descriptions` win over a bare `name`/`description` (which is the Chinese one).
 */
export const updateBoardSchema = {
  tags: ['boards'],
  params: Type.Object({ slug: SlugSchema }),
  body: Type.Object(
    {
      name: Type.Optional(NameSchema),
      description: Type.Optional(DescriptionSchema),
      names: Type.Optional(NamesInput),
      descriptions: Type.Optional(DescriptionsInput),
    },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ board: BoardSchema }), ...errorResponses },
};
