import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findUserByUsername } from '../../services/accounts';
import { listJournal } from '../../services/topics';
import { loadProfile } from '../../services/profiles';
import { fail } from '../../errors';
import { journalSchema, profileSchema } from './profiles.schema';

/** A member's public page: profile with recent writing, and the journal of field writing. */
const profileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const findUser = async (username: string) => {
    const user = await findUserByUsername(app.db, username);
    if (!user) throw fail.notFound('No such user.', '没有这个用户。');
    return user;
  };

  app.get('/api/users/:username/journal', { schema: journalSchema }, async (request) => {
    const user = await findUser(request.params.username);
    return listJournal(app.db, user.id, request.query, request.auth?.user ?? null);
  });

  app.get('/api/users/:username/profile', { schema: profileSchema }, async (request) => {
    const user = await findUser(request.params.username);
    return loadProfile(app.db, user, request.auth?.user ?? null);
  });
};

export default profileRoutes;
