import fp from 'fastify-plugin';
import { publishDueEditions } from '../services/columns/edition.service';

/** Options of the column scheduler: what tests inject. */
export interface ColumnSchedulerOptions {
  /** The time as the columns see it (tests move it forward); default the real clock. */
  clock?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The media columns' clock and scheduler (issue 12). */
    columns: {
      now(): Date;
      /** One round of the scheduler: publishes the scheduled editions due now; answers their ids. */
      publishDue(): Promise<number[]>;
    };
  }
}

/**
 * Publishes scheduled editions when they are due: a round every COLUMN_SCHEDULER_INTERVAL_MS
 * on every process (each round claims due editions with one UPDATE, so two processes never
 * publish one twice), started with the app and stopped when it closes.
 */
export default fp<ColumnSchedulerOptions>(
  async (app, options) => {
    const now = options.clock ?? (() => new Date());
    let running: Promise<number[]> | null = null;
    const publishDue = (): Promise<number[]> => {
      // One round at a time in this process: a slow round is not overtaken by the next tick.
      running ??= publishDueEditions(app.ctx, now()).finally(() => { running = null; });
      return running;
    };
    app.decorate('columns', { now, publishDue });
    const timer = setInterval(() => {
      publishDue().catch((err: unknown) => app.log.warn({ err }, 'column scheduler round failed'));
    }, app.config.columnSchedulerIntervalMs);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running?.catch(() => []);
    });
  },
  { name: 'column-scheduler', dependencies: ['db', 'service-context'] },
);
