import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { sha256 } from '../services/secrets';

/**
 * Request rate limits. Globally only personal API tokens are limited (per token); routes
 * add their own limits (registration per address, posting per member) in route config.
 * Failed sign-ins are counted in the database by the accounts service.
 */
export default fp(
  async (app) => {
    const { tokenRateLimit } = app.config;
    await app.register(rateLimit, {
      global: true,
      max: tokenRateLimit > 0 ? tokenRateLimit : 1_000_000_000,
      timeWindow: 60_000,
      allowList: (request) => !isBearer(request.headers.authorization),
      keyGenerator: (request) => {
        const header = request.headers.authorization;
        return isBearer(header) ? `token:${sha256(header)}` : request.ip;
      },
    });
  },
  { name: 'rate-limit', dependencies: ['db'] },
);

function isBearer(header: string | undefined): header is string {
  return typeof header === 'string' && /^Bearer\s/i.test(header);
}
