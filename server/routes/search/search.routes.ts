import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { searchPosts } from '../../services/forum/search.service';
import { searchSchema } from './search.schema';

/** Chinese-first search over titles and bodies; it tolerates lag, so it reads from the replica when one is set. */
const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/search', { schema: searchSchema }, async (request) => {
    return searchPosts(app.database.replica, request.query, request.auth?.user ?? null);
  });
};

export default searchRoutes;
