// A Discord that is unreachable or failing when the bot starts: the bot keeps trying, then serves; a bad token is final.
import { describe, expect, it } from 'vitest';
import { isTransient, untilDiscordAnswers } from '../../src/bot/startupRetry.ts';
import { startHarness } from './harness.ts';
import { seedArchive } from './seedArchive.ts';

describe('reaching Discord at start', { timeout: 10_000 }, () => {
  it('waits out a failing /gateway/bot, logs each retry once without the token, then answers /ask', async () => {
    const harness = await startHarness(
      seedArchive(),
      {},
      {
        // discord.js retries a 5xx itself (3 times by default); 8 failures outlast that, so the bot's own retry is needed.
        beforeStart: (fake) => fake.failRequests((request) => request.path === '/gateway/bot', { status: 503, times: 8 }),
        bot: { startupRetryDelaysMs: [20] },
      },
    );
    try {
      const retries = harness.logs.filter((entry) => /unreachable; retrying/.test(entry.message));
      expect(retries.length).toBeGreaterThan(0);
      expect(JSON.stringify(harness.logs)).not.toContain(harness.fake.token);

      const interaction = harness.fake.slashCommand({ id: '100000000000000001', username: 'alice' }, 'ask', {
        question: 'Who was informed by the Intelligence Bureau about the hacking?',
      });
      const edit = await harness.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token) && r.status === 200);
      expect(edit.body.embeds[0].description).toContain('Intelligence Bureau');
    } finally {
      await harness.stop();
    }
  });

  it('does not retry a rejected token', async () => {
    let attempts = 0;
    const rejected = Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' });
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    await expect(
      untilDiscordAnswers(
        async () => {
          attempts++;
          throw rejected;
        },
        logger,
        () => ({}),
        () => false,
        [1],
      ),
    ).rejects.toBe(rejected);
    expect(attempts).toBe(1);
  });

  it('tells network failures and outages from a bad token', () => {
    expect(isTransient(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(isTransient({ code: 'ENOTFOUND' })).toBe(true);
    expect(isTransient({ status: 503 })).toBe(true);
    expect(isTransient({ status: 401 })).toBe(false);
    expect(isTransient(new Error('An invalid token was provided.'))).toBe(false);
  });
});
