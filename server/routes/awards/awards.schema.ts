import { Type } from 'typebox';
import { COLUMN_REASON_MAX_LENGTH, NOMINATION_ROUND_STATES, ROUND_TITLE_MAX_LENGTH } from '../../domain/columns';
import { MAX_ID } from '../../domain/text';
import { UserRefSchema } from '../shared/accounts.schema';
import { DateSchema, IdParams, IdSchema, Nullable, errorResponses } from '../shared/common.schema';
import { PostSchema, TopicSchema } from '../shared/forum.schema';

/*
 * Schemas of the award nominations (华岗奖-style rounds, issue 12 item 5): rounds, their
 * candidates, nominations and the XLSX export.
 */

const DateTime = Type.String({ format: 'date-time' });

/** A nomination round. */
export const RoundSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  periodStart: Type.String({ format: 'date' }),
  periodEnd: Type.String({ format: 'date' }),
  state: Type.Enum(NOMINATION_ROUND_STATES),
  openedBy: Nullable(UserRefSchema),
  nominationCount: Type.Integer({ description: 'Nominations of posts that are not hidden or held.' }),
  createdAt: DateTime,
  closedAt: Nullable(DateTime),
});

/** One editor's nomination. */
export const NominationSchema = Type.Object({
  id: Type.Integer(),
  roundId: Type.Integer(),
  postId: Type.Integer(),
  editor: UserRefSchema,
  reason: Type.String(),
  createdAt: DateTime,
});

/** A candidate of a round. */
export const CandidateSchema = Type.Object({
  post: PostSchema,
  topic: TopicSchema,
  author: UserRefSchema,
  unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  place: Nullable(Type.String()),
  visit: Nullable(Type.Object({ confirmed: Type.Boolean(), visitedOn: Type.String({ format: 'date' }), placeName: Type.String() })),
  frontline: Type.Boolean({ description: 'Visit-confirmed frontline writing (下乡心得、编辑手记、采风感怀): listed first.' }),
  editions: Type.Array(Type.Object({
    editionId: Type.Integer(), columnSlug: Type.String(), columnName: Type.String(), outletName: Type.String(),
    number: Type.Integer(), title: Type.String(), publishedAt: DateTime, url: Type.String(),
  })),
  firstPublishedAt: DateTime,
  nominations: Type.Array(NominationSchema),
  tally: Type.Integer(),
  myNominationId: Nullable(Type.Integer()),
});

const RoundAnswer = Type.Object({ round: RoundSchema });

/** POST /api/nomination-rounds (admin) */
export const openRoundSchema = {
  tags: ['awards'],
  body: Type.Object({
    title: Type.String({ minLength: 1, maxLength: ROUND_TITLE_MAX_LENGTH, description: 'The round\'s name, e.g. 2026年度华岗奖推荐.' }),
    periodStart: DateSchema,
    periodEnd: DateSchema,
  }, { additionalProperties: false }),
  response: { 201: RoundAnswer, ...errorResponses },
};

/** GET /api/nomination-rounds (editor, admin): newest first, whole. */
export const listRoundsSchema = {
  tags: ['awards'],
  response: { 200: Type.Object({ items: Type.Array(RoundSchema) }), ...errorResponses },
};

/** POST /api/nomination-rounds/:id/close (admin) */
export const closeRoundSchema = {
  tags: ['awards'],
  params: IdParams,
  response: { 200: RoundAnswer, ...errorResponses },
};

/** GET /api/nomination-rounds/:id/candidates (editor, admin) */
export const candidatesSchema = {
  tags: ['awards'],
  params: IdParams,
  response: { 200: Type.Object({ round: RoundSchema, items: Type.Array(CandidateSchema) }), ...errorResponses },
};

/** POST /api/nomination-rounds/:id/nominations (editor) */
export const nominateSchema = {
  tags: ['awards'],
  params: IdParams,
  body: Type.Object({
    postId: IdSchema,
    reason: Type.String({ minLength: 1, maxLength: COLUMN_REASON_MAX_LENGTH, description: '提名理由 (watched words apply).' }),
  }, { additionalProperties: false }),
  response: { 201: Type.Object({ nomination: NominationSchema, tally: Type.Integer() }), ...errorResponses },
};

/** DELETE /api/nomination-rounds/:id/nominations/:nominationId (the nomination's editor, while open) */
export const withdrawSchema = {
  tags: ['awards'],
  params: Type.Object({ id: IdSchema, nominationId: Type.Integer({ minimum: 1, maximum: MAX_ID }) }),
  response: { 204: Type.Null(), ...errorResponses },
};

/** The export's media type. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/nomination-rounds/:id/export.xlsx (editor, admin) */
export const exportSchema = {
  tags: ['awards'],
  params: IdParams,
  response: {
    200: Type.Unsafe<Buffer>({ description: 'The nominees as an XLSX workbook with Chinese headers.', content: { [XLSX_TYPE]: { schema: Type.String({ format: 'binary' }) } } }),
    ...errorResponses,
  },
};
