// npm start — runs the Discord bot from .env until SIGINT/SIGTERM; SIGHUP reloads the index from the corpus;
// with SHARDS set, one such process per shard.
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/bot/logger.ts';
import { reportArchive, startShards } from '../src/bot/sharding.ts';
import { startService, type Service } from '../src/bot/service.ts';
import { loadBotConfig, loadEngineConfig } from '../src/config.ts';
import { SetupError } from '../src/domain/errors.ts';
import { describeStore, isSharedStore } from '../src/openArchive.ts';
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
  if (botConfig.shards !== undefined) {
    // The manager opens no archive: each shard process runs this script again and opens the shared one.
    if (!isSharedStore(engineConfig))
      logger.warn('SHARDS without DATABASE_URL: every shard process loads its own copy of the index', { event: 'shards' });
    const sharded = await startShards({
      file: fileURLToPath(import.meta.url),
      shards: botConfig.shards,
      token: botConfig.token,
      logger,
      healthPort: botConfig.healthPort,
      healthHost: botConfig.healthHost,
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void sharded.stop().then(() => process.exit(0)));
    logger.info(`${sharded.statuses().length} shards connected`, { event: 'shards-ready' });
    return 0;
  }
  if (isSharedStore(engineConfig) && botConfig.watchDebounceMs !== undefined) {
    // The shared archive is rebuilt on request (/reindex, SIGHUP, `npm run index -- --store postgres`), not by every bot process.
    botConfig.watchDebounceMs = undefined;
    logger.info(
      'Not watching the corpus: the archive is in Postgres (rebuild it with /reindex, SIGHUP or `npm run index -- --store postgres`)',
      {
        event: 'reload-watch',
      },
    );
  }
  logger.info(`Opening the archive (${await describeStore(engineConfig)})…`, { event: 'archive-opening' });
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
  const { buildId, builtAt, articles } = archive.archive.summary();
  reportArchive({ buildId, builtAt, articles });
  if (service.ops) {
    logger.info(`Serving /healthz and /metrics on http://${botConfig.healthHost}:${service.ops.port}`, {
      event: 'ops-listening',
      port: service.ops.port,
    });
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
