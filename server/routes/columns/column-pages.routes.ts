import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROOT_DIR } from '../../config';
import type { DataLocale } from '../../domain/locale';
import { AppError } from '../../errors';
import { etagOf } from '../../lib/read-cache';
import { isNotModified, lastModifiedHeader } from '../../lib/conditional-get';
import { authenticateRequest } from '../../plugins/auth.plugin';
import { readerLocale } from '../../plugins/request-locale';
import { renderColumnFeed } from '../../presenters/column-feed.presenter';
import { COLUMN_STYLESHEET_PATH, renderColumnPage, type ColumnPageKind, type ColumnPageRead } from '../../presenters/column-page.presenter';
import { getColumnBySlug, readColumnPage, requireColumnEditor, type ColumnReadScope } from '../../services/columns/column-read.service';
import { columnFeedSchema, columnPageSchema, columnStylesheetSchema, editionPageSchema, editionPreviewSchema } from './column-pages.schema';

/**
 * The pages' own Content-Security-Policy, stricter than the app's: they run no script at all,
 * take styles and images from this origin only, and submit no form.
 */
const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HTML = 'text/html; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';

/**
 * The media columns' public pages and feed (issue 12 item 3), and the editors' preview.
 * Public answers are the same for every reader (in one language), so they are kept in the
 * read cache whoever asks, named after the column's room and the topic room of each item: a
 * publication, an unpublication, or a hide, edit or move of an item's post makes them stale
 * at once. Each carries an ETag and a Last-Modified and answers 304 to a current copy.
 */
const columnPageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const css = readFileSync(path.join(ROOT_DIR, 'server/presenters/column-page.css'), 'utf8');
  const cssEtag = etagOf(css);
  const cssVersion = createHash('sha1').update(css).digest('hex').slice(0, 12);

  /** Serves a public page or feed from the read cache (or loads, renders and stores it), conditionally. */
  async function serveCached(
    request: FastifyRequest,
    reply: FastifyReply,
    spec: { key: unknown[]; slug: string; scope: ColumnReadScope; type: string; render: (read: ColumnPageRead) => string },
  ): Promise<FastifyReply> {
    const key = JSON.stringify(['column-page', ...spec.key]);
    const { answer } = await app.readCache.read(
      key,
      async () => {
        const read = await readColumnPage(app.db, spec.slug, spec.scope);
        // The last change travels with the body, so a hit answers If-Modified-Since too.
        return { rooms: read.rooms, body: `${read.lastModified.toISOString()}\n${spec.render(read)}` };
      },
      (err) => app.log.warn({ err, key }, 'column page failed on refresh'),
    );
    const cut = answer.body.indexOf(0x0a);
    const lastModified = lastModifiedHeader(new Date(answer.body.toString('latin1', 0, cut)), new Date());
    reply.header('etag', answer.etag).header('cache-control', 'no-cache');
    if (lastModified) reply.header('last-modified', lastModified);
    // The pages speak the reader's language; the feed is Chinese for everyone.
    if (spec.type === HTML) reply.header('vary', 'accept-language').header('content-security-policy', PAGE_CSP);
    if (isNotModified(request.headers, answer.etag, lastModified)) return reply.code(304).send();
    return reply.type(spec.type).send(answer.body.subarray(cut + 1));
  }

  function page(kind: ColumnPageKind, locale: DataLocale) {
    return (read: ColumnPageRead) => renderColumnPage(read, { kind, locale, stylesheetVersion: cssVersion });
  }

  app.get(COLUMN_STYLESHEET_PATH, { schema: columnStylesheetSchema }, async (request, reply) => {
    // A versioned URL (the pages link ?v=<hash>) never changes; the bare one is revalidated.
    reply.header('etag', cssEtag).header('cache-control', request.query.v === cssVersion ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (isNotModified(request.headers, cssEtag, null)) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(css);
  });

  app.get('/columns/:slug', { schema: columnPageSchema }, async (request, reply) => {
    const locale = readerLocale(request);
    const { slug } = request.params;
    return serveCached(request, reply, { key: ['front', slug, locale], slug, scope: { kind: 'front' }, type: HTML, render: page('front', locale) });
  });

  app.get('/columns/:slug/editions/:n', { schema: editionPageSchema }, async (request, reply) => {
    const locale = readerLocale(request);
    const { slug, n } = request.params;
    return serveCached(request, reply, {
      key: ['edition', slug, n, locale], slug, scope: { kind: 'edition', number: n }, type: HTML, render: page('edition', locale),
    });
  });

  app.get('/columns/:slug/feed.xml', { schema: columnFeedSchema }, async (request, reply) => {
    const { slug } = request.params;
    return serveCached(request, reply, {
      key: ['feed', slug], slug, scope: { kind: 'front' }, type: ATOM,
      render: (read) => renderColumnFeed(read, { publicUrl: app.config.publicUrl, locale: 'zh' }),
    });
  });

  app.get('/columns/:slug/editions/:n/preview', { schema: editionPreviewSchema }, async (request, reply) => {
    // These pages are outside /api, where the auth hook does not run: the session is read here.
    const auth = await authenticateRequest(request);
    if (!auth) throw new AppError('UNAUTHENTICATED');
    const { slug, n } = request.params;
    const column = await getColumnBySlug(app.db, slug);
    await requireColumnEditor(app.db, auth.user, column.id);
    const read = await readColumnPage(app.db, slug, { kind: 'preview', number: n });
    const html = renderColumnPage(read, { kind: 'preview', locale: readerLocale(request), stylesheetVersion: cssVersion });
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-security-policy', PAGE_CSP)
      .type(HTML)
      .send(html);
  });
};

export default columnPageRoutes;
