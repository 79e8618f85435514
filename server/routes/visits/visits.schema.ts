import { Type } from 'typebox';
import { OverlapSchema, VisitPlanSchema, VisitSchema } from '../shared/campaign.schema';
import { CursorSchema, DateSchema, IdParams, IdSchema, LimitSchema, errorResponses, pageOf } from '../shared/common.schema';
import { TopicSchema } from '../shared/forum.schema';

const LongText = Type.String({ maxLength: 5000 });

/** POST /api/visits (member) */
export const createVisitSchema = {
  tags: ['visits'],
  body: Type.Object({
    placeId: IdSchema,
    visitedOn: DateSchema,
    participantIds: Type.Optional(Type.Array(IdSchema, { maxItems: 50 })),
    activity: Type.String({ minLength: 1, maxLength: 50 }),
    purpose: Type.Optional(Type.String({ maxLength: 2000 })),
    findings: Type.Optional(Type.Object({
      problems: Type.Optional(LongText), help: Type.Optional(LongText), exemplars: Type.Optional(LongText), opinions: Type.Optional(LongText),
    }, { additionalProperties: false })),
    followUps: Type.Optional(Type.Array(Type.Object({
      text: Type.String({ minLength: 1, maxLength: 1000 }),
      dueOn: Type.Optional(Type.Union([DateSchema, Type.Null()])),
    }, { additionalProperties: false }), { maxItems: 50 })),
    integrity: Type.Array(Type.Object({
      item: Type.String({ minLength: 1, maxLength: 50 }),
      confirmed: Type.Boolean(),
      explanation: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    }, { additionalProperties: false }), { maxItems: 20 }),
  }, { additionalProperties: false }),
  response: { 201: Type.Object({ visit: VisitSchema, overlaps: Type.Array(OverlapSchema) }), ...errorResponses },
};

/** GET /api/visits (signed in) */
export const listVisitsSchema = {
  tags: ['visits'],
  querystring: Type.Object({
    placeId: Type.Optional(IdSchema),
    unitId: Type.Optional(IdSchema),
    from: Type.Optional(DateSchema),
    to: Type.Optional(DateSchema),
    activity: Type.Optional(Type.String({ maxLength: 50 })),
    /** true: only the visits the signed-in user logged or took part in, across units. */
    mine: Type.Optional(Type.Boolean()),
    limit: LimitSchema,
    cursor: Type.Optional(CursorSchema),
  }),
  response: { 200: pageOf(VisitSchema), ...errorResponses },
};

/** GET /api/visits/:id (signed in) */
export const getVisitSchema = {
  tags: ['visits'],
  params: IdParams,
  response: {
    200: Type.Object({
      visit: VisitSchema,
      posts: Type.Array(TopicSchema),
    }),
    ...errorResponses,
  },
};

/** PATCH /api/visits/:id/follow-ups/:followUpId */
export const followUpSchema = {
  tags: ['visits'],
  params: Type.Object({ id: IdParams.properties.id, followUpId: IdParams.properties.id }),
  body: Type.Object({ done: Type.Boolean() }, { additionalProperties: false }),
  response: { 200: Type.Object({ visit: VisitSchema }), ...errorResponses },
};

/** POST /api/visit-plans (member) */
export const createPlanSchema = {
  tags: ['visit-plans'],
  body: Type.Object({
    placeId: IdSchema,
    plannedFor: DateSchema,
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  }, { additionalProperties: false }),
  response: { 201: Type.Object({ plan: VisitPlanSchema, overlaps: Type.Array(OverlapSchema) }), ...errorResponses },
};

/** GET /api/visit-plans (signed in): the shared calendar. */
export const listPlansSchema = {
  tags: ['visit-plans'],
  querystring: Type.Object({
    from: Type.Optional(DateSchema),
    to: Type.Optional(DateSchema),
    placeId: Type.Optional(IdSchema),
    unitId: Type.Optional(IdSchema),
    mine: Type.Optional(Type.Boolean()),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 500 }),
  }),
  response: { 200: Type.Object({ items: Type.Array(VisitPlanSchema) }), ...errorResponses },
};

/** DELETE /api/visit-plans/:id (owner, admin) */
export const deletePlanSchema = { tags: ['visit-plans'], params: IdParams, response: { 204: Type.Null(), ...errorResponses } };

/** GET /api/overlaps (signed in): warn before submitting a visit or plan. */
export const overlapsSchema = {
  tags: ['visits'],
  querystring: Type.Object({ placeId: IdSchema, date: DateSchema }),
  response: { 200: Type.Object({ overlaps: Type.Array(OverlapSchema) }), ...errorResponses },
};
