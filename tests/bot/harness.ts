// Starts the real bot (real discord.js client) against the loopback fake Discord, with a recording logger.
import type { Archive } from '../../src/archive.ts';
import { createBot, type Bot, type BotOptions } from '../../src/bot/createBot.ts';
import type { BotLogger } from '../../src/bot/logger.ts';
import type { BotConfig } from '../../src/config.ts';
import { FakeDiscord } from '../support/fake-discord.ts';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  context?: Record<string, unknown>;
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  logs: LogEntry[];
  stop(): Promise<void>;
}

/** The bot's settings for talking to `fake`. */
export function botConfigFor(fake: FakeDiscord, overrides: Partial<BotConfig> = {}): BotConfig {
  return {
    token: fake.token,
    applicationId: fake.applicationId,
    answerChannelIds: [],
    answerInThreads: false,
    rateLimitPerMinute: 30,
    ...overrides,
  };
}

/** The discord.js client pointed at `fake`. */
export function botOptionsFor(fake: FakeDiscord): Pick<BotOptions, 'clientOptions' | 'drainTimeoutMs'> {
  return {
    clientOptions: {
      rest: { api: fake.apiUrl },
      // Discord spaces IDENTIFYs 5 s apart; the fake doesn't, so a re-IDENTIFY after an outage needn't wait.
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => undefined }) },
    },
    drainTimeoutMs: 2_000,
  };
}

export async function startHarness(
  archive: Archive,
  overrides: Partial<BotConfig> | ((fake: FakeDiscord) => Partial<BotConfig>) = {},
  setup: {
    beforeStart?: (fake: FakeDiscord) => void;
    bot?: Pick<BotOptions, 'startupRetryDelaysMs' | 'logger' | 'pageTtlMs'>;
    /** A fake Discord to reuse, as when a bot restarts (`bot.stop()`, then a new harness on the same fake). */
    fake?: FakeDiscord;
  } = {},
): Promise<Harness> {
  const fake = setup.fake ?? (await FakeDiscord.start());
  setup.beforeStart?.(fake);
  const logs: LogEntry[] = [];
  const logger: BotLogger = {
    info: (message, context) => logs.push({ level: 'info', message, context }),
    warn: (message, context) => logs.push({ level: 'warn', message, context }),
    error: (message, context) => logs.push({ level: 'error', message, context }),
  };
  const config = botConfigFor(fake, typeof overrides === 'function' ? overrides(fake) : overrides);
  const bot = createBot(config, archive, { logger, ...botOptionsFor(fake), ...setup.bot });
  try {
    await bot.start();
  } catch (error) {
    await fake.stop();
    throw error;
  }
  return {
    fake,
    bot,
    logs,
    async stop() {
      await bot.stop();
      await fake.stop();
    },
  };
}
