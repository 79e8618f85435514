import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { journalOf, loadProfile } from '../../services/forum/profile.service';
import { journalSchema, profileSchema } from './profiles.schema';

/** A member's public page: profile with recent writing, and the journal of field writing. */
const profileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/users/:username/journal', { schema: journalSchema }, async (request) => {
    return journalOf(app.db, request.params.username, request.query, request.auth?.user ?? null);
  });

  app.get('/api/users/:username/profile', { schema: profileSchema }, async (request) => {
    return loadProfile(app.db, request.params.username, request.auth?.user ?? null);
  });
};

export default profileRoutes;
