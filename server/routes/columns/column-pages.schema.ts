import { Type } from 'typebox';
import { COLUMN_SLUG_PATTERN, EDITION_NUMBER_MAX } from '../../domain/columns';
import { ErrorSchema } from '../shared/common.schema';

/*
 * Schemas of the media columns' public pages and feed (issue 12 item 3): HTML and Atom, not
 * JSON; their errors are API.md's error body like everywhere.
 */

const Slug = Type.String({ pattern: COLUMN_SLUG_PATTERN, maxLength: 40, description: 'The column\'s slug: lowercase letters, digits and hyphens.' });
const EditionNumber = Type.Integer({ minimum: 1, maximum: EDITION_NUMBER_MAX, description: 'The edition\'s number (期).' });

const Html = { content: { 'text/html': { schema: Type.String({ description: 'A server-rendered HTML page without scripts.' }) } } };
const Atom = { content: { 'application/atom+xml': { schema: Type.String({ description: 'An Atom 1.0 document (RFC 4287).' }) } } };
const NotModified = { description: 'The copy named by If-None-Match or If-Modified-Since is current.', type: 'null' };

const pageErrors = { 400: ErrorSchema, 404: ErrorSchema };

/** GET /columns/:slug */
export const columnPageSchema = {
  tags: ['columns'],
  summary: 'A column\'s published editions, newest first, as an HTML page',
  params: Type.Object({ slug: Slug }),
  response: { 200: Html, 304: NotModified, ...pageErrors },
};

/** GET /columns/:slug/editions/:n */
export const editionPageSchema = {
  tags: ['columns'],
  summary: 'One published edition as an HTML page',
  params: Type.Object({ slug: Slug, n: EditionNumber }),
  response: { 200: Html, 304: NotModified, ...pageErrors },
};

/** GET /columns/:slug/editions/:n/preview (the column's editors and admins) */
export const editionPreviewSchema = {
  tags: ['columns'],
  summary: 'The editors\' preview of an edition in any state, as the public will see it',
  params: Type.Object({ slug: Slug, n: EditionNumber }),
  response: { 200: Html, ...pageErrors, 401: ErrorSchema, 403: ErrorSchema },
};

/** GET /columns/:slug/feed.xml */
export const columnFeedSchema = {
  tags: ['columns'],
  summary: 'A column\'s published editions as an Atom feed',
  params: Type.Object({ slug: Slug }),
  response: { 200: Atom, 304: NotModified, ...pageErrors },
};

/** GET /columns.css */
export const columnStylesheetSchema = {
  tags: ['columns'],
  summary: 'The column pages\' stylesheet',
  querystring: Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) }),
  response: { 200: { content: { 'text/css': { schema: Type.String() } } }, 304: NotModified, 400: ErrorSchema },
};
