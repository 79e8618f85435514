import { Type } from 'typebox';
import { NameSchema } from '../shared/accounts.schema';
import { PlaceKindSchema, PlaceSchema, VisitSchema } from '../shared/campaign.schema';
import { CursorSchema, IdParams, IdSchema, LimitSchema, Nullable, errorResponses, pageOf } from '../shared/common.schema';
import { TopicSchema } from '../shared/forum.schema';

const Name = NameSchema;
const Category = Type.Union([Type.String({ maxLength: 50 }), Type.Null()]);
const Address = Type.Union([Type.String({ maxLength: 200 }), Type.Null()]);

/** GET /api/places (signed in) */
export const listPlacesSchema = {
  tags: ['places'],
  querystring: Type.Object({
    kind: Type.Optional(PlaceKindSchema),
    unitId: Type.Optional(IdSchema),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: LimitSchema,
    cursor: Type.Optional(CursorSchema),
  }),
  response: { 200: pageOf(PlaceSchema), ...errorResponses },
};

/** GET /api/places/:id (signed in) */
export const getPlaceSchema = {
  tags: ['places'],
  params: IdParams,
  response: {
    200: Type.Object({
      place: PlaceSchema,
      visits: Type.Array(VisitSchema),
      stats: Type.Object({ visitCount: Type.Integer(), firstVisitedOn: Nullable(Type.String()) }),
      /** Notes (topics) linked to visits at this place, newest first. */
      posts: Type.Array(TopicSchema),
    }),
    ...errorResponses,
  },
};

/** POST /api/places (moderator, admin) */
export const createPlaceSchema = {
  tags: ['places'],
  body: Type.Object({
    name: Name, kind: PlaceKindSchema, category: Type.Optional(Category), unitId: IdSchema, address: Type.Optional(Address),
  }, { additionalProperties: false }),
  response: { 201: Type.Object({ place: PlaceSchema }), ...errorResponses },
};

/** PATCH /api/places/:id (moderator, admin) */
export const updatePlaceSchema = {
  tags: ['places'],
  params: IdParams,
  body: Type.Object({
    name: Type.Optional(Name), kind: Type.Optional(PlaceKindSchema), category: Type.Optional(Category),
    unitId: Type.Optional(IdSchema), address: Type.Optional(Address),
  }, { additionalProperties: false }),
  response: { 200: Type.Object({ place: PlaceSchema }), ...errorResponses },
};

/** POST /api/places/import (admin) */
export const importPlacesSchema = {
  tags: ['places'],
  body: Type.Object({ csv: Type.String({ minLength: 1, maxLength: 5_000_000 }) }, { additionalProperties: false }),
  response: {
    200: Type.Object({ imported: Type.Integer() }),
    400: Type.Object({
      statusCode: Type.Integer(), code: Type.String(), error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()),
      errors: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), message: Type.String() }))),
    }),
    401: errorResponses[401], 403: errorResponses[403], 413: errorResponses[400],
  },
};
