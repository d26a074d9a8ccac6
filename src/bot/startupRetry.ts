// Waits at start for Discord to answer (network down, outage) with backoff, before logging in; a rejected token is final.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BotLogger } from './logger.ts';

/** Waits between attempts; the last one repeats until Discord answers. */
export const STARTUP_RETRY_DELAYS_MS = [5_000, 10_000, 30_000, 60_000];

/** Network failures that say nothing about the token: worth another try. */
const TRANSIENT_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** True for an unreachable or failing Discord (network errors, HTTP 5xx/429), false for e.g. an invalid token. */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, status, cause } = error as { code?: unknown; status?: unknown; cause?: unknown };
  if (typeof status === 'number') return status >= 500 || status === 429;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  return isTransient(cause);
}

/**
 * Calls `probe` (a cheap authenticated request) until it succeeds, waiting `delaysMs` between transient
 * failures and logging one line each; rethrows a non-transient failure (e.g. a rejected token), or any
 * failure once `stopped()` says the bot is shutting down. Probing rather than retrying `client.login`
 * itself matters: a discord.js client that failed a login is not reliably ready after a second one
 * (discordjs/discord.js#10493).
 */
export async function untilDiscordAnswers(
  probe: () => Promise<unknown>,
  logger: BotLogger,
  describe: (error: unknown) => Record<string, unknown>,
  stopped: () => boolean,
  delaysMs: readonly number[] = STARTUP_RETRY_DELAYS_MS,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await probe();
      return;
    } catch (error) {
      if (!isTransient(error) || stopped()) throw error;
      const retryInMs = delaysMs[Math.min(attempt, delaysMs.length) - 1];
      logger.warn('Discord is unreachable; retrying', { event: 'discord-unreachable', attempt, retryInMs, ...describe(error) });
      await sleep(retryInMs);
      if (stopped()) throw error;
    }
  }
}
