// The bot as a service: the Discord client, its metrics, and the operator's /healthz and /metrics port when configured.
import type { Archive } from '../archive.ts';
import type { BotConfig } from '../config.ts';
import { startOpsServer, type Health, type OpsServer } from '../ops/health.ts';
import { BotMetrics } from '../ops/metrics.ts';
import { createBot, type Bot, type BotOptions } from './createBot.ts';

export interface Service {
  bot: Bot;
  metrics: BotMetrics;
  /** Present when `config.healthPort` is set. */
  ops?: OpsServer;
  health(): Health;
  stop(): Promise<void>;
}

/** Opens the ops port (if configured) first, so /healthz answers "not ready" while Discord is being reached. */
export async function startService(config: BotConfig, archive: Archive, options: Omit<BotOptions, 'metrics'> = {}): Promise<Service> {
  const metrics = new BotMetrics();
  const bot = createBot(config, archive, { ...options, metrics });
  metrics.indexArticles(archive.summary().articles);
  const health = (): Health => {
    const summary = archive.summary();
    return {
      gatewayConnected: bot.connected(),
      index: { buildId: summary.buildId, builtAt: summary.builtAt, articles: summary.articles },
    };
  };
  const ops = config.healthPort === undefined ? undefined : await startOpsServer({ port: config.healthPort, host: config.healthHost, health, metrics });
  const stop = async () => {
    await bot.stop();
    await ops?.close();
  };
  try {
    await bot.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { bot, metrics, ops, health, stop };
}
