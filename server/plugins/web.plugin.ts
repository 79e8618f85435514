import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { errorBody } from '../errors';
import { isApiRequest, routedPath } from './request-path';

/**
 * Serves the built web app: hashed assets with long caching, and index.html for every page
 * path so deep links work on reload. Unknown /api paths answer the JSON 404. Nothing under a
 * dot name is published (404): not Vite's build manifest (dist/web/.vite/manifest.json, for
 * the bundle-size test only), nor a stray .env or .git that ended up in WEB_DIR.
 */
export default fp(
  async (app) => {
    const dir = app.config.webDir;
    const indexFile = path.join(dir, 'index.html');
    const hasBundle = existsSync(indexFile);
    if (hasBundle) {
      await app.register(fastifyStatic, {
        root: dir,
        wildcard: false,
        index: false,
        // `send` answers a dot path 404 without looking at the disk; the not-found handler below
        // then answers it, never with index.html.
        dotfiles: 'ignore',
        setHeaders: (res, filePath) => {
          const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
          res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
    const indexHtml = hasBundle ? readFileSync(indexFile, 'utf8') : null;

    app.setNotFoundHandler(async (request, reply) => {
      const url = routedPath(request);
      if (isApiRequest(request) || url.startsWith('/socket.io')) {
        return reply.status(404).send(errorBody(request, 'ROUTE_NOT_FOUND'));
      }
      if ((request.method === 'GET' || request.method === 'HEAD') && !path.extname(url) && !hasDotSegment(url)) {
        if (indexHtml === null) {
          return reply
            .status(503)
            .type('text/plain; charset=utf-8')
            .send('The web app has not been built. Run "npm run build" (npm start does it for you).');
        }
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
      }
      return reply.status(404).send(errorBody(request, 'NOT_FOUND'));
    });
  },
  { name: 'web', dependencies: ['db'] },
);

/** Does a path name anything under a dot name (/.env, /.vite/manifest.json, /a/.git/config)? */
function hasDotSegment(url: string): boolean {
  return url.split('/').some((segment) => segment.startsWith('.'));
}
