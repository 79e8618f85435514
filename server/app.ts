import Fastify, { LogController, type FastifyInstance, type FastifySchema } from 'fastify';
import cookie from '@fastify/cookie';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { PGlite } from '@electric-sql/pglite';
import type { AppConfig } from './config';
import { openDatabase } from './db/client';
import { StatementLog } from './db/statement-log';
import { runMigrations } from './db/migrate';
import { clientErrorHandler, frameworkErrors, installErrorHandling } from './errors';
import { createValidatorCompiler } from './validation';
import { seedDefaults } from './services/seed.service';
import { pruneExpired } from './services/accounts/session.service';
import dbPlugin from './plugins/db.plugin';
import metricsPlugin from './plugins/metrics.plugin';
import securityPlugin from './plugins/security.plugin';
import rateLimitPlugin from './plugins/rate-limit.plugin';
import authPlugin from './plugins/auth.plugin';
import realtimePlugin from './plugins/realtime.plugin';
import serviceContextPlugin from './plugins/service-context.plugin';
import readCachePlugin from './plugins/read-cache.plugin';
import { registerForumRooms } from './realtime/forum-rooms';
import { registerColumnRooms } from './realtime/column-rooms';
import webPlugin from './plugins/web.plugin';
import healthRoutes from './routes/health/health.routes';
import metricsRoutes from './routes/metrics/metrics.routes';
import authRoutes from './routes/auth/auth.routes';
import unitRoutes from './routes/units/units.routes';
import userRoutes from './routes/users/users.routes';
import tokenRoutes from './routes/tokens/tokens.routes';
import sessionRoutes from './routes/sessions/sessions.routes';
import boardRoutes from './routes/boards/boards.routes';
import topicRoutes from './routes/topics/topics.routes';
import postRoutes from './routes/posts/posts.routes';
import draftRoutes from './routes/drafts/drafts.routes';
import notificationRoutes from './routes/notifications/notifications.routes';
import searchRoutes from './routes/search/search.routes';
import profileRoutes from './routes/profiles/profiles.routes';
import campaignRoutes from './routes/campaign/campaign.routes';
import placeRoutes from './routes/places/places.routes';
import visitRoutes from './routes/visits/visits.routes';
import moderationContentRoutes from './routes/moderation/content.routes';
import moderationQueueRoutes from './routes/moderation/queue.routes';
import watchedWordRoutes from './routes/moderation/watched-words.routes';
import uploadsPlugin from './plugins/uploads.plugin';
import uploadRoutes from './routes/uploads/uploads.routes';
import featuredRoutes from './routes/featured/featured.routes';
import columnSchedulerPlugin from './plugins/column-scheduler.plugin';
import columnRoutes from './routes/columns/columns.routes';
import awardRoutes from './routes/awards/awards.routes';
import columnPageRoutes from './routes/columns/column-pages.routes';

/** What tests and tools may hand to buildApp besides the configuration. */
export interface BuildOptions {
  /** An open embedded database to use instead of opening DATA_DIR (tests clone a template). */
  pglite?: PGlite;
  /** Close `pglite` when the app closes. */
  ownsPglite?: boolean;
  /** Log through pino (default true); tests turn it off. */
  logger?: boolean;
  /**
   * Record the SQL statements each piece of work runs (`app.statementLog.record`), for the
   * integration tests' query counts. Off by default; nothing in production turns it on.
   */
  countStatements?: boolean;
  /** The time the upload routes and their sweep, and the media columns and their scheduler, see (tests move it forward); default the real clock. */
  clock?: () => Date;
  /** How often unreferenced uploads are swept (default hourly); tests make it short. */
  uploadSweepIntervalMs?: number;
}

/**
 * Builds the whole application: opens and migrates the database, seeds a first start, and
 * registers plugins and routes explicitly, in order. Returns a ready instance; only
 * server/main.ts listens.
 */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
    },
    // One line per request is written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    // A request (body included) must arrive within REQUEST_TIMEOUT_SECONDS, or it is a 408:
    // a body trickling in a byte at a time does not hold a connection for ever. A connection
    // silent for CONNECTION_TIMEOUT_SECONDS is closed (upgraded sockets are exempt: socket.io
    // pings them). Node checks the request timeout on an interval: a fraction of the timeout.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(60_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(config.requestTimeoutMs / 4))),
    },
    clientErrorHandler,
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  installErrorHandling(app);
  // The API speaks JSON only: a text/plain body is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  const log = (message: string) => app.log.info(message);
  const statementLog = options.countStatements ? new StatementLog() : null;
  const database = await openDatabase(config, {
    pglite: options.pglite,
    ownsPglite: options.ownsPglite,
    log,
    ...(statementLog ? { statementLog } : {}),
  });
  try {
    await runMigrations(database, config.migrationsDir);
    await seedDefaults(database.db, config, log);
  } catch (err) {
    await database.close();
    throw err;
  }

  await app.register(dbPlugin, { database, config, statementLog });
  await app.register(metricsPlugin);
  await app.register(readCachePlugin);
  await app.register(cookie);
  // Gzip/brotli for JSON and the web bundle: cadres read this on phones in villages.
  await app.register(compress, { threshold: 1024 });
  await app.register(securityPlugin);
  await app.register(rateLimitPlugin);
  await app.register(authPlugin);
  await app.register(realtimePlugin);
  await app.register(serviceContextPlugin);
  await app.register(uploadsPlugin, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.uploadSweepIntervalMs ? { sweepIntervalMs: options.uploadSweepIntervalMs } : {}),
  });
  await app.register(columnSchedulerPlugin, options.clock ? { clock: options.clock } : {});
  registerForumRooms(app.realtime, app.db);
  registerColumnRooms(app.realtime, app.db);
  await app.register(swagger, {
    transform: documentDefaultsAsOptional,
    openapi: {
      info: { title: 'Grassroots API', version: '1.0.0', description: 'The HTTP contract of Grassroots (see API.md).' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gr_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(authRoutes);
  await app.register(unitRoutes);
  await app.register(userRoutes);
  await app.register(tokenRoutes);
  await app.register(sessionRoutes);
  await app.register(boardRoutes);
  await app.register(topicRoutes);
  await app.register(postRoutes);
  await app.register(draftRoutes);
  await app.register(notificationRoutes);
  await app.register(searchRoutes);
  await app.register(profileRoutes);
  await app.register(campaignRoutes);
  await app.register(placeRoutes);
  await app.register(visitRoutes);
  await app.register(moderationContentRoutes);
  await app.register(moderationQueueRoutes);
  await app.register(watchedWordRoutes);
  await app.register(uploadRoutes);
  await app.register(featuredRoutes);
  await app.register(columnRoutes);
  await app.register(awardRoutes);
  await app.register(columnPageRoutes);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(webPlugin);

  const pruner = setInterval(() => {
    pruneExpired(database.db, config.loginFailureWindowMs).catch((err: unknown) => app.log.warn({ err }, 'prune failed'));
  }, 3_600_000);
  pruner.unref();
  app.addHook('onClose', async () => clearInterval(pruner));

  await app.ready();
  return app;
}

/**
 * The OpenAPI view of a route's schema: a query parameter with a default (`limit`) is
 * optional to a client, since the validator fills it in. TypeBox declares it required, so
 * handlers are typed with the value always there; the document says what clients must send.
 */
function documentDefaultsAsOptional({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  const query = schema?.querystring as { properties?: Record<string, { default?: unknown }>; required?: string[] } | undefined;
  if (!query?.required || !query.properties) return { schema, url };
  const properties = query.properties;
  const required = query.required.filter((name) => properties[name]?.default === undefined);
  return { schema: { ...schema, querystring: { ...query, required } }, url };
}
