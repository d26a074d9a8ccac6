// Structured logs: one JSON line per event with the fields operators filter on, readable on a terminal, never a token.
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/bot/logger.ts';
import { startHarness } from './harness.ts';
import { seedArchive } from './seedArchive.ts';

function memory(): { stream: PassThrough; text: () => string; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const text = () => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const alice = { id: '100000000000000001', username: 'alice' };

describe('createLogger', () => {
  it('writes one JSON object per line, with the event fields and the message', () => {
    const out = memory();
    const logger = createLogger({ destination: out.stream, pretty: false });
    logger.info('Question handled', { event: 'question', guild: '1', command: 'ask', latency: 12, outcome: 'answered' });
    logger.warn('Discord gateway connection lost; reconnecting', { event: 'gateway-lost', shard: 0 });
    const [first, second] = out.lines();
    expect(first).toMatchObject({
      level: 30,
      event: 'question',
      guild: '1',
      command: 'ask',
      latency: 12,
      outcome: 'answered',
      msg: 'Question handled',
    });
    expect(typeof first.time).toBe('string');
    expect(second).toMatchObject({ level: 40, event: 'gateway-lost', shard: 0 });
  });

  it('never writes a secret, whichever field, message or stack carries it', () => {
    const out = memory();
    const token = 'MTAx.secret-token.value';
    const logger = createLogger({ destination: out.stream, pretty: false, secrets: [token] });
    logger.error(`failed with ${token}`, {
      event: 'interaction',
      token,
      nested: { header: `Bot ${token}` },
      error: new Error(`boom ${token}`).stack,
    });
    expect(out.text()).not.toContain(token);
    expect(out.text()).toContain('[redacted]');
    expect(out.lines()).toHaveLength(1);
  });

  it('writes readable lines, not JSON, when asked to be pretty (as on a terminal)', () => {
    const out = memory();
    createLogger({ destination: out.stream, pretty: true }).info('Bot ready', { event: 'bot-ready', guilds: 1 });
    const text = out.text();
    expect(text).toContain('Bot ready');
    expect(text).toContain('bot-ready');
    expect(() => JSON.parse(text.trim().split('\n')[0])).toThrow();
  });
});

describe('the bot logs through pino', () => {
  it('logs each question as one JSON line with guild, command, latency and outcome, and no token anywhere', async () => {
    const out = memory();
    const archive = seedArchive();
    let token = '';
    const harness = await startHarness(
      archive,
      {},
      {
        beforeStart: (fake) => {
          token = fake.token;
        },
        bot: { logger: createLogger({ destination: out.stream, pretty: false, secrets: ['fake-bot-token'] }) },
      },
    );
    try {
      const { fake } = harness;
      const asked = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
      await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(asked.token));
      const offTopic = fake.slashCommand(alice, 'ask', { question: 'zebra quantum marmalade' });
      await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(offTopic.token));
      archive.failNextAsk(new Error(`exploded near ${token}`));
      fake.slashCommand(alice, 'ask', { question: 'Who was informed about the hacking?' });
      await vi.waitFor(() => expect(out.lines().filter((line) => line.event === 'question')).toHaveLength(3), { timeout: 10_000 });
      const questions = out.lines().filter((line) => line.event === 'question');
      expect(questions.map((line) => line.outcome).sort()).toEqual(['abstained', 'answered', 'error']);
      for (const line of questions) {
        expect(line).toMatchObject({ guild: fake.guildId, command: 'ask' });
        expect(typeof line.latency).toBe('number');
      }
      expect(out.lines().some((line) => line.event === 'bot-ready')).toBe(true);
      expect(out.text()).not.toContain(token);
      expect(out.text()).not.toMatch(/itoken-/);
    } finally {
      await harness.stop();
    }
  });
});
