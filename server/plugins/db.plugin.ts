import fp from 'fastify-plugin';
import type { AppConfig } from '../config';
import type { Database, Db } from '../db/client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The drizzle database handle. */
    db: Db;
    /** The open database with its driver name and close(). */
    database: Database;
    /** The validated configuration this app was built with. */
    config: AppConfig;
  }
}

/** Makes the open database and the configuration available to every route; closes the database on close. */
export default fp<{ database: Database; config: AppConfig }>(
  async (app, { database, config }) => {
    app.decorate('db', database.db);
    app.decorate('database', database);
    app.decorate('config', config);
    app.addHook('onClose', async () => {
      await database.close();
    });
  },
  { name: 'db' },
);
