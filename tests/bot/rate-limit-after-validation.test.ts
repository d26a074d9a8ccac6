// Issue 9.12: input is validated before the rate limit; refused input and lookups from memory cost no token;
// the wait is a live Discord relative timestamp.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { seedArchive } from './seedArchive.ts';

const EPHEMERAL = 64;
const alice = { id: '100000000000000001', username: 'alice' };
const bob = { id: '100000000000000002', username: 'bob' };
const QUESTION = 'Who was informed by the Intelligence Bureau about the hacking?';

describe('rate limiting after validation (one search per minute)', () => {
  let harness: Harness;
  afterEach(async () => {
    await harness?.stop();
  });

  /** The first response the bot made to `interaction` (its callback). */
  const responseTo = (interaction: { id: string }) =>
    harness.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));

  it('charges only searches: refused input, /person, /date, /sources and autocomplete are free', async () => {
    harness = await startHarness(seedArchive(), { rateLimitPerMinute: 1 });
    const { fake } = harness;
    for (const [name, options] of [
      ['ask', { question: '   ' }],
      ['ask', { question: 'x'.repeat(1001) }],
      ['person', { name: 'Shehbaz Sharif' }],
      ['date', { on: '2022-09' }],
      ['sources', {}],
    ] as const) {
      const response = await responseTo(fake.slashCommand(alice, name, options));
      expect(response.body.data?.content ?? '').not.toMatch(/faster than I can keep up/);
    }
    await responseTo(fake.autocomplete(alice, 'person', 'name', 'sheh'));

    const asked = fake.slashCommand(alice, 'ask', { question: QUESTION });
    expect((await responseTo(asked)).body.type).toBe(5);
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(asked.token));

    const again = fake.slashCommand(alice, 'ask', { question: QUESTION });
    const refusal = await responseTo(again);
    expect(refusal.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.body.data.content).toMatch(/You can ask again <t:\d+:R>\.$/);
  });

  it('answers bad input with what is wrong even when the user is out of tokens', async () => {
    harness = await startHarness(seedArchive(), { rateLimitPerMinute: 1 });
    const { fake } = harness;
    const asked = fake.slashCommand(bob, 'ask', { question: QUESTION });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(asked.token));
    const empty = await responseTo(fake.slashCommand(bob, 'ask', { question: '  ' }));
    expect(empty.body.data.content).toMatch(/Ask me a question/);
    const long = await responseTo(fake.slashCommand(bob, 'ask', { question: 'y'.repeat(1001) }));
    expect(long.body.data.content).toMatch(/1001 characters long/);
  });

  it('charges a mention after checking it, and shows the wait the same way', async () => {
    harness = await startHarness(seedArchive(), { rateLimitPerMinute: 1 });
    const { fake } = harness;
    const empty = fake.userMessage(alice, `<@${fake.bot.id}>`, { mentionsBot: true });
    await fake.waitForRequest((r) => r.body?.message_reference?.message_id === empty.id);
    const first = fake.userMessage(alice, `<@${fake.bot.id}> ${QUESTION}`, { mentionsBot: true });
    const answer = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === first.id);
    expect(answer.body.embeds?.length).toBeGreaterThan(0);
    const second = fake.userMessage(alice, `<@${fake.bot.id}> ${QUESTION}`, { mentionsBot: true });
    const refusal = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === second.id);
    expect(refusal.body.content).toMatch(/You can ask again <t:\d+:R>\.$/);
  });
});
