// The bot as a service: the Discord client, its metrics, the operator's /healthz and /metrics port, and index reloads.
import type { Archive } from '../archive.ts';
import type { BotConfig } from '../config.ts';
import { startOpsServer, type Health, type OpsServer } from '../ops/health.ts';
import { LiveArchive, type ReloadReport } from '../ops/liveArchive.ts';
import { BotMetrics } from '../ops/metrics.ts';
import { watchCorpus, type CorpusWatch } from '../ops/watchCorpus.ts';
import { createBot, type Bot, type BotOptions } from './createBot.ts';
import { createLogger } from './logger.ts';

/** What asked for a reload: a change in the corpus folder, an admin's /reindex, or SIGHUP. */
export type ReloadTrigger = 'watch' | 'command' | 'signal';

export interface Service {
  bot: Bot;
  metrics: BotMetrics;
  /** Present when `config.healthPort` is set. */
  ops?: OpsServer;
  health(): Health;
  /** Rebuilds and swaps in the index, logging one line and counting it; rejects when it failed (the old index stays). */
  reload(trigger: ReloadTrigger): Promise<ReloadReport>;
  stop(): Promise<void>;
}

/**
 * Serves `archive`; given a LiveArchive, also reloads it on /reindex, on `reload()` and (with
 * `config.watchDebounceMs`) when its corpus changes. Opens the ops port first, so /healthz says
 * "not ready" while Discord is being reached.
 */
export async function startService(
  config: BotConfig,
  archive: Archive | LiveArchive,
  options: Omit<BotOptions, 'metrics' | 'reload'> = {},
): Promise<Service> {
  const live = archive instanceof LiveArchive ? archive : undefined;
  const served = live?.archive ?? (archive as Archive);
  const logger = options.logger ?? createLogger({ secrets: [config.token] });
  const metrics = new BotMetrics();
  let lastReloadError: string | undefined;

  async function reload(trigger: ReloadTrigger): Promise<ReloadReport> {
    if (!live) throw new Error('this bot serves a fixed archive');
    try {
      const report = await live.reload();
      lastReloadError = undefined;
      metrics.reload(trigger, 'ok');
      metrics.indexArticles(report.articles);
      const { skipped, arrived: _arrived, ...figures } = report;
      logger.info('Index reloaded', { event: 'reload', trigger, outcome: 'ok', latency: report.ms, ...figures, skipped: skipped.length });
      for (const line of skipped) logger.warn(`Reload left out an invalid article: ${line}`, { event: 'reload-skipped', trigger });
      void bot.announce(report.arrived);
      return report;
    } catch (error) {
      lastReloadError = error instanceof Error ? error.message : String(error);
      metrics.reload(trigger, 'failed');
      logger.error(`Reload failed; still serving the previous index: ${lastReloadError}`, { event: 'reload', trigger, outcome: 'failed' });
      throw error;
    }
  }

  const bot = createBot(config, served, { ...options, logger, metrics, ...(live ? { reload: () => reload('command') } : {}) });
  metrics.indexArticles(served.summary().articles);
  const health = (): Health => {
    const summary = served.summary();
    return {
      gatewayConnected: bot.connected(),
      index: { buildId: summary.buildId, builtAt: summary.builtAt, articles: summary.articles },
      ...(live ? { reload: { running: live.reloading, ...(lastReloadError ? { lastError: lastReloadError } : {}) } } : {}),
    };
  };
  const ops =
    config.healthPort === undefined
      ? undefined
      : await startOpsServer({ port: config.healthPort, host: config.healthHost, health, metrics });
  let watcher: CorpusWatch | undefined;
  const stop = async () => {
    watcher?.close();
    await bot.stop();
    await ops?.close();
  };
  try {
    await bot.start();
  } catch (error) {
    await stop();
    throw error;
  }
  if (live && config.watchDebounceMs !== undefined) {
    watcher = watchCorpus(
      live.corpus,
      config.watchDebounceMs,
      // reload() logs its own failure; nothing else to do for a change nobody is waiting on.
      () => void reload('watch').catch(() => undefined),
      (error) => logger.error(`Watching the corpus failed; use /reindex or SIGHUP: ${error.message}`, { event: 'watch-failed' }),
    );
  }
  return { bot, metrics, ops, health, reload, stop };
}
