import fp from 'fastify-plugin';
import { PostCommitter } from '../services/forum/post-commit';
import type { ServiceContext } from '../services/service-context';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * What routes hand to writing services: the database and the realtime door. Routes never
     * publish or disconnect themselves; the services do, after their transaction commits.
     */
    ctx: ServiceContext;
  }
}

/** Decorates `app.ctx`, the service context, once the database and realtime are up. */
export default fp(
  async (app) => {
    app.decorate('ctx', {
      db: app.db,
      realtime: app.realtime,
      moderation: { holdNewAccountPosts: app.config.holdNewAccountPosts },
      posts: new PostCommitter(app.db, app.realtime, app.config.postCommitGroup, app.database.driver === 'postgres'),
    });
  },
  { name: 'service-context', dependencies: ['db', 'realtime'] },
);
