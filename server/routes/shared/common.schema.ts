import { Type } from 'typebox';
import { EARLIEST_YEAR, LATEST_YEAR, MAX_ID } from '../../domain/text';

/*
 * Schemas every resource uses: the error body, ids, dates, paging and the realtime seq.
 */

/** The error body of API.md, for response schemas. */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    error: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  },
  { $id: 'Error' },
);

/** Error responses most routes can give. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  429: ErrorSchema,
};

/** A schema or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * An id, wherever one arrives (path, query or body): a whole number within the database's
 * integer range. Every id of every schema is this one, so none reaches SQL out of range.
 */
export const IdSchema = Type.Integer({ minimum: 1, maximum: MAX_ID });

/** A positive integer id in a path. */
export const IdParams = Type.Object({ id: IdSchema });

/**
 * A calendar date, YYYY-MM-DD: a real date between 1900 and 2200 (the validator's `date`
 * format, server/validation.ts), so date arithmetic never leaves what PostgreSQL holds.
 */
export const DateSchema = Type.String({
  format: 'date',
  maxLength: 10,
  description: `A calendar date, YYYY-MM-DD, from ${EARLIEST_YEAR} to ${LATEST_YEAR}.`,
});

/** `limit` of a keyset-paged list: 1–100, 20 when left out. */
export const LimitSchema = Type.Integer({ minimum: 1, maximum: 100, default: 20 });

/** An opaque cursor this server issued (`nextCursor` of the page before). */
export const CursorSchema = Type.String({ minLength: 1, maxLength: 1000 });

/** `limit` (1–100, default 20) and an opaque `cursor` of a keyset-paged list. */
export const PageQuerySchema = Type.Object({
  limit: LimitSchema,
  cursor: Type.Optional(CursorSchema),
});

/** `{items, nextCursor}` of a keyset-paged list. */
export const pageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

/**
 * The realtime room's sequence number read before the data: subscribing with it as `since`
 * replays whatever changed while the answer travelled, so a view never misses an event.
 */
export const RoomSeqSchema = Type.Integer({
  minimum: 0,
  description: 'The seq of this view\'s realtime room, read before the data: subscribe with it as `since`.',
});

/** A page of a view that a realtime room keeps current: the page plus the room's seq. */
export const livePageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()), seq: RoomSeqSchema });
