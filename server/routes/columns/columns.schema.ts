import { Type } from 'typebox';
import {
  COLUMN_DESCRIPTION_MAX_LENGTH, COLUMN_NAME_MAX_LENGTH, COLUMN_REASON_MAX_LENGTH, COLUMN_SLUG_PATTERN, EDITION_LOG_ACTIONS,
  EDITION_MAX_ITEMS, EDITION_NOTE_MAX_LENGTH, EDITION_NUMBER_MAX, EDITION_STATES, EDITION_TITLE_MAX_LENGTH, ITEM_NOTE_MAX_LENGTH,
  OUTLET_NAME_MAX_LENGTH, OUTLETS,
} from '../../domain/columns';
import { UserRefSchema } from '../shared/accounts.schema';
import { IdParams, IdSchema, Nullable, errorResponses } from '../shared/common.schema';
import { PostSchema } from '../shared/forum.schema';

/*
 * Schemas of the media columns (专栏, issue 12): columns and their editors, editions (期) with
 * their state, items, the edition log, and where posts were used (`usedIn`).
 */

const DateTime = Type.String({ format: 'date-time' });
const ColumnSlugSchema = Type.String({ pattern: COLUMN_SLUG_PATTERN, minLength: 2, maxLength: 40, description: 'Lowercase letters, digits and hyphens: /columns/<slug>.' });
const OutletSchema = Type.Enum(OUTLETS, { description: 'newspaper, radio, tv or web.' });
const ColumnName = Type.String({ minLength: 1, maxLength: COLUMN_NAME_MAX_LENGTH });
const OutletName = Type.String({ maxLength: OUTLET_NAME_MAX_LENGTH, description: 'The outlet\'s own name with its brackets: 《衢州日报》.' });
const Description = Type.String({ maxLength: COLUMN_DESCRIPTION_MAX_LENGTH });
const EditionTitle = Type.String({ minLength: 1, maxLength: EDITION_TITLE_MAX_LENGTH });
const EditionNote = Type.String({ maxLength: EDITION_NOTE_MAX_LENGTH, description: '编者按 (watched words apply).' });
const EditionNumber = Type.Integer({ minimum: 1, maximum: EDITION_NUMBER_MAX, description: 'The edition\'s number (第N期).' });
const ItemNote = Type.String({ maxLength: ITEM_NOTE_MAX_LENGTH, description: 'The editor\'s note on this item (watched words apply).' });

/** A column. */
export const ColumnSchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  outlet: OutletSchema,
  outletName: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  mine: Type.Boolean({ description: 'You are one of its editors.' }),
});

/** An edition. */
export const EditionSchema = Type.Object({
  id: Type.Integer(),
  columnId: Type.Integer(),
  columnSlug: Type.String(),
  number: Type.Integer(),
  title: Type.String(),
  note: Type.String(),
  state: Type.Enum(EDITION_STATES, { description: 'draft, scheduled or published.' }),
  publishAt: Nullable(DateTime),
  publishedAt: Nullable(DateTime),
  itemCount: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

/** An item of an edition. */
export const EditionItemSchema = Type.Object({
  id: Type.Integer(),
  position: Type.Integer({ description: '0-based, dense.' }),
  note: Type.String(),
  postId: Nullable(Type.Integer()),
  topicId: Nullable(Type.Integer()),
  title: Type.String({ description: 'The live topic title, or the title it had when withdrawn.' }),
  withdrawn: Type.Boolean({ description: 'The post is gone (deleted); the item keeps its place.' }),
  post: Nullable(PostSchema),
  author: Nullable(Type.Object({ ...UserRefSchema.properties, unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })) })),
  visit: Nullable(Type.Object({ confirmed: Type.Boolean(), placeName: Type.String(), visitedOn: Type.String({ format: 'date' }) })),
});

/** Where a post was used: one published edition. */
export const UsedInSchema = Type.Object({
  columnSlug: Type.String(),
  columnName: Type.String(),
  outletName: Type.String(),
  editionNumber: Type.Integer(),
  editionTitle: Type.String(),
  publishedAt: DateTime,
  url: Type.String({ description: '/columns/<slug>/editions/<n>' }),
});

const SlugParams = Type.Object({ slug: ColumnSlugSchema });
const ColumnAnswer = Type.Object({ column: ColumnSchema });
const EditionAnswer = Type.Object({ edition: EditionSchema });
const EditorsAnswer = Type.Object({ editors: Type.Array(UserRefSchema) });
const ItemsAnswer = Type.Object({ items: Type.Array(EditionItemSchema) });
const ItemParams = Type.Object({ id: IdSchema, itemId: IdSchema });

/** POST /api/columns (editor) */
export const createColumnSchema = {
  tags: ['columns'],
  body: Type.Object({
    slug: ColumnSlugSchema,
    name: ColumnName,
    outlet: OutletSchema,
    outletName: Type.Optional(OutletName),
    description: Type.Optional(Description),
  }, { additionalProperties: false }),
  response: { 201: ColumnAnswer, ...errorResponses },
};

/** GET /api/columns */
export const listColumnsSchema = {
  tags: ['columns'],
  response: { 200: Type.Object({ items: Type.Array(ColumnSchema) }), ...errorResponses },
};

/** GET /api/columns/:slug */
export const getColumnSchema = {
  tags: ['columns'],
  params: SlugParams,
  response: { 200: Type.Object({ column: ColumnSchema, editors: Type.Array(UserRefSchema), editions: Type.Array(EditionSchema) }), ...errorResponses },
};

/** PATCH /api/columns/:slug (its editors, admins) */
export const updateColumnSchema = {
  tags: ['columns'],
  params: SlugParams,
  body: Type.Object({
    name: Type.Optional(ColumnName),
    description: Type.Optional(Description),
    outlet: Type.Optional(OutletSchema),
    outletName: Type.Optional(Type.String({ minLength: 1, maxLength: OUTLET_NAME_MAX_LENGTH })),
  }, { additionalProperties: false }),
  response: { 200: ColumnAnswer, ...errorResponses },
};

/** POST /api/columns/:slug/editors */
export const addEditorSchema = {
  tags: ['columns'],
  params: SlugParams,
  body: Type.Object({ userId: IdSchema }, { additionalProperties: false }),
  response: { 201: EditorsAnswer, ...errorResponses },
};

/** DELETE /api/columns/:slug/editors/:userId */
export const removeEditorSchema = {
  tags: ['columns'],
  params: Type.Object({ slug: ColumnSlugSchema, userId: IdSchema }),
  response: { 200: EditorsAnswer, ...errorResponses },
};

/** POST /api/columns/:slug/editions */
export const createEditionSchema = {
  tags: ['columns'],
  params: SlugParams,
  body: Type.Object({ title: EditionTitle, number: Type.Optional(EditionNumber), note: Type.Optional(EditionNote) }, { additionalProperties: false }),
  response: { 201: EditionAnswer, ...errorResponses },
};

/** GET /api/editions/:id */
export const getEditionSchema = {
  tags: ['columns'],
  params: IdParams,
  response: { 200: Type.Object({ edition: EditionSchema, column: ColumnSchema, items: Type.Array(EditionItemSchema) }), ...errorResponses },
};

/** PATCH /api/editions/:id */
export const updateEditionSchema = {
  tags: ['columns'],
  params: IdParams,
  body: Type.Object({ title: Type.Optional(EditionTitle), note: Type.Optional(EditionNote), number: Type.Optional(EditionNumber) }, { additionalProperties: false }),
  response: { 200: EditionAnswer, ...errorResponses },
};

/** DELETE /api/editions/:id (drafts only) */
export const deleteEditionSchema = {
  tags: ['columns'],
  params: IdParams,
  response: { 204: Type.Null(), ...errorResponses },
};

/** POST /api/editions/:id/items */
export const addItemSchema = {
  tags: ['columns'],
  params: IdParams,
  body: Type.Object({
    postId: IdSchema,
    note: Type.Optional(ItemNote),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: EDITION_MAX_ITEMS, description: '0-based; default the end.' })),
  }, { additionalProperties: false }),
  response: { 201: Type.Object({ item: EditionItemSchema, items: Type.Array(EditionItemSchema) }), ...errorResponses },
};

/** PATCH /api/editions/:id/items/:itemId */
export const updateItemSchema = {
  tags: ['columns'],
  params: ItemParams,
  body: Type.Object({ note: ItemNote }, { additionalProperties: false }),
  response: { 200: Type.Object({ item: EditionItemSchema }), ...errorResponses },
};

/** DELETE /api/editions/:id/items/:itemId */
export const removeItemSchema = {
  tags: ['columns'],
  params: ItemParams,
  response: { 200: ItemsAnswer, ...errorResponses },
};

/** PUT /api/editions/:id/order */
export const reorderSchema = {
  tags: ['columns'],
  params: IdParams,
  body: Type.Object({ itemIds: Type.Array(IdSchema, { maxItems: EDITION_MAX_ITEMS, description: 'Every item id of the edition, once each, in the new order.' }) }, { additionalProperties: false }),
  response: { 200: ItemsAnswer, ...errorResponses },
};

/** POST /api/editions/:id/schedule */
export const scheduleSchema = {
  tags: ['columns'],
  params: IdParams,
  body: Type.Object({ publishAt: Type.String({ format: 'date-time', maxLength: 40, description: 'In the future, within a year.' }) }, { additionalProperties: false }),
  response: { 200: EditionAnswer, ...errorResponses },
};

/** POST /api/editions/:id/publish */
export const publishSchema = {
  tags: ['columns'],
  params: IdParams,
  response: { 200: EditionAnswer, ...errorResponses },
};

/** POST /api/editions/:id/unpublish */
export const unpublishSchema = {
  tags: ['columns'],
  params: IdParams,
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: COLUMN_REASON_MAX_LENGTH, description: 'Why it is taken back (logged).' }) }, { additionalProperties: false }),
  response: { 200: EditionAnswer, ...errorResponses },
};

/** GET /api/editions/:id/log */
export const editionLogSchema = {
  tags: ['columns'],
  params: IdParams,
  response: {
    200: Type.Object({
      items: Type.Array(Type.Object({
        id: Type.Integer(),
        action: Type.Enum(EDITION_LOG_ACTIONS),
        reason: Nullable(Type.String()),
        actor: Nullable(UserRefSchema),
        createdAt: DateTime,
      })),
    }),
    ...errorResponses,
  },
};
