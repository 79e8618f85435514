import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { metricsSchema } from './metrics.schema';

/**
 * GET /api/metrics in Prometheus text format. The addresses of METRICS_ALLOW (a Prometheus
 * server) read it without signing in; anyone else must be an admin (401 anonymous, 403
 * signed in without the role). The address is the client's, or X-Forwarded-For's with
 * TRUST_PROXY.
 */
const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const allowed = new Set(app.config.metricsAllow);
  app.get('/api/metrics', { schema: metricsSchema }, async (request, reply) => {
    if (!allowed.has(request.ip)) requireRole(request, 'admin');
    const body = await app.metrics.registry.metrics();
    return reply.header('content-type', app.metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
};

export default metricsRoutes;
