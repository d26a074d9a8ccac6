// The real discord.js client against the loopback fake Discord, with a fixture archive over the seed text.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Quote } from '../../src/domain/answer.ts';
import { InvalidQuestionError } from '../../src/search/validate.ts';
import { startHarness, type Harness } from './harness.ts';
import { expectWithinDiscordLimits } from './limits-check.ts';
import { loadSeedArticles, seedArchive, type SeedArchive } from './seedArchive.ts';

const EPHEMERAL = 64;
const alice = { id: '100000000000000001', username: 'alice' };
const bob = { id: '100000000000000002', username: 'bob' };

/** Quotes cut from the real seed text, `count` of them, cycling through its sentences. */
function seedQuotes(count: number): Quote[] {
  const [article] = loadSeedArticles();
  const sentences = article.text.match(/[^.!?\n]+[.!?]/g) ?? [];
  return Array.from({ length: count }, (_, index) => {
    const text = sentences[index % sentences.length].trim();
    return { article: article.id, date: article.date, text, highlight: text, score: 1 - index / 100 };
  });
}

describe('bot end to end (real discord.js client, fake Discord on loopback)', () => {
  let harness: Harness;
  let archive: SeedArchive;

  beforeAll(async () => {
    archive = seedArchive();
    harness = await startHarness(archive);
  });
  afterAll(async () => {
    await harness?.stop();
  });
  afterEach(() => {
    expect(harness.fake.requests.filter((request) => request.unhandled)).toEqual([]);
  });

  it('defers /ask, then edits in a verbatim dated quote', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    const [callback] = fake.requestsFor(interaction);
    expect(callback.body.type).toBe(5);
    const description: string = edit.body.embeds[0].description;
    // A one-sentence quote: nothing to set the answer apart from, so no bold.
    expect(description).toContain(
      '> Furthermore, as per the reports Pakistan Prime Minister Shehbaz Sharif was informed by the Intelligence Bureau some 10 days back about the hacking, which surfaced a few days ago.\n',
    );
    expect(description).not.toContain('**');
    expect(description).toMatch(/\n— 28 Sep 2022 · \*Pakistan Prime Minister's Office audio leaks saga…\*/);
    expect(edit.body.embeds[0].footer.text).toMatch(/^\d+ quotes? from \d+ articles?$/);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers person autocomplete with at most 25 choices, at once', async () => {
    const { fake } = harness;
    const many = Array.from({ length: 40 }, (_, index) => `Person ${index}`);
    const original = archive.suggestPeople;
    archive.suggestPeople = async () => many;
    try {
      const interaction = fake.autocomplete(alice, 'person', 'name', 'Pe');
      const response = await fake.waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
      expect(response.body.type).toBe(8);
      expect(response.body.data.choices).toHaveLength(25);
    } finally {
      archive.suggestPeople = original;
    }
    const real = fake.autocomplete(alice, 'person', 'name', 'sheh');
    const response = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${real.id}/`));
    expect(response.body.data.choices).toEqual([{ name: 'Shehbaz Sharif', value: 'Shehbaz Sharif' }]);
  });

  it('answers /person with dated quotes, and an unknown name privately with examples', async () => {
    const { fake } = harness;
    const found = fake.slashCommand(alice, 'person', { name: 'Shehbaz Sharif' });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${found.id}/`));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.embeds[0].title).toContain('Shehbaz Sharif');
    expect(reply.body.data.embeds[0].description).toContain('Shehbaz Sharif');

    const unknown = fake.slashCommand(alice, 'person', { name: 'Nobody McNoname' });
    const note = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${unknown.id}/`));
    expect(note.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(note.body.data.content).toContain('`/person`');
  });

  it('answers /date with what was published then, and a malformed date privately with examples', async () => {
    const { fake } = harness;
    const month = fake.slashCommand(alice, 'date', { on: '2022-09' });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${month.id}/`));
    expect(reply.body.data.embeds[0].title).toBe('Published Sep 2022');
    expect(reply.body.data.embeds[0].description).toBe("• 28 Sep 2022 · *Pakistan Prime Minister's Office audio leaks saga is likely to…*");
    // No passage mentions those days here: no empty box for them.
    expect(reply.body.data.embeds).toHaveLength(1);

    const malformed = fake.slashCommand(alice, 'date', { on: '28/09/2022x' });
    const note = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${malformed.id}/`));
    expect(note.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(note.body.data.content).toContain('`on: 2022-09-28`');
  });

  it('replies to a message that mentions the bot, and ignores one that does not', async () => {
    const { fake } = harness;
    const before = fake.requests.length;
    fake.userMessage(alice, 'Who was informed by the Intelligence Bureau about the hacking?');
    const asked = fake.userMessage(alice, `<@${fake.bot.id}> Who was informed by the Intelligence Bureau about the hacking?`, {
      mentionsBot: true,
    });
    const reply = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${fake.channelId}/messages` && r.body.embeds,
    );
    expect(reply.body.message_reference.message_id).toBe(asked.id);
    expect(reply.body.embeds[0].description).toContain('Shehbaz Sharif was informed by the Intelligence Bureau');
    expect(reply.body.allowed_mentions.parse).toEqual([]);
    const replies = fake.requests.slice(before).filter((r) => r.path === `/channels/${fake.channelId}/messages`);
    expect(replies).toHaveLength(1);
  });

  it('sends quotes containing @everyone and user/role mentions with allowed_mentions.parse = []', async () => {
    const { fake } = harness;
    const text = 'Hello @everyone and @here, <@123456789012345678> and <@&456789012345678901> said so.';
    archive.answerNextWith([{ article: 'mentions', date: '2023-08-25', text, highlight: text, score: 1 }]);
    const interaction = fake.slashCommand(alice, 'ask', { question: 'who said so?' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    expect(edit.body.embeds[0].description).toContain('@everyone');
    expect(edit.body.allowed_mentions.parse).toEqual([]);

    archive.answerNextWith([{ article: 'mentions', date: '2023-08-25', text, highlight: text, score: 1 }]);
    const asked = fake.userMessage(bob, `<@${fake.bot.id}> who said so?`, { mentionsBot: true });
    const reply = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === asked.id);
    expect(reply.body.allowed_mentions.parse).toEqual([]);
    for (const { message } of fake.outgoingMessages()) {
      expect((message.allowed_mentions as { parse: unknown[] }).parse).toEqual([]);
    }
  });

  it('keeps a very long answer within every limit, on every page', async () => {
    const { fake } = harness;
    const huge = `${'A sentence about the leaks 🎧. '.repeat(200)}@everyone *stars* [link](https://example.com)\n# heading\n> quote\n- item 😀😀`;
    const quotes: Quote[] = Array.from({ length: 12 }, (_, index) => ({
      article: `long-${index}`,
      date: '2022-09-28',
      title: `${'Very long title 🎧 '.repeat(40)}`,
      text: huge,
      highlight: huge.slice(0, 6000).trim(),
      score: 1,
    }));
    archive.answerNextWith(quotes);
    const interaction = fake.slashCommand(alice, 'ask', { question: 'x'.repeat(1000) });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    expectWithinDiscordLimits(edit.body);
    const customIds = () =>
      (fake.originalMessage(interaction)?.components as { components: { custom_id: string; label: string; disabled?: boolean }[] }[])[0]
        .components;
    for (let page = 2; page <= 4; page += 1) {
      const more = customIds().find((button) => button.label === 'Next ▶');
      expect(more?.disabled).toBeFalsy();
      const click = fake.clickButton(alice, fake.originalMessage(interaction)!.id as string, more!.custom_id);
      const update = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${click.id}/`));
      expect(update.body.type).toBe(7);
      expectWithinDiscordLimits(update.body.data);
      expect(update.body.data.components[0].components[1].label).toBe(`${page}/4`);
    }
    for (const { message } of fake.outgoingMessages()) expectWithinDiscordLimits(message);
  });

  it('pages with "◀ Prev · 1/3 · Next ▶": the asker turns the message, anyone else gets the page privately', async () => {
    const { fake } = harness;
    archive.answerNextWith(seedQuotes(7));
    const interaction = fake.slashCommand(alice, 'ask', { question: 'What did the PM Office say?' });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    const message = fake.originalMessage(interaction)!;
    const buttons = (message.components as { components: { custom_id: string; label: string }[] }[])[0].components;
    const more = buttons.find((button) => button.label === 'Next ▶')!;
    expect(buttons.map((button) => button.label)).toEqual(['◀ Prev', '1/3', 'Next ▶']);
    expect((message.embeds as { footer: { text: string } }[])[0].footer.text).toBe('7 quotes from 1 article');

    const other = fake.clickButton(bob, message.id as string, more.custom_id);
    const privatePage = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${other.id}/`));
    expect(privatePage.body.type).toBe(4);
    expect(privatePage.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(privatePage.body.data.components[0].components[1].label).toBe('2/3');
    expect(privatePage.body.data.embeds[0].description).toContain(seedQuotes(7)[3].text.slice(0, 40));
    // Bob's private copy turns on its own; Alice's message is still on page 1.
    const privateCopy = fake.originalMessage(other)!;
    const onward = fake.clickButton(bob, privateCopy.id as string, privatePage.body.data.components[0].components[2].custom_id);
    const turnedCopy = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${onward.id}/`));
    expect([turnedCopy.body.type, turnedCopy.body.data.components[0].components[1].label]).toEqual([7, '3/3']);
    expect((fake.messages.get(message.id as string)!.components as { components: { label: string }[] }[])[0].components[1].label).toBe(
      '1/3',
    );

    const click = fake.clickButton(alice, message.id as string, more.custom_id);
    const update = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${click.id}/`));
    expect(update.body.type).toBe(7);
    expect(update.body.data.components[0].components[1].label).toBe('2/3');
    expect(update.body.data.embeds[0].description).toContain(seedQuotes(7)[3].text.slice(0, 40));
    expect(update.body.data.allowed_mentions.parse).toEqual([]);
  });

  it("shows the engine's own question check privately, not as a fault", async () => {
    const { fake, logs } = harness;
    const errorsBefore = logs.filter((entry) => entry.level === 'error').length;
    archive.failNextAsk(new InvalidQuestionError('Please ask a question with at least one word.'));
    const interaction = fake.slashCommand(alice, 'ask', { question: '???' });
    const note = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${interaction.token}`);
    expect(note.body.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(note.body.content).toBe('Please ask a question with at least one word.');
    expect(logs.filter((entry) => entry.level === 'error')).toHaveLength(errorsBefore);
  });

  it('turns a handler error into a private apology, logs it once, and keeps serving', async () => {
    const { fake, logs } = harness;
    archive.failNextAsk(new Error('index exploded'));
    const failing = fake.slashCommand(alice, 'ask', { question: 'What did the PM Office say?' });
    const apology = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${failing.token}`);
    expect(apology.body.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(apology.body.content).toMatch(/sorry, something went wrong/i);
    await vi.waitFor(() => expect(logs.filter((entry) => entry.level === 'error')).toHaveLength(1), { timeout: 2_000 });
    const errors = logs.filter((entry) => entry.level === 'error');
    expect(errors[0].context).toMatchObject({ command: 'ask', user: alice.id, interaction: failing.id, userTold: true });
    expect(String(errors[0].context?.error)).toContain('index exploded');
    expect(JSON.stringify(logs)).not.toContain(fake.token);

    const next = fake.slashCommand(alice, 'sources');
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${next.id}/`));
    expect(reply.body.data.embeds[0].title).toBe('What the archive holds');
    expect(logs.filter((entry) => entry.level === 'error')).toHaveLength(1);
  });
});

describe('bot configuration (real discord.js client, fake Discord on loopback)', () => {
  it('asks for Message Content only in channel mode, and answers plain questions there in a thread', async () => {
    const MESSAGE_CONTENT = 1 << 15;
    const plain = await startHarness(seedArchive());
    const identify = plain.fake.gatewayReceived.find((payload) => payload.op === 2) as { d: { intents: number } };
    expect(identify.d.intents & MESSAGE_CONTENT).toBe(0);
    await plain.stop();

    const channelMode = await startHarness(seedArchive(), (fake) => ({ answerInThreads: true, answerChannelIds: [fake.otherChannelId] }));
    try {
      const { fake } = channelMode;
      const identified = fake.gatewayReceived.find((payload) => payload.op === 2) as { d: { intents: number } };
      expect(identified.d.intents & MESSAGE_CONTENT).toBe(MESSAGE_CONTENT);
      const asked = fake.userMessage(alice, 'Who was informed by the Intelligence Bureau about the hacking?', {
        channelId: fake.otherChannelId,
      });
      const thread = await fake.waitForRequest((r) => r.path === `/channels/${fake.otherChannelId}/messages/${asked.id}/threads`);
      expect(thread.body.name).toBe('Who was informed by the Intelligence Bureau about the hacking?');
      const answer = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${asked.id}/messages`);
      expect(answer.body.embeds[0].description).toContain('Intelligence Bureau');
      expect(answer.body.allowed_mentions.parse).toEqual([]);
    } finally {
      await channelMode.stop();
    }
  });
});
