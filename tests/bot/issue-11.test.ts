// Issue 11: answers that read at a glance, checked on the payloads the real discord.js client sends to the loopback fake Discord.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandPayloads } from '../../src/bot/commands/index.ts';
import type { Quote } from '../../src/domain/answer.ts';
import { startHarness, type Harness } from './harness.ts';
import { loadSeedArticles, seedArchive, type SeedArchive } from './seedArchive.ts';

const EPHEMERAL = 64;
const alice = { id: '100000000000000011', username: 'alice' };
const bob = { id: '100000000000000012', username: 'bob' };

type Button = { custom_id: string; label: string; disabled?: boolean };
const buttonsOf = (message: Record<string, unknown>) => (message.components as { components: Button[] }[])[0].components;

describe('issue 11: answers that read at a glance (real discord.js client, fake Discord on loopback)', () => {
  let harness: Harness;
  let archive: SeedArchive;
  let ids: Record<string, string>;

  beforeAll(async () => {
    archive = seedArchive();
    harness = await startHarness(archive, (fake) => ({ answerChannelIds: [fake.otherChannelId] }), {
      // As after `npm run register`: Discord knows the commands and their ids.
      beforeStart: (fake) => {
        ids = Object.fromEntries(fake.registerCommands(commandPayloads() as never).map((command) => [command.name, command.id]));
      },
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });
  afterEach(() => {
    expect(harness.fake.requests.filter((request) => request.unhandled)).toEqual([]);
  });

  it('reads the registered command ids at start and writes hints as clickable command mentions', async () => {
    const { fake } = harness;
    await fake.waitForRequest((r) => r.method === 'GET' && r.path === `/applications/${fake.applicationId}/commands`);
    const unknown = fake.slashCommand(alice, 'person', { name: 'Nobody McNoname' });
    const note = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${unknown.id}/`));
    expect(note.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(note.body.data.content).toContain(`</person:${ids.person}>`);

    const nothing = fake.slashCommand(alice, 'ask', { question: 'zebra quantum marmalade' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(nothing.token));
    expect(edit.body.embeds[0].description).toContain(`a full name (</person:${ids.person}>), or a day or month (</date:${ids.date}>)`);
  });

  it('leads /ask with one quote, dates its sources first on one line, and counts quotes and articles in the footer without file names', async () => {
    const { fake } = harness;
    const [article] = loadSeedArticles();
    // Sentences without quotation marks: a cut inside quoted speech would (rightly) gain a "…".
    const sentences = (article.text.match(/[^.!?\n]+[.!?]/g) ?? [])
      .map((sentence) => sentence.trim())
      .filter((sentence) => !sentence.includes('"'));
    const quote = (index: number): Quote => ({
      article: article.id,
      date: article.date,
      label: 'PMO says security agencies are fully alert in this regard',
      url: 'https://example.com/pmo-warning',
      text: `${sentences[index]} ${sentences[index + 1]}`,
      highlight: sentences[index + 1],
      score: 1,
    });
    archive.answerNextWith([quote(3), quote(5), quote(7)]);
    const interaction = fake.slashCommand(alice, 'ask', { question: 'What did the PM Office warn about?' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    const [embed] = edit.body.embeds;
    const [lead, ...rest] = (embed.description as string).split('\n\n');
    expect(lead).toBe(
      `> ${sentences[3]} **${sentences[4]}**\n— 25 Aug 2023 · [PMO says security agencies are fully alert in this…](https://example.com/pmo-warning)`,
    );
    expect(rest).toHaveLength(2);
    for (const compact of rest) expect(compact).not.toContain('**');
    expect(rest[0]).toMatch(/^> [^\n]+\n— 25 Aug 2023 · \[PMO says/);
    expect(embed.description).not.toContain(article.id);
    expect(embed.footer.text).toBe('3 quotes from 1 article');
  });

  it('answers questions in an answer channel but not chat; chat said to the bot gets a pointer, never near misses', async () => {
    const { fake } = harness;
    const before = fake.requests.length;
    for (const chat of ['thanks, that was really helpful!', 'lol', 'ok cool'])
      fake.userMessage(bob, chat, { channelId: fake.otherChannelId });
    const question = fake.userMessage(bob, 'Who was informed by the Intelligence Bureau about the hacking?', {
      channelId: fake.otherChannelId,
    });
    const answer = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === question.id);
    expect(answer.body.embeds[0].description).toContain('Intelligence Bureau');
    const posted = fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path === `/channels/${fake.otherChannelId}/messages`);
    expect(posted).toHaveLength(1);

    const thanks = fake.userMessage(bob, `<@${fake.bot.id}> thanks!`, { mentionsBot: true });
    const pointer = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === thanks.id);
    expect(pointer.body.embeds ?? []).toEqual([]);
    expect(pointer.body.content).toContain(`</help:${ids.help}>`);
    expect(pointer.body.content).not.toMatch(/closest|near miss/i);
  });

  it('/person opens with an overview, newest article first', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'person', { name: 'Shehbaz Sharif' });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    const description: string = reply.body.data.embeds[0].description;
    expect(description).toMatch(
      /^\*\*2 articles · \d+ passages · 28 Sep 2022 – 25 Aug 2023\*\*\nNewest first, each article once before any repeats\.\n\n/,
    );
    const published = [...description.matchAll(/\n— (\d+ \w+ \d{4}) · /g)].map((match) => match[1]);
    expect(published.slice(0, 2)).toEqual(['25 Aug 2023', '28 Sep 2022']);
  });

  it('pages with "◀ Prev · 2/3 · Next ▶", and disables the buttons by editing the message once the session is gone', async () => {
    const { fake } = harness;
    const [article] = loadSeedArticles();
    const sentences = (article.text.match(/[^.!?\n]+[.!?]/g) ?? []).map((sentence) => sentence.trim());
    archive.answerNextWith(
      sentences
        .slice(0, 7)
        .map((text, index) => ({ article: article.id, date: article.date, text, highlight: text, score: 1 - index / 10 })),
    );
    const interaction = fake.slashCommand(alice, 'ask', { question: 'What did the PM Office say?' });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    const message = fake.originalMessage(interaction)!;
    const next = buttonsOf(message).find((button) => button.label === 'Next ▶')!;
    const click = fake.clickButton(alice, message.id as string, next.custom_id);
    const update = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${click.id}/`));
    expect(update.body.data.components[0].components.map((button: Button) => [button.label, Boolean(button.disabled)])).toEqual([
      ['◀ Prev', false],
      ['2/3', true],
      ['Next ▶', false],
    ]);

    // A session the bot no longer holds (expired, or the bot restarted): same message, buttons disabled, no "expired" reply.
    const stale = next.custom_id.replace(/^page:[^:]+:/, 'page:gone:');
    const late = fake.clickButton(alice, message.id as string, stale);
    const edited = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${late.id}/`));
    expect(edited.body.type).toBe(7);
    expect(edited.body.data.components[0].components.map((button: Button) => [button.label, button.disabled])).toEqual([
      ['◀ Prev', true],
      ['2/3 · expired', true],
      ['Next ▶', true],
    ]);
    expect(buttonsOf(fake.messages.get(message.id as string)!).every((button) => button.disabled)).toBe(true);
  });

  it('/date shows what was published as "date · label", and no empty box for mentions', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'date', { on: '2023-08-25' });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    expect(reply.body.data.embeds).toEqual([
      expect.objectContaining({
        title: 'Published 25 Aug 2023',
        description: '• 25 Aug 2023 · *PMO says security agencies are fully alert in this regard*',
      }),
    ]);
    const empty = fake.slashCommand(alice, 'date', { on: '2021-01-05' });
    const none = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${empty.id}/`));
    expect(none.body.data.embeds).toEqual([
      expect.objectContaining({ description: 'Nothing was published on 5 Jan 2021, and no passage mentions that day.' }),
    ]);
  });

  it('/help lists every command as a clickable mention, privately', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'help');
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    expect(reply.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    for (const name of ['ask', 'person', 'timeline', 'date', 'follow', 'unfollow', 'following', 'sources'])
      expect(reply.body.data.embeds[0].description).toContain(`</${name}:${ids[name]}>`);
    expect(reply.body.data.embeds[0].description).toContain('Find in archive');
  });

  it('greets a server it joins in its system channel, and stays silent where it may not speak', async () => {
    const { fake } = harness;
    const open = fake.joinGuild();
    const hello = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${open.channelId}/messages`);
    expect(hello.body.embeds[0].title).toBe('Hello! I answer from a news archive');
    expect(hello.body.embeds[0].description).toContain(`</help:${ids.help}>`);
    expect(hello.body.allowed_mentions.parse).toEqual([]);

    const closed = fake.joinGuild('1024');
    await vi.waitFor(() =>
      expect(harness.logs.some((entry) => entry.context?.guild === closed.guildId && entry.context?.greeted === false)).toBe(true),
    );
    expect(fake.requests.filter((r) => r.path === `/channels/${closed.channelId}/messages`)).toEqual([]);
  });

  it('"Find in archive" answers privately with quotes for its text, and "Post to channel" posts them once', async () => {
    const { fake } = harness;
    const target = fake.userMessage(bob, 'Apparently the Intelligence Bureau informed Shehbaz Sharif about the hacking', {
      channelId: fake.channelId,
    });
    const interaction = fake.messageCommand(alice, 'Find in archive', target);
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    const [deferred] = fake.requestsFor(interaction);
    expect([deferred.body.type, deferred.body.data.flags & EPHEMERAL]).toEqual([5, EPHEMERAL]);
    expect(edit.body.embeds[0].title).toBe('“Apparently the Intelligence Bureau informed Shehbaz Sharif about the hacking”');
    expect(edit.body.embeds[0].description).toContain('Shehbaz Sharif was informed by the Intelligence Bureau');
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    const post = (edit.body.components[0].components as { label?: string; custom_id: string }[]).find(
      (button) => button.label === 'Post to channel',
    )!;
    const privateAnswer = fake.originalMessage(interaction)!;
    const posting = fake.clickButton(alice, privateAnswer.id as string, post.custom_id);
    const posted = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${posting.id}/`));
    expect(posted.body.type).toBe(4);
    expect(posted.body.data.flags ?? 0).toBe(0);
    expect(posted.body.data.content).toBe(`Shared by <@${alice.id}> from *Find in archive*:`);
    expect(posted.body.data.allowed_mentions.parse).toEqual([]);
    expect(posted.body.data.embeds[0].description).toBe(edit.body.embeds[0].description);
    expect(JSON.stringify(posted.body.data.components)).not.toContain('Post to channel');
    const again = fake.clickButton(alice, privateAnswer.id as string, post.custom_id);
    const note = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${again.id}/`));
    expect([note.body.data.flags & EPHEMERAL, note.body.data.content]).toEqual([
      EPHEMERAL,
      'That answer is already posted in the channel.',
    ]);
  });

  it('"Find in archive" does not answer again a question the bot answered in an answer channel, and says so privately', async () => {
    const { fake } = harness;
    const asked = fake.userMessage(bob, 'Who was informed by the Intelligence Bureau about the hacking?', {
      channelId: fake.otherChannelId,
    });
    await fake.waitForRequest(
      (r) =>
        r.method === 'POST' && r.path === `/channels/${fake.otherChannelId}/messages` && r.body.message_reference?.message_id === asked.id,
    );
    const interaction = fake.messageCommand(alice, 'Find in archive', asked);
    const note = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    expect(note.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(note.body.data.content).toContain('I answered that message already');
    expect(fake.requestsFor(interaction)).toHaveLength(1);

    const empty = fake.messageCommand(alice, 'Find in archive', fake.userMessage(bob, '   '));
    const nothing = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${empty.id}/`));
    expect(nothing.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(nothing.body.data.content).toBe('That message has no text to look up in the archive.');
  });

  it('/ask from:/to: limits the publication dates searched, and a malformed date is explained privately', async () => {
    const { fake } = harness;
    const asked: { from?: string; to?: string }[] = [];
    const original = archive.ask;
    archive.ask = async (query) => {
      asked.push({ from: query.from, to: query.to });
      return original.call(archive, query);
    };
    try {
      const interaction = fake.slashCommand(alice, 'ask', { question: 'Who was informed about the hacking?', from: '2022-09', to: '2022' });
      await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
      expect(asked).toEqual([{ from: '2022-09-01', to: '2022-12-31' }]);
    } finally {
      archive.ask = original;
    }
    const bad = fake.slashCommand(alice, 'ask', { question: 'Who was informed?', from: '28/09/2022' });
    const note = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${bad.id}/`));
    expect(note.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(note.body.data.content).toContain('`from: 2022-09-01 to: 2022-09-30`');
    // /ask's own examples (issue 21), not /date's.
    expect(note.body.data.content).toMatch(/Examples for (`\/ask`|<\/ask:\d+>)/);
    expect(note.body.data.content).not.toContain('on: 2022-09-28');
  });
});
