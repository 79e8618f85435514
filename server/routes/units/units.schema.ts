import { Type } from 'typebox';
import { UNIT_LEVELS } from '../../domain/units';
import { IdSchema, Nullable, UnitSchema, errorResponses } from '../shared.schema';

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
      name: Type.String({ minLength: 1, maxLength: 100 }),
      level: Type.Enum(UNIT_LEVELS),
      parentId: Type.Optional(Nullable(IdSchema)),
    },
    { additionalProperties: false },
  ),
  response: { 201: Type.Object({ unit: UnitSchema }), ...errorResponses },
};
