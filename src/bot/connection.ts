// Tells the operator, one line each, when Discord's gateway drops and comes back, and when Discord rate-limits a request.
import { Events, RESTEvents, type Client } from 'discord.js';
import type { BotLogger } from './logger.ts';

/**
 * discord.js reconnects by itself (RESUME, or a fresh IDENTIFY when the session is gone); this
 * only reports it. `active()` is false while the bot shuts down, when closing is expected.
 */
export function watchConnection(client: Client, logger: BotLogger, active: () => boolean): void {
  /** When each shard's current outage began: one "lost" line per outage, however many attempts. */
  const lostAt = new Map<number, number>();
  const outageMs = (shard: number): number | undefined => {
    const since = lostAt.get(shard);
    lostAt.delete(shard);
    return since === undefined ? undefined : Date.now() - since;
  };

  client.on(Events.ShardReconnecting, (shard) => {
    if (!active() || lostAt.has(shard)) return;
    lostAt.set(shard, Date.now());
    logger.warn('Discord gateway connection lost; reconnecting', { event: 'gateway-lost', shard });
  });
  client.on(Events.ShardResume, (shard, replayedEvents) => {
    const downMs = outageMs(shard);
    logger.info('Discord gateway resumed; events from the outage replayed', { event: 'gateway-resumed', shard, downMs, replayedEvents });
  });
  client.on(Events.ShardReady, (shard) => {
    const downMs = outageMs(shard);
    // The first connection is reported by "Bot ready".
    if (downMs === undefined) return;
    logger.warn('Discord gateway reconnected with a new session; events from the outage were lost', {
      event: 'gateway-new-session',
      shard,
      downMs,
    });
  });
  client.on(Events.ShardDisconnect, (event, shard) => {
    logger.error('Discord gateway closed for good; the bot will not reconnect until restarted', {
      event: 'gateway-closed',
      shard,
      code: event.code,
    });
  });
  client.on(Events.ShardError, (error, shard) => {
    if (active()) logger.warn('Discord gateway connection error', { event: 'gateway-error', shard, error: error.message });
  });
  // discord.js waits out a 429 and retries by itself; the operator should still hear that Discord pushed back.
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return;
    logger.warn('Discord rate-limited a request; retrying after the wait', {
      event: 'discord-rate-limited',
      method: request.method.toUpperCase(),
      route: request.route.replaceAll('%40', '@'),
      retryAfterSeconds: Number(response.headers.get('retry-after')),
      scope: response.headers.get('x-ratelimit-scope') ?? undefined,
      global: response.headers.has('x-ratelimit-global'),
    });
  });
}
