// npm start — runs the Discord bot from .env until SIGINT/SIGTERM; SIGHUP reloads the index from the corpus.
import { createLogger } from '../src/bot/logger.ts';
import { startService, type Service } from '../src/bot/service.ts';
import { loadBotConfig, loadEngineConfig } from '../src/config.ts';
import { SetupError } from '../src/domain/errors.ts';
import { LiveArchive } from '../src/ops/liveArchive.ts';

async function main(): Promise<number> {
  let botConfig;
  let engineConfig;
  try {
    botConfig = loadBotConfig();
    engineConfig = loadEngineConfig();
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    return 1;
  }

  const logger = createLogger({ secrets: [botConfig.token] });
  logger.info(`Opening the archive (${engineConfig.indexDir})…`, { event: 'archive-opening' });
  const archive = await LiveArchive.open(engineConfig, { log: (line) => logger.info(line, { event: 'archive-opening' }) });
  let service: Service | undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now.`, { event: 'shutdown', signal });
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: finishing answers in progress, then disconnecting…`, { event: 'shutdown', signal });
    (service?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`, { event: 'shutdown', outcome: 'error' });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // `systemctl reload` / `kill -HUP`: pick up the corpus now; the outcome is logged by reload().
  process.on('SIGHUP', () => void service?.reload('signal').catch(() => undefined));
  // A stray rejection must not take the bot down; handlers log their own errors with context.
  process.on('unhandledRejection', (reason) => {
    logger.error(`Unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`, { event: 'unhandled-rejection' });
  });

  service = await startService(botConfig, archive, { logger });
  if (service.ops) {
    logger.info(`Serving /healthz and /metrics on http://${botConfig.healthHost}:${service.ops.port}`, { event: 'ops-listening', port: service.ops.port });
  }
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(`Could not start the bot: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
