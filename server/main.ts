import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';

/** Starts Grassroots: loadConfig → buildApp → listen, and closes gracefully on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await buildApp(config);
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  app.log.info(`Grassroots is ready on ${config.publicUrl} (database: ${app.database.driver})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
