import { Type } from 'typebox';
import { UNIT_LEVELS } from '../../domain/units';
import { NameSchema, UnitSchema } from '../shared/accounts.schema';
import { IdSchema, Nullable, errorResponses } from '../shared/common.schema';

/** GET /api/units: the whole unit tree (a short fixed list, without a cursor). */
export const listUnitsSchema = {
  tags: ['units'],
  response: { 200: Type.Object({ items: Type.Array(UnitSchema) }) },
};

/** POST /api/units (admin) */
export const createUnitSchema = {
  tags: ['units'],
  body: Type.Object(
    {
      name: NameSchema,
      level: Type.Enum(UNIT_LEVELS),
      parentId: Type.Optional(Nullable(IdSchema)),
    },
    { additionalProperties: false },
  ),
  response: { 201: Type.Object({ unit: UnitSchema }), ...errorResponses },
};
