import fp from 'fastify-plugin';
import { sweepUnreferencedUploads, uploadsDir } from '../services/media/upload.service';

/** Options of the uploads plugin: what tests inject. */
export interface UploadsPluginOptions {
  /** The time as the upload routes and the sweep see it (tests move it forward a day). */
  clock?: () => Date;
  /** How often the sweep of unreferenced uploads runs (default hourly). */
  sweepIntervalMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Uploaded photos: their folder (DATA_DIR/uploads), the clock, and the sweep of unreferenced ones. */
    uploads: {
      dir: string;
      now(): Date;
      /** Removes uploads never referenced for a day (files and rows); how many it removed. */
      sweep(): Promise<number>;
    };
  }
}

/**
 * Where uploaded photos live and the timer that sweeps away those no post or draft referred
 * to within a day. Every process runs the sweep; the rows go in one statement, so two
 * processes sharing DATA_DIR remove each upload once.
 */
export default fp<UploadsPluginOptions>(
  async (app, options) => {
    const dir = uploadsDir(app.config.dataDir);
    const now = options.clock ?? (() => new Date());
    const sweep = () => sweepUnreferencedUploads(app.db, dir, now());
    app.decorate('uploads', { dir, now, sweep });
    const timer = setInterval(() => {
      sweep().catch((err: unknown) => app.log.warn({ err }, 'upload sweep failed'));
    }, options.sweepIntervalMs ?? 3_600_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'uploads', dependencies: ['db'] },
);
