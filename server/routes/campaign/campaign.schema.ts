import { Type } from 'typebox';
import { UNIT_LEVELS } from '../../domain/units';
import { DateSchema, IdSchema, errorResponses } from '../shared/common.schema';
import { FollowUpSchema, PlaceRefSchema, VisitPlanSchema, VisitSchema } from '../shared/campaign.schema';

const StableId = Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9_]+$' });
const Range = Type.Object({ min: Type.Integer({ minimum: 0, maximum: 1000 }), max: Type.Integer({ minimum: 0, maximum: 1000 }) }, { additionalProperties: false });
/** Both names of an item as answered: Chinese, and English ('' when there is none). */
const Names = Type.Object({ zh: Type.String(), en: Type.String() });
/** Both names as an admin sends them, each held to `max` characters: Chinese required, English optional. */
const NamesInput = (max: number) =>
  Type.Object({ zh: Type.String({ minLength: 1, maxLength: max }), en: Type.Optional(Type.String({ maxLength: max })) }, { additionalProperties: false });
const Phase = Type.Object({ id: StableId, name: Type.String(), names: Names, from: DateSchema, to: DateSchema });
const Activity = Type.Object({ id: StableId, name: Type.String(), names: Names });
const IntegrityItem = Type.Object({ id: StableId, text: Type.String(), texts: Names });
/*
 * On input `names` (or `texts`) wins; a bare `name` is the Chinese one and keeps the English
 * already stored. Clients that send back what GET answered may include both.
 */
const PhaseInput = Type.Object({
  id: StableId, name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), names: Type.Optional(NamesInput(50)), from: DateSchema, to: DateSchema,
}, { additionalProperties: false });
const ActivityInput = Type.Object({
  id: StableId, name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), names: Type.Optional(NamesInput(100)),
}, { additionalProperties: false });
const IntegrityItemInput = Type.Object({
  id: StableId, text: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), texts: Type.Optional(NamesInput(200)),
}, { additionalProperties: false });
const FeaturedTarget = Type.Integer({ minimum: 0, maximum: 100000 });
/** How many featured posts each collection aims at. */
const FeaturedTargets = Type.Object({ exemplars: FeaturedTarget, good_people: FeaturedTarget, good_deeds: FeaturedTarget }, { additionalProperties: false });
const Targets = Type.Object({ village: Type.Integer({ minimum: 0, maximum: 100000 }), enterprise: Type.Integer({ minimum: 0, maximum: 100000 }) }, { additionalProperties: false });

/** The campaign as GET /api/campaign answers it. */
export const CampaignSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: "In the reader's language (Accept-Language), English falling back to Chinese." }),
  names: Names,
  year: Type.Integer(),
  phases: Type.Array(Phase),
  targets: Targets,
  quota: Type.Object({ village: Range, enterprise: Range }),
  activities: Type.Array(Activity),
  integrity: Type.Array(IntegrityItem),
  overlapWindowDays: Type.Integer(),
  featuredTargets: FeaturedTargets,
});

/** GET /api/campaign (anyone) */
export const getCampaignSchema = { tags: ['campaign'], response: { 200: CampaignSchema } };

/** PUT /api/campaign (admin): change any of the campaign's fields. */
export const putCampaignSchema = {
  tags: ['campaign'],
  body: Type.Object({
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    names: Type.Optional(NamesInput(100)),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    phases: Type.Optional(Type.Array(PhaseInput, { minItems: 1, maxItems: 12 })),
    targets: Type.Optional(Targets),
    quota: Type.Optional(Type.Object({ village: Range, enterprise: Range }, { additionalProperties: false })),
    activities: Type.Optional(Type.Array(ActivityInput, { minItems: 1, maxItems: 30 })),
    integrity: Type.Optional(Type.Array(IntegrityItemInput, { minItems: 1, maxItems: 20 })),
    overlapWindowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 366 })),
    featuredTargets: Type.Optional(FeaturedTargets),
  }, { additionalProperties: false }),
  response: { 200: CampaignSchema, ...errorResponses },
};

const UnitQuery = Type.Object({ unitId: Type.Optional(IdSchema) });

/** GET /api/campaign/progress (signed in) */
export const progressSchema = {
  tags: ['campaign'],
  querystring: UnitQuery,
  response: {
    200: Type.Object({
      year: Type.Integer(),
      unitId: Type.Union([Type.Integer(), Type.Null()]),
      targets: Type.Object({
        village: Type.Object({ target: Type.Integer(), done: Type.Integer() }),
        enterprise: Type.Object({ target: Type.Integer(), done: Type.Integer() }),
      }),
      byUnit: Type.Array(Type.Object({
        unitId: Type.Integer(), name: Type.String(), level: Type.Enum(UNIT_LEVELS), parentId: Type.Union([Type.Integer(), Type.Null()]),
        villages: Type.Integer(), enterprises: Type.Integer(), visits: Type.Integer(),
      })),
      byPhase: Type.Array(Type.Object({
        id: Type.String(), name: Type.String(), from: DateSchema, to: DateSchema, visits: Type.Integer(), villages: Type.Integer(), enterprises: Type.Integer(),
      })),
      byMonth: Type.Array(Type.Object({ month: Type.String(), visits: Type.Integer() })),
      activities: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), visits: Type.Integer() })),
      overdueFollowUps: Type.Integer(),
      integrityExceptions: Type.Integer(),
    }),
    ...errorResponses,
  },
};

/** GET /api/campaign/integrity-exceptions (supervisor, admin) */
export const integrityExceptionsSchema = {
  tags: ['campaign'],
  querystring: Type.Object({ unitId: Type.Optional(IdSchema), from: Type.Optional(DateSchema), to: Type.Optional(DateSchema) }),
  response: {
    200: Type.Object({
      items: Type.Array(Type.Object({
        visitId: Type.Integer(),
        item: Type.Object({ id: Type.String(), text: Type.String() }),
        explanation: Type.String(),
        place: PlaceRefSchema,
        unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
        visitedOn: DateSchema,
      })),
    }),
    ...errorResponses,
  },
};

const ReportQuery = Type.Object({ unitId: Type.Optional(IdSchema), from: Type.Optional(DateSchema), to: Type.Optional(DateSchema) });

/** The media type of each report format. */
export const REPORT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * GET /api/campaign/report.csv and report.xlsx (supervisor, admin), each declared with its
 * real content type (a response schema keyed by media type; Unsafe gives it its TypeScript type).
 */
export const reportSchemas = {
  csv: {
    tags: ['campaign'],
    querystring: ReportQuery,
    response: {
      200: Type.Unsafe<string>({ description: 'The visits and feedback as CSV (UTF-8 with a BOM, every field quoted).', content: { [REPORT_TYPES.csv]: { schema: Type.String() } } }),
      ...errorResponses,
    },
  },
  xlsx: {
    tags: ['campaign'],
    querystring: ReportQuery,
    response: {
      200: Type.Unsafe<Buffer>({ description: 'The visits and feedback as an XLSX workbook, with a summary sheet by unit.', content: { [REPORT_TYPES.xlsx]: { schema: Type.String({ format: 'binary' }) } } }),
      ...errorResponses,
    },
  },
};

/** GET /api/plan (signed in): the personal action plan. */
export const actionPlanSchema = {
  tags: ['campaign'],
  response: {
    200: Type.Object({
      quota: Type.Object({
        village: Type.Object({ min: Type.Integer(), max: Type.Integer(), done: Type.Integer() }),
        enterprise: Type.Object({ min: Type.Integer(), max: Type.Integer(), done: Type.Integer() }),
      }),
      plans: Type.Array(VisitPlanSchema),
      visits: Type.Array(VisitSchema),
      writing: Type.Object({ planned: Type.Integer(), done: Type.Integer() }),
      overdue: Type.Object({
        plans: Type.Array(VisitPlanSchema),
        followUps: Type.Array(Type.Object({ ...FollowUpSchema.properties, visitId: Type.Integer(), place: PlaceRefSchema })),
      }),
    }),
    ...errorResponses,
  },
};

/** PUT /api/plan/writing (signed in): how many field notes one intends to write. */
export const writingGoalSchema = {
  tags: ['campaign'],
  body: Type.Object({ planned: Type.Integer({ minimum: 0, maximum: 1000 }) }, { additionalProperties: false }),
  response: { 200: Type.Object({ writing: Type.Object({ planned: Type.Integer(), done: Type.Integer() }) }), ...errorResponses },
};
