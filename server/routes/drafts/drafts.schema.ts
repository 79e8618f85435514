import { Type } from 'typebox';
import { DRAFT_SCOPE_PATTERN } from '../../domain/forum';
import { DRAFT_BODY_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../domain/limits';
import { IdSchema, Nullable, errorResponses } from '../shared/common.schema';

const ScopeParams = Type.Object({
  scope: Type.String({ pattern: DRAFT_SCOPE_PATTERN, maxLength: 60, description: '`topic:<id>` (a reply) or `board:<slug>` (a new topic).' }),
});

const DraftSchema = Type.Object({
  scope: Type.String(),
  title: Type.String(),
  body: Type.String(),
  parentId: Nullable(Type.Integer({ description: 'The post a reply draft answers; null: the topic (or a new topic).' })),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** GET /api/drafts/:scope */
export const getDraftSchema = {
  tags: ['drafts'],
  params: ScopeParams,
  response: { 200: Type.Object({ draft: Type.Union([DraftSchema, Type.Null()]) }), ...errorResponses },
};

/**
 * PUT /api/drafts/:scope. A draft may be longer than a post (DRAFT_BODY_MAX_LENGTH against
 * BODY_MAX_LENGTH), so an over-long paste is kept while the writer shortens it.
 */
export const saveDraftSchema = {
  tags: ['drafts'],
  params: ScopeParams,
  body: Type.Object(
    {
      title: Type.Optional(Type.String({ maxLength: TITLE_MAX_LENGTH })),
      body: Type.String({ maxLength: DRAFT_BODY_MAX_LENGTH }),
      parentId: Type.Optional(Nullable(IdSchema)),
    },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ draft: DraftSchema }), ...errorResponses },
};

/** DELETE /api/drafts/:scope */
export const deleteDraftSchema = {
  tags: ['drafts'],
  params: ScopeParams,
  response: { 204: Type.Null(), ...errorResponses },
};
