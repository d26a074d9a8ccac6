// Issue 11: 👍/👎 under answers, stored durably and read by `npm run feedback`; /config per server; a damaged state file costs
// only those features. Real discord.js client against the loopback fake Discord, the real state database in a temp dir.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPayloads } from '../../src/bot/commands/index.ts';
import type { Quote } from '../../src/domain/answer.ts';
import type { FakeDiscord, FakeUser, RecordedRequest } from '../support/fake-discord.ts';
import { runTsx } from '../support/runScript.ts';
import { startHarness, type Harness } from './harness.ts';
import { loadSeedArticles, seedArchive, type SeedArchive } from './seedArchive.ts';

const EPHEMERAL = 64;
const MESSAGE_CONTENT_INTENT = 1 << 15;
const alice: FakeUser = { id: '100000000000000021', username: 'alice' };
const bob: FakeUser = { id: '100000000000000022', username: 'bob' };
/** A member without Manage Server (only View Channel and Send Messages). */
const carol: FakeUser = { id: '100000000000000023', username: 'carol', permissions: String(1024 + 2048) };
/** The answer channel of a second server the bot joins (an ANSWER_CHANNEL_IDS default there). */
const OTHER_SERVER_CHANNEL = '100000000000000999';

type Button = { custom_id: string; label?: string; emoji?: { name: string }; disabled?: boolean };
const buttonsOf = (message: Record<string, unknown>) =>
  ((message.components ?? []) as { components: Button[] }[]).flatMap((row) => row.components);
const emojiButton = (message: Record<string, unknown>, emoji: string) => buttonsOf(message).find((button) => button.emoji?.name === emoji)!;

function sevenQuotes(): Quote[] {
  const [article] = loadSeedArticles();
  const sentences = (article.text.match(/[^.!?\n]+[.!?]/g) ?? []).map((sentence) => sentence.trim());
  return sentences
    .slice(0, 7)
    .map((text, index) => ({ article: article.id, date: article.date, text, highlight: text, score: 1 - index / 10 }));
}

async function feedbackJson(path: string) {
  const run = await runTsx(['scripts/feedback.ts', '--json', '--state', path]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as {
    summary: { up: number; down: number; byDay: { day: string; up: number; down: number }[] };
    votes: {
      vote: string;
      comment: string | null;
      question: string;
      userHash: string;
      guildId: string;
      buildId: string;
      quotes: Quote[];
    }[];
  };
}

describe('issue 11: feedback, /config and the state database (real discord.js client, fake Discord on loopback)', () => {
  let dir: string;
  let statePath: string;
  let archive: SeedArchive;
  let harness: Harness;
  let other: { guildId: string; channelId: string };

  const start = (answerChannelIds: (fake: FakeDiscord) => string[], path = statePath, fake?: FakeDiscord) =>
    startHarness(archive, (fake) => ({ answerChannelIds: answerChannelIds(fake), statePath: path }), {
      beforeStart: (fake) => void fake.registerCommands(commandPayloads() as never),
      fake,
    });
  const callback = (interaction: { id: string }) =>
    harness.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
  const edited = (interaction: { token: string }) =>
    harness.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
  const answerTo = (message: Record<string, unknown>) =>
    harness.fake.waitForRequest((r) => r.body?.message_reference?.message_id === message.id);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bot-feedback-'));
    statePath = join(dir, 'state', 'bot-state.sqlite');
    archive = seedArchive();
    harness = await start((fake) => [fake.otherChannelId, OTHER_SERVER_CHANNEL]);
    other = harness.fake.joinGuild(undefined, OTHER_SERVER_CHANNEL);
  });
  afterAll(async () => {
    await harness?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts 👍/👎 in the pager row of /ask answers, with short custom ids that do not carry the question', async () => {
    const { fake } = harness;
    archive.answerNextWith(sevenQuotes());
    const question = 'What did the PM Office say about the hacking attempt?';
    const interaction = fake.slashCommand(alice, 'ask', { question });
    await edited(interaction);
    const message = fake.originalMessage(interaction)!;
    expect((message.components as unknown[]).length).toBe(1);
    expect(buttonsOf(message).map((button) => button.label ?? button.emoji?.name)).toEqual(['◀ Prev', '1/3', 'Next ▶', '👍', '👎']);
    for (const button of buttonsOf(message)) {
      expect(button.custom_id.length).toBeLessThanOrEqual(100);
      expect(button.custom_id).not.toContain('PM Office');
    }
    // Turning the page keeps them.
    const next = buttonsOf(message).find((button) => button.label === 'Next ▶')!;
    const click = fake.clickButton(alice, message.id as string, next.custom_id);
    const update = await callback(click);
    expect(buttonsOf(update.body.data).map((button: Button) => button.label ?? button.emoji?.name)).toEqual([
      '◀ Prev',
      '2/3',
      'Next ▶',
      '👍',
      '👎',
    ]);
  });

  it('thanks 👍 privately, opens "What was wrong?" for 👎, stores one vote per person and answer, readable by `npm run feedback --json`', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
    await edited(interaction);
    const message = fake.originalMessage(interaction)!;
    expect(buttonsOf(message).map((button) => button.emoji?.name)).toEqual(['👍', '👎']);

    const up = fake.clickButton(bob, message.id as string, emojiButton(message, '👍').custom_id);
    const thanks = await callback(up);
    expect(thanks.body.type).toBe(4);
    expect(thanks.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(thanks.body.data.content).toContain('Thanks');

    // Bob changes his mind: 👎 replaces his 👍, and the modal asks what was wrong.
    const down = fake.clickButton(bob, message.id as string, emojiButton(message, '👎').custom_id);
    const modal = await callback(down);
    expect(modal.body.type).toBe(9);
    expect(modal.body.data.title).toBe('What was wrong?');
    const input = modal.body.data.components[0].component;
    expect(input).toMatchObject({ type: 4, style: 2, required: false });
    const comment = 'Quoted the wrong official \u001b[31mred\u001b[0m';
    const submitted = fake.submitModal(bob, modal.body.data.custom_id, { [input.custom_id]: comment }, message.id as string);
    const after = await callback(submitted);
    expect(after.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(after.body.data.content).toContain('Thanks for telling us');

    const report = await feedbackJson(statePath);
    const bobs = report.votes.filter((vote) => vote.question === 'Who was informed by the Intelligence Bureau about the hacking?');
    expect(bobs).toHaveLength(1);
    expect(bobs[0]).toMatchObject({ vote: 'down', comment, guildId: fake.guildId, buildId: archive.summary().buildId });
    expect(bobs[0].userHash).toMatch(/^[0-9a-f]{64}$/);
    expect(bobs[0].quotes[0].text).toContain('Intelligence Bureau');
    expect(JSON.stringify(report)).not.toContain(bob.id);
    expect(report.summary).toMatchObject({ up: 0, down: 1 });

    // The operator's view: counts by day, the recent 👎 with question, comment and quotes, escape sequences shown harmless.
    const human = await runTsx(['scripts/feedback.ts', '--state', statePath]);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('1 votes: 👍 0 · 👎 1');
    expect(human.stdout).toContain('Q: Who was informed by the Intelligence Bureau about the hacking?');
    expect(human.stdout).toContain('Comment: Quoted the wrong official ␛[31mred␛[0m');
    expect(human.stdout).not.toContain('\u001b');
  });

  it('puts 👍/👎 under channel answers and "Find in archive", and says an unknown answer is too old to rate', async () => {
    const { fake } = harness;
    const question = fake.userMessage(bob, 'Who was informed by the Intelligence Bureau about the hacking?', {
      channelId: fake.otherChannelId,
    });
    const answer = await answerTo(question);
    expect(buttonsOf(answer.body).map((button) => button.emoji?.name)).toEqual(['👍', '👎']);

    const target = fake.userMessage(bob, 'Apparently the Intelligence Bureau informed Shehbaz Sharif about the hacking');
    const found = fake.messageCommand(alice, 'Find in archive', target);
    const edit = await edited(found);
    expect(buttonsOf(edit.body).map((button) => button.label ?? button.emoji?.name)).toEqual([
      '◀ Prev',
      expect.stringMatching(/^1\//),
      'Next ▶',
      '👍',
      '👎',
      'Post to channel',
    ]);

    const stale = fake.clickButton(alice, fake.originalMessage(found)!.id as string, 'vote:up:AAAAAAAAAAA');
    const note = await callback(stale);
    expect(note.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(note.body.data.content).toContain('too old to rate');
  });

  it('/config is for server managers: refused without Manage Server, shown privately with it', async () => {
    const { fake } = harness;
    const payload = commandPayloads().find((command) => command.name === 'config')!;
    expect(payload.default_member_permissions).toBe(String(1 << 5));
    const refused = fake.slashCommand(carol, 'config', { threads: true });
    const no = await callback(refused);
    expect(no.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(no.body.data.content).toContain('is for server managers');

    const show = fake.slashCommand(alice, 'config');
    const shown = await callback(show);
    expect(shown.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown.body.data.content).toContain(`**Answer channels** (the default): <#${fake.otherChannelId}>\n`);
    expect(shown.body.data.content).toContain('**Threads** (the default): off');

    const help = await callback(fake.slashCommand(alice, 'help'));
    const id = (fake.commands.find((command) => command.name === 'config') as { id: string }).id;
    expect(help.body.data.embeds[0].description).toContain(`</config:${id}> — server managers`);
    expect(help.body.data.embeds[0].description).toContain('Rate an answer with 👍 or 👎');
  });

  it('/config changes answer channels and threads in that server only, and the choice survives a restart', async () => {
    let { fake } = harness;
    // Answer in #general too, then stop answering in #questions, then answer in threads.
    const here = await callback(fake.slashCommand(alice, 'config', { answer: true }));
    expect(here.body.data.content).toContain(
      `Saved. **Answer channels** (this server's choice): <#${fake.otherChannelId}>, <#${fake.channelId}>\n`,
    );
    const off = await callback(fake.slashCommand(alice, 'config', { answer: false, channel: { channel: fake.otherChannelId } }));
    expect(off.body.data.content).toContain(`**Answer channels** (this server's choice): <#${fake.channelId}>\n`);
    const threads = await callback(fake.slashCommand(alice, 'config', { threads: true }));
    expect(threads.body.data.content).toContain(`**Answer channels** (this server's choice): <#${fake.channelId}>`);
    expect(threads.body.data.content).toContain("**Threads** (this server's choice): on");

    const ignored = fake.userMessage(bob, 'Who was informed by the Intelligence Bureau about the hacking?', {
      channelId: fake.otherChannelId,
    });
    const asked = fake.userMessage(bob, 'Who was informed by the Intelligence Bureau about the hacking?', { channelId: fake.channelId });
    const thread = await fake.waitForRequest((r) => r.path === `/channels/${fake.channelId}/messages/${asked.id}/threads`);
    expect(thread.body.name).toContain('Intelligence Bureau');
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${asked.id}/messages`);
    // The other server keeps the defaults: its answer channel answers, with a reply.
    const elsewhere = fake.userMessage(bob, 'Who was informed by the Intelligence Bureau about the hacking?', {
      channelId: other.channelId,
      guildId: other.guildId,
    });
    await answerTo(elsewhere);
    expect(fake.requests.filter((r) => r.body?.message_reference?.message_id === ignored.id)).toEqual([]);

    // The bot restarts with no default answer channels at all: the server's own choice still holds (and needs message content).
    await harness.bot.stop();
    harness = await start(() => [], statePath, fake);
    fake = harness.fake;
    const identify = fake.gatewayReceived.filter((payload) => payload.op === 2).at(-1)!;
    expect(((identify.d as { intents: number }).intents & MESSAGE_CONTENT_INTENT) !== 0).toBe(true);
    const shown = await callback(fake.slashCommand(alice, 'config'));
    expect(shown.body.data.content).toContain("**Threads** (this server's choice): on");
    const report = await feedbackJson(statePath);
    expect(report.votes.length).toBeGreaterThan(0);
  });

  it('runs without feedback and settings when the state file is corrupt or not its own: one-line error, the file untouched, answers still given', async () => {
    await harness.stop();
    const corrupt = join(dir, 'corrupt.sqlite');
    copyFileSync(statePath, corrupt);
    const bytes = readFileSync(corrupt);
    bytes.fill(0x41, 100, 4096);
    writeFileSync(corrupt, bytes);
    for (const path of [corrupt, join(dir, 'notes.txt')]) {
      if (!path.endsWith('.sqlite')) writeFileSync(path, 'my own notes\n');
      const before = readFileSync(path);
      harness = await start((fake) => [fake.otherChannelId], path);
      const { fake } = harness;
      const errors = harness.logs.filter((entry) => entry.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).not.toContain('\n');
      expect(errors[0].message).toContain(path);

      const interaction = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
      const answer: RecordedRequest = await edited(interaction);
      expect(answer.body.embeds[0].description).toContain('Intelligence Bureau');
      expect(buttonsOf(answer.body)).toEqual([]);
      const config = await callback(fake.slashCommand(alice, 'config', { threads: true }));
      expect(config.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(config.body.data.content).toContain('Server settings are unavailable right now');
      await harness.stop();
      expect(readFileSync(path).equals(before)).toBe(true);
    }
    const run = await runTsx(['scripts/feedback.ts', '--state', corrupt]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('unreadable');
  });
});

describe('issue 11: an expired pager greys out its own buttons', () => {
  let harness: Harness;
  let archive: SeedArchive;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bot-pager-'));
    archive = seedArchive();
    harness = await startHarness(archive, { statePath: join(dir, 'state.sqlite') }, { bot: { pageTtlMs: 300 } });
  });
  afterAll(async () => {
    await harness?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('edits the message when the session expires: page buttons disabled and marked, 👍/👎 still live', async () => {
    const { fake } = harness;
    archive.answerNextWith(sevenQuotes());
    const interaction = fake.slashCommand(alice, 'ask', { question: 'What did the PM Office say?' });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    const message = fake.originalMessage(interaction)!;
    const expiry = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/channels/${fake.channelId}/messages/${message.id}`,
    );
    expect(buttonsOf(expiry.body).map((button) => [button.label ?? button.emoji?.name, Boolean(button.disabled)])).toEqual([
      ['◀ Prev', true],
      ['1/3 · expired', true],
      ['Next ▶', true],
      ['👍', false],
      ['👎', false],
    ]);
    // A press that raced the timer still gets the buttons greyed out, never an error.
    const next = buttonsOf(message).find((button) => button.label === 'Next ▶')!;
    const late = fake.clickButton(alice, message.id as string, next.custom_id);
    const update = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${late.id}/`));
    expect(update.body.type).toBe(7);
  });
});
