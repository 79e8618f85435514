import fp from 'fastify-plugin';
import type { AppConfig } from '../config';
import type { Database, Db } from '../db/client';
import type { StatementLog } from '../db/statement-log';

declare module 'fastify' {
  interface FastifyInstance {
    /** The drizzle database handle. */
    db: Db;
    /** The open database with its driver name and close(). */
    database: Database;
    /** The validated configuration this app was built with. */
    config: AppConfig;
    /** The statement log when the app was built with `countStatements` (tests), otherwise null. */
    statementLog: StatementLog | null;
  }
}

/** Makes the open database and the configuration available to every route; closes the database on close. */
export default fp<{ database: Database; config: AppConfig; statementLog: StatementLog | null }>(
  async (app, { database, config, statementLog }) => {
    app.decorate('db', database.db);
    app.decorate('database', database);
    app.decorate('config', config);
    app.decorate('statementLog', statementLog);
    app.addHook('onClose', async () => {
      await database.close();
    });
  },
  { name: 'db' },
);
