import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorBody } from '../../errors';
import { ErrorSchema } from '../shared/common.schema';

/** GET /api/health: 200 once the server can serve, 503 while the database is unreachable. */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }),
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      try {
        await app.database.ping();
      } catch (err) {
        request.log.warn({ err }, 'database unreachable');
        return reply.status(503).send(errorBody(request, 'UNAVAILABLE', {
          en: 'The database is unreachable.',
          zh: '数据库暂时无法连接。',
        }));
      }
      return { status: 'ok' as const, database: app.database.driver };
    },
  );
};

export default healthRoutes;
