// GET /healthz and GET /metrics over HTTP on 127.0.0.1, with the real bot driven through the fake Discord.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/bot/logger.ts';
import { startService, type Service } from '../../src/bot/service.ts';
import { botConfigFor, botOptionsFor } from '../bot/harness.ts';
import { seedArchive } from '../bot/seedArchive.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { PassThrough } from 'node:stream';

const alice = { id: '100000000000000001', username: 'alice' };
const bob = { id: '100000000000000002', username: 'bob' };

/** The value of one sample line of the Prometheus text, e.g. `archive_bot_questions_total{command="ask",outcome="answered"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the ops port', () => {
  let fake: FakeDiscord;
  let service: Service;
  let base: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    service = await startService(botConfigFor(fake, { healthPort: 0, rateLimitPerMinute: 1 }), seedArchive(), {
      ...botOptionsFor(fake),
      logger: createLogger({ destination: new PassThrough(), pretty: false }),
    });
    base = `http://127.0.0.1:${service.ops!.port}`;
  });
  afterAll(async () => {
    await service?.stop();
    await fake?.stop();
  });

  it('is off unless a port is configured', async () => {
    const quiet = await FakeDiscord.start();
    const without = await startService(botConfigFor(quiet), seedArchive(), {
      ...botOptionsFor(quiet),
      logger: createLogger({ destination: new PassThrough(), pretty: false }),
    });
    try {
      expect(without.ops).toBeUndefined();
    } finally {
      await without.stop();
      await quiet.stop();
    }
  });

  it('GET /healthz says ready, with the index build id, time and article count', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      gatewayConnected: true,
      index: { buildId: 'seed-fixture', builtAt: '2024-01-01T00:00:00.000Z', articles: seedArchive().summary().articles },
    });
  });

  it('GET /metrics counts questions by command and outcome, latency, abstentions and rate-limited requests', async () => {
    const answered = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(answered.token));
    const limited = fake.slashCommand(alice, 'ask', { question: 'Who was informed about the hacking?' });
    await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${limited.id}/`));
    const offTopic = fake.slashCommand(bob, 'ask', { question: 'zebra quantum marmalade' });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(offTopic.token));

    await vi.waitFor(async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(sample(text, 'archive_bot_questions_total{command="ask",outcome="answered"}')).toBe(1);
    });
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(sample(text, 'archive_bot_questions_total{command="ask",outcome="rate-limited"}')).toBe(1);
    expect(sample(text, 'archive_bot_questions_total{command="ask",outcome="abstained"}')).toBe(1);
    expect(sample(text, 'archive_bot_abstentions_total{command="ask"}')).toBe(1);
    expect(sample(text, 'archive_bot_rate_limited_total{by="user"}')).toBe(1);
    expect(sample(text, 'archive_bot_answer_seconds_count{command="ask"}')).toBe(2);
    expect(sample(text, 'archive_bot_index_articles')).toBe(seedArchive().summary().articles);
    expect(text).toContain('# TYPE archive_bot_answer_seconds histogram');
    expect(text).toContain('# TYPE archive_bot_errors_total counter');
    expect(text).toContain('# TYPE archive_bot_reloads_total counter');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers 404 elsewhere, and GET /healthz is 503 once the gateway is down', async () => {
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    await service.bot.stop();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'not ready', gatewayConnected: false });
  });
});
