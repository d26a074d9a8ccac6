// /follow end to end: the real bot (real discord.js client, fake Discord), the real index and model, a watched corpus
// folder. An article written into the folder while the bot runs is announced once in the following channel and
// nowhere else; removed and written again, it is not announced twice; a restart keeps the follows; a deleted channel's
// follows go with it.
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startService, type Service } from '../../src/bot/service.ts';
import { loadEngineConfig, type BotConfig, type EngineConfig } from '../../src/config.ts';
import { buildArchiveIndex } from '../../src/openArchive.ts';
import { LiveArchive } from '../../src/ops/liveArchive.ts';
import { FakeDiscord, type InteractionRecord, type RecordedRequest } from '../support/fake-discord.ts';
import { botConfigFor, botOptionsFor } from './harness.ts';
import { memoryLog } from '../support/memoryLog.ts';

const root = join(import.meta.dirname, '../..');
const admin = { id: '100000000000000001', username: 'admin' };
/** View Channels, Send Messages, Read Message History, Use Application Commands: no Manage Channels. */
const member = { id: '100000000000000002', username: 'member', permissions: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)) };

const RALLY = 'zkhanrally.txt';
const RALLY_TEXT =
  'date 2024-03-01\n' +
  'Former prime minister Imran Khan addressed thousands of supporters at a rally in Lahore on Friday.\n\n' +
  '"We will not be silenced by any pressure, and we will *win* @everyone," Imran Khan said near the Minar-e-Pakistan.\n';
const POPPY = 'zpoppy.txt';
const POPPY_TEXT =
  'date 2024-03-02\n' +
  'The Karachi Botanical Society said the rare Himalayan blue poppy flowered at the harbour garden for the first time. ' +
  '"We waited eleven years for this blue poppy to flower," the society\'s curator Nadia Qureshi said on Friday.\n';
const SPEECH = 'zkhanspeech.txt';
const SPEECH_TEXT =
  'date 2024-03-03\nImran Khan told reporters in Islamabad on Sunday that his party would contest the by-elections in every province.\n';

/** A reply that waits on an index build: generous on a busy machine. */
const BUILD_WAIT_MS = 180_000;

/** The text of an interaction's private reply: its message (type 4) or the edit of its deferred reply. */
async function privateReply(fake: FakeDiscord, interaction: InteractionRecord): Promise<{ content: string; flags: number }> {
  const request = await fake.waitForRequest(
    (r) =>
      (r.path === `/interactions/${interaction.id}/${interaction.token}/callback` && r.body?.type === 4) ||
      (r.method === 'PATCH' && r.path.includes(`/${interaction.token}/messages/@original`)),
    30_000,
  );
  const data = (request.body.type === 4 ? request.body.data : request.body) as { content: string };
  const callback = fake.requestsFor(interaction).find((r) => r.path.endsWith('/callback'))!;
  return { content: data.content, flags: Number(callback.body.data?.flags ?? 0) };
}

/** Messages the bot posted to a channel (not replies to interactions). */
function postsTo(fake: FakeDiscord, channelId: string): RecordedRequest[] {
  return fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
}

describe('/follow: new articles announced in the following channel', { timeout: 4 * BUILD_WAIT_MS }, () => {
  let dir: string;
  let corpus: string;
  let config: EngineConfig;
  let botConfig: BotConfig;
  let fake: FakeDiscord;
  let live: LiveArchive;
  let service: Service;
  const log = memoryLog();
  const reloadsWith = (added: number) =>
    log.lines.filter((line) => line.event === 'reload' && line.outcome === 'ok' && line.added === added);

  /** Waits for the watch's reload after a change to the corpus folder, then for its announcements to be sent. */
  async function afterReload(change: () => void, added: number): Promise<void> {
    const before = reloadsWith(added).length;
    change();
    await vi.waitFor(() => expect(reloadsWith(added).length).toBeGreaterThan(before), { timeout: BUILD_WAIT_MS, interval: 200 });
    // Announcements run one reload at a time: an empty one queued now resolves once this reload's are sent.
    await service.bot.announce([]);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'follow-'));
    corpus = join(dir, 'corpus');
    cpSync(join(root, 'seeds'), corpus, { recursive: true });
    config = loadEngineConfig({ CORPUS: corpus, INDEX_DIR: join(dir, 'index'), HNSW_EF_CONSTRUCTION: '50' });
    await buildArchiveIndex(config);
    live = await LiveArchive.open(config);
    fake = await FakeDiscord.start();
    botConfig = botConfigFor(fake, { watchDebounceMs: 300, statePath: join(dir, 'state.sqlite'), followPostsPerHour: 5 });
    service = await startService(botConfig, live, { ...botOptionsFor(fake), logger: log.logger });
  });
  afterAll(async () => {
    await service?.stop();
    await live?.close();
    await fake?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets only channel managers follow, confirms privately, and suggests names as they are typed', async () => {
    const refused = await privateReply(fake, fake.slashCommand(member, 'follow', { person: 'Imran Khan' }));
    expect(refused.content).toContain('Manage Channels');
    expect(refused.flags & 64).toBe(64);

    const typed = fake.autocomplete(admin, 'follow', 'person', 'Imr');
    const choices = await fake.waitForRequest((r) => r.path.includes(`/interactions/${typed.id}/`) && r.body?.type === 8);
    expect(choices.body.data.choices.map((choice: { value: string }) => choice.value)).toContain('Imran Khan');

    const person = await privateReply(fake, fake.slashCommand(admin, 'follow', { person: 'imran khan' }));
    expect(person.flags & 64).toBe(64);
    expect(person.content).toMatch(
      /^Following\. When articles are added to the archive, <#\d+> gets each new article naming \*\*Imran Khan\*\*/,
    );
    const topic = await privateReply(fake, fake.slashCommand(admin, 'follow', { topic: 'the Himalayan blue poppy flowering' }));
    expect(topic.content).toContain('each new article that answers “the Himalayan blue poppy flowering”');

    expect((await privateReply(fake, fake.slashCommand(admin, 'follow', { person: 'Imran Khan' }))).content).toMatch(
      /already follows Imran Khan/,
    );
    expect((await privateReply(fake, fake.slashCommand(admin, 'follow', { person: 'Nobody Atall' }))).content).toMatch(
      /^I don't know anyone called “Nobody Atall”/,
    );
    expect((await privateReply(fake, fake.slashCommand(admin, 'follow', {}))).content).toMatch(/^Follow one person or one topic at a time/);
    expect(postsTo(fake, fake.channelId)).toEqual([]);
  });

  it('announces an article written into the corpus folder once, in the following channel only, with no pings', async () => {
    await afterReload(() => {
      writeFileSync(join(corpus, RALLY), RALLY_TEXT);
      writeFileSync(join(corpus, POPPY), POPPY_TEXT);
    }, 2);
    const posts = postsTo(fake, fake.channelId);
    expect(posts).toHaveLength(2);
    expect(postsTo(fake, fake.otherChannelId)).toEqual([]);
    const byAuthor = new Map(posts.map((post) => [post.body.embeds[0].author.name as string, post.body]));
    const rally = byAuthor.get('Following Imran Khan')!;
    expect(rally.embeds[0].title).toBe('Former prime minister Imran Khan addressed thousands of supporters at…');
    expect(rally.allowed_mentions).toEqual({ parse: [] });
    // His own words, verbatim with markdown escaped, under the article's title (its opening words), then the day and who said it.
    expect(rally.embeds[0].description).toBe(
      '> "We will not be silenced by any pressure, and we will \\*win\\* @everyone,"\n— 1 Mar 2024 · Imran Khan',
    );
    const poppy = byAuthor.get('Following “the Himalayan blue poppy flowering”')!;
    expect(poppy.embeds[0].description).toContain('blue poppy');
    expect(poppy.embeds[0].description).toMatch(/\n— 2 Mar 2024$/);
    expect(JSON.stringify(posts.map((post) => post.body))).not.toContain(RALLY.replace('.txt', ''));
  });

  it('keeps the follows across a restart and does not announce an article removed and written again', async () => {
    await afterReload(() => unlinkSync(join(corpus, RALLY)), 0);
    await service.stop();
    service = await startService(botConfig, live, { ...botOptionsFor(fake), logger: log.logger });

    const listing = fake.slashCommand(member, 'following');
    const listed = await fake.waitForRequest((r) => r.path === `/interactions/${listing.id}/${listing.token}/callback`);
    expect(listed.body.data.flags & 64).toBe(64);
    expect(listed.body.data.embeds[0].title).toBe('This server follows (2)');
    expect(listed.body.data.embeds[0].description).toMatch(
      /^<#\d+> · person \*\*Imran Khan\*\* · since \d+ \w+ \d{4} · 1 article so far\n<#\d+> · topic “the Himalayan blue poppy flowering” · since .+ · 1 article so far$/,
    );

    const announced = postsTo(fake, fake.channelId).length;
    await afterReload(() => {
      writeFileSync(join(corpus, RALLY), RALLY_TEXT);
      writeFileSync(join(corpus, SPEECH), SPEECH_TEXT);
    }, 2);
    const posts = postsTo(fake, fake.channelId).slice(announced);
    // Only the new speech: the rally's content was announced before the restart.
    expect(posts).toHaveLength(1);
    expect(posts[0].body.embeds[0].description).toContain('his party would contest the by-elections');
    expect(posts[0].body.embeds[0].description).toMatch(/\n— 3 Mar 2024$/);
    expect(postsTo(fake, fake.otherChannelId)).toEqual([]);
  });

  it('stops a follow with /unfollow, and forgets the channel’s follows when the channel is deleted', async () => {
    const typed = fake.autocomplete(admin, 'unfollow', 'follow', 'poppy');
    const choices = await fake.waitForRequest((r) => r.path.includes(`/interactions/${typed.id}/`) && r.body?.type === 8);
    expect(choices.body.data.choices).toHaveLength(1);
    const stopped = await privateReply(fake, fake.slashCommand(admin, 'unfollow', { follow: choices.body.data.choices[0].value }));
    expect(stopped.content).toBe(`Stopped: <#${fake.channelId}> no longer gets new articles for “the Himalayan blue poppy flowering”.`);

    fake.deleteChannel(fake.channelId);
    await vi.waitFor(() => expect(log.lines.some((line) => line.event === 'follows-removed' && line.removed === 1)).toBe(true));
    expect((await privateReply(fake, fake.slashCommand(admin, 'following'))).content).toMatch(/^This server follows nobody yet/);
  });
});
