// One bot process per shard (discord.js ShardingManager), each opening the shared archive; the manager serves /healthz.
import { ShardingManager } from 'discord.js';
import { startOpsServer, type IndexStatus, type OpsServer } from '../ops/health.ts';
import { BotMetrics } from '../ops/metrics.ts';
import type { BotLogger } from './logger.ts';

/** What a shard process tells the manager once its archive is open (see `reportArchive`). */
interface ArchiveReport {
  archive: IndexStatus;
}

export interface ShardStatus {
  id: number;
  /** Its client is connected to the gateway. */
  ready: boolean;
  /** The archive it answers from, once open. */
  index?: IndexStatus;
}

export interface ShardingOptions {
  /** The entry each shard process runs: `npm start`'s own script, which starts one client for its shard. */
  file: string;
  /** A number, or `auto` for Discord's recommendation (GET /gateway/bot). */
  shards: number | 'auto';
  token: string;
  /** Node flags of the shard processes; default this process's own (e.g. tsx's loader). */
  execArgv?: string[];
  /** Pause between spawning shards; Discord accepts one IDENTIFY per 5 s (default 5.5 s). */
  spawnDelayMs?: number;
  logger: BotLogger;
  /** Serve GET /healthz and /metrics for all shards on this port. */
  healthPort?: number;
  healthHost?: string;
}

export interface ShardedBot {
  manager: ShardingManager;
  statuses(): ShardStatus[];
  ops?: OpsServer;
  /** Stops every shard process (each finishes its answers in progress on SIGTERM). */
  stop(): Promise<void>;
}

/** Spawns the shards and resolves once every one is connected; a shard that dies is respawned. */
export async function startShards(options: ShardingOptions): Promise<ShardedBot> {
  const manager = new ShardingManager(options.file, {
    totalShards: options.shards,
    token: options.token,
    execArgv: options.execArgv ?? process.execArgv,
    respawn: true,
  });
  const statuses = new Map<number, ShardStatus>();
  const { logger } = options;
  manager.on('shardCreate', (shard) => {
    const status: ShardStatus = { id: shard.id, ready: false };
    statuses.set(shard.id, status);
    logger.info(`Shard ${shard.id} of ${manager.totalShards} starting`, { event: 'shard-spawn', shard: shard.id });
    shard.on('ready', () => {
      status.ready = true;
      logger.info(`Shard ${shard.id} connected`, { event: 'shard-ready', shard: shard.id });
    });
    shard.on('disconnect', () => (status.ready = false));
    shard.on('reconnecting', () => (status.ready = false));
    shard.on('death', () => {
      status.ready = false;
      logger.error(`Shard ${shard.id} exited; respawning`, { event: 'shard-death', shard: shard.id });
    });
    shard.on('message', (message: unknown) => {
      if (isArchiveReport(message)) status.index = message.archive;
    });
  });
  const ops =
    options.healthPort === undefined
      ? undefined
      : await startOpsServer({
          port: options.healthPort,
          host: options.healthHost,
          metrics: new BotMetrics(),
          health: () => {
            const all = [...statuses.values()];
            return {
              gatewayConnected: all.length > 0 && all.every((status) => status.ready),
              ...(all.length > 0 && all.every((status) => status.index) ? { index: all[0].index } : {}),
              shards: all,
            };
          },
        });
  const stop = async () => {
    for (const shard of manager.shards.values()) shard.kill();
    await ops?.close();
  };
  try {
    await manager.spawn({ delay: options.spawnDelayMs ?? 5_500, timeout: 120_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { manager, statuses: () => [...statuses.values()], ops, stop };
}

/** In a shard process: tells the manager which archive it answers from (no-op outside a ShardingManager). */
export function reportArchive(index: IndexStatus): void {
  if (process.env.SHARDING_MANAGER && process.send) process.send({ archive: index } satisfies ArchiveReport);
}

function isArchiveReport(message: unknown): message is ArchiveReport {
  return typeof message === 'object' && message !== null && 'archive' in message;
}
