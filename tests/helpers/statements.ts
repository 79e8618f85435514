import type { FastifyInstance } from 'fastify';
import type { RecordedStatement } from '../../server/db/statement-log';

/**
 * The SQL statements one piece of work runs against the app's database (a request through
 * app.inject or a Client, usually). The app must be built with `countStatements`
 * (`createTestApp(overrides, { countStatements: true })`); the counting is drizzle's logger on
 * the real db client, not a mock. Savepoints, BEGIN and COMMIT are not counted.
 */
export async function statementsOf<T>(app: FastifyInstance, work: () => Promise<T>): Promise<{ result: T; statements: RecordedStatement[] }> {
  if (!app.statementLog) throw new Error('statementsOf needs an app built with countStatements: true');
  return app.statementLog.record(work);
}

/** A readable list of statements for a failing count: one line each, shortened. */
export function describeStatements(statements: RecordedStatement[]): string {
  return statements.map((s, i) => `${i + 1}. ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
}
