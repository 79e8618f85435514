import { Type } from 'typebox';
import { FINDING_KEYS, OVERLAP_TYPES, PLACE_KINDS, type FindingKey } from '../../domain/campaign';
import { UserRefSchema } from './accounts.schema';
import { DateSchema, Nullable } from './common.schema';

/*
 * Schemas of places, visits, plans and overlaps, shared by the campaign's routes.
 */

/** A place kind. */
export const PlaceKindSchema = Type.Enum(PLACE_KINDS);

/** A place as API.md shows it. */
export const PlaceSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: PlaceKindSchema,
  category: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Integer(),
  address: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

/** A place named inside a visit or plan. */
export const PlaceRefSchema = Type.Object({ id: Type.Integer(), name: Type.String(), kind: PlaceKindSchema });

/** A follow-up of a visit. */
export const FollowUpSchema = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  dueOn: Type.Union([DateSchema, Type.Null()]),
  done: Type.Boolean(),
});

/**
 * A visit as API.md shows it. The findings, follow-ups and integrity explanations are null
 * for a viewer who is not a participant, a member of the visit's unit, a supervisor whose
 * subtree holds it, a moderator or an admin (`detailsVisible` false).
 */
export const VisitSchema = Type.Object({
  id: Type.Integer(),
  placeId: Type.Integer(),
  place: PlaceRefSchema,
  unitId: Type.Integer(),
  createdBy: UserRefSchema,
  visitedOn: DateSchema,
  participantIds: Type.Array(Type.Integer()),
  participants: Type.Array(UserRefSchema),
  activity: Type.String(),
  purpose: Type.String(),
  detailsVisible: Type.Boolean({ description: 'Whether you may see the findings, follow-ups and integrity explanations (null otherwise).' }),
  findings: Nullable(Type.Object(Object.fromEntries(FINDING_KEYS.map((key) => [key, Type.String()])) as Record<FindingKey, ReturnType<typeof Type.String>>)),
  followUps: Nullable(Type.Array(FollowUpSchema)),
  integrity: Type.Array(Type.Object({ item: Type.String(), confirmed: Type.Boolean(), explanation: Type.Optional(Nullable(Type.String())) })),
  createdAt: Type.String({ format: 'date-time' }),
});

/** A planned visit. */
export const VisitPlanSchema = Type.Object({
  id: Type.Integer(),
  placeId: Type.Integer(),
  place: PlaceRefSchema,
  userId: Type.Integer(),
  user: UserRefSchema,
  unitId: Type.Integer(),
  plannedFor: DateSchema,
  note: Type.String(),
  done: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** Another unit's visit or plan at the same place within the window. */
export const OverlapSchema = Type.Object({
  type: Type.Enum(OVERLAP_TYPES),
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  date: DateSchema,
  by: UserRefSchema,
});
