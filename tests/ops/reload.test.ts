// Hot reload end to end: the real bot (fake Discord), the real index and model, builds in a child process, swaps in memory.
import { cpSync, existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPglite, type PgliteServer } from '../../eval/pglite.ts';
import { startService, type Service } from '../../src/bot/service.ts';
import { loadEngineConfig, type EngineConfig } from '../../src/config.ts';
import { StoreArchive } from '../../src/archive.ts';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { buildArchiveIndex, buildPostgresArchive } from '../../src/openArchive.ts';
import { LiveArchive } from '../../src/ops/liveArchive.ts';
import { pacer } from '../../src/pace.ts';
import { botConfigFor, botOptionsFor } from '../bot/harness.ts';
import { FakeDiscord, type RecordedRequest } from '../support/fake-discord.ts';
import { memoryLog } from '../support/memoryLog.ts';

const root = join(import.meta.dirname, '../..');
const EPHEMERAL = 64;
const admin = { id: '100000000000000001', username: 'admin' };
/** View Channels, Send Messages, Read Message History, Use Application Commands: no Manage Server. */
const member = { id: '100000000000000002', username: 'member', permissions: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)) };

const NEW_ID = 'harbourpoppy';
const NEW_ARTICLE =
  'date 2024-03-01\n' +
  'The Karachi Botanical Society said the rare Himalayan blue poppy flowered at the harbour garden for the first time. ' +
  '"We waited eleven years for this blue poppy to flower," the society\'s curator Nadia Qureshi said on Friday.\n';
const QUESTION = 'When did the Himalayan blue poppy flower at the harbour garden?';

/** The text of the reply that finished an /ask (its edited original). */
async function answerTo(fake: FakeDiscord, interaction: { token: string }, timeoutMs = 30_000): Promise<RecordedRequest> {
  return fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token), timeoutMs);
}

/**
 * The load's pause points, counted: every one gives the event loop a turn (pacer(0)), so what a test sees between
 * them does not depend on the machine's speed. `onStep` is told of each.
 */
const loadSteps = { count: 0, onStep: undefined as (() => void) | undefined };
const everyStep = pacer(0);
async function countedPace(): Promise<void> {
  loadSteps.count++;
  loadSteps.onStep?.();
  await everyStep();
}

/** A reply that waits on an index build (or two, when it queues behind the watch's): generous on a busy machine. */
const BUILD_WAIT_MS = 180_000;

describe('a living archive: the running bot picks up corpus changes', { timeout: 2 * BUILD_WAIT_MS }, () => {
  let dir: string;
  let corpus: string;
  let config: EngineConfig;
  let fake: FakeDiscord;
  let service: Service;
  let live: LiveArchive;
  const log = memoryLog();
  const reloads = () => log.lines.filter((line) => line.event === 'reload');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'live-archive-'));
    corpus = join(dir, 'corpus');
    cpSync(join(root, 'seeds'), corpus, { recursive: true });
    config = loadEngineConfig({ CORPUS: corpus, INDEX_DIR: join(dir, 'index'), HNSW_EF_CONSTRUCTION: '50' });
    await buildArchiveIndex(config);
    live = await LiveArchive.open(config, { pace: countedPace });
    fake = await FakeDiscord.start();
    service = await startService(botConfigFor(fake, { watchDebounceMs: 300, rateLimitPerMinute: 10_000, healthPort: 0 }), live, {
      ...botOptionsFor(fake),
      logger: log.logger,
    });
  });
  afterAll(async () => {
    await service?.stop();
    await fake?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers from an article added to the corpus folder, once the watch has reloaded', async () => {
    const before = await answerTo(fake, fake.slashCommand(admin, 'ask', { question: QUESTION }));
    expect(JSON.stringify(before.body)).not.toContain(NEW_ID);

    writeFileSync(join(corpus, `${NEW_ID}.txt`), NEW_ARTICLE);
    await vi.waitFor(() => expect(reloads().some((line) => line.outcome === 'ok' && line.added === 1)).toBe(true), {
      timeout: BUILD_WAIT_MS,
      interval: 200,
    });
    const reload = reloads().find((line) => line.added === 1)!;
    expect(reload).toMatchObject({ trigger: 'watch', changed: 0, removed: 0, level: 30 });
    expect(reload.embeddedPassages).toBeGreaterThan(0);
    expect(reload.reusedPassages).toBeGreaterThan(0);

    const after = await answerTo(fake, fake.slashCommand(admin, 'ask', { question: QUESTION }));
    const description: string = after.body.embeds[0].description;
    expect(description).toContain('blue poppy');
    // The new article is cited by its date and opening words; its file name shows nowhere.
    expect(description).toMatch(/\n— 1 Mar 2024 · \*The Karachi Botanical Society said/);
    expect(after.body.embeds[0].footer.text).toMatch(/^\d+ quotes? from \d+ articles?$/);
    expect(JSON.stringify(after.body)).not.toContain(NEW_ID);
    expect(live.archive.summary().articles).toBe(reload.articles);
  });

  it('keeps every question answered through a reload under a stream of questions (counted)', async () => {
    writeFileSync(
      join(corpus, 'ztideturbines.txt'),
      'date 2024-03-02\nThe port authority said two tidal turbines would be installed at the harbour mouth next spring.\n',
    );
    const reloading = service.reload('signal');
    const asked = [];
    let reloaded = false;
    void reloading.finally(() => {
      reloaded = true;
    });
    // Questions keep coming while the build runs and the new index is swapped in (bounded: at most 400).
    while (!reloaded && asked.length < 400) {
      asked.push(
        fake.slashCommand(admin, 'ask', { question: asked.length % 2 ? QUESTION : 'Where will the tidal turbines be installed?' }),
      );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const report = await reloading;
    expect(report.added).toBe(1);
    expect(asked.length).toBeGreaterThan(1);
    for (let extra = 0; extra < 4; extra++)
      asked.push(fake.slashCommand(admin, 'ask', { question: 'Where will the tidal turbines be installed?' }));

    const answers = await Promise.all(asked.map((interaction) => answerTo(fake, interaction)));
    expect(answers).toHaveLength(asked.length);
    for (const answer of answers) expect(answer.body.embeds[0].title).toBeTruthy();
    expect(answers.some((answer) => /\n— 2 Mar 2024 · \*The port authority said/.test(answer.body.embeds[0].description ?? ''))).toBe(true);
    const questions = log.lines.filter((line) => line.event === 'question');
    expect(questions.filter((line) => line.outcome === 'error')).toEqual([]);
  });

  it('acknowledges questions while a reload is loading the new index: the load yields between its steps (counted)', async () => {
    const asked: ReturnType<FakeDiscord['slashCommand']>[] = [];
    /** The load's step count when each question was acknowledged (its deferred reply reached Discord). */
    const acknowledgedAt: Promise<number>[] = [];
    let askedAt = 0;
    loadSteps.onStep = () => {
      if (asked.length > 0) return;
      // The new index is being loaded (the build child has finished): three questions arrive now.
      askedAt = loadSteps.count;
      for (let i = 0; i < 3; i++) {
        const interaction = fake.slashCommand(admin, 'ask', { question: QUESTION });
        asked.push(interaction);
        acknowledgedAt.push(
          fake
            .waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`, BUILD_WAIT_MS)
            .then(() => loadSteps.count),
        );
      }
    };
    const before = loadSteps.count;
    // Nothing changed in the corpus: the build finds nothing to do, and the bot still loads the index it published.
    const report = await live.reload();
    const loaded = loadSteps.count;
    loadSteps.onStep = undefined;
    expect(report).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(askedAt).toBe(before + 1);
    const steps = await Promise.all(acknowledgedAt);
    // Each question was acknowledged once the load had begun and before its last step: while it was loading.
    for (const step of steps) {
      expect(step).toBeGreaterThanOrEqual(askedAt);
      expect(step).toBeLessThan(loaded);
    }
    const answers = await Promise.all(asked.map((interaction) => answerTo(fake, interaction)));
    for (const answer of answers) expect(answer.body.embeds[0].title).toBeTruthy();
  });

  it('no longer quotes an article removed from the corpus', async () => {
    unlinkSync(join(corpus, `${NEW_ID}.txt`));
    await vi.waitFor(() => expect(reloads().some((line) => line.outcome === 'ok' && line.removed === 1)).toBe(true), {
      timeout: BUILD_WAIT_MS,
      interval: 200,
    });
    const after = await answerTo(fake, fake.slashCommand(admin, 'ask', { question: QUESTION }));
    expect(JSON.stringify(after.body)).not.toContain(NEW_ID);
  });

  it('refuses /reindex to a member without Manage Server, privately', async () => {
    const byCommand = () => reloads().filter((line) => line.trigger === 'command').length;
    const reloadsBefore = byCommand();
    const interaction = fake.slashCommand(member, 'reindex');
    const reply = await fake.waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(reply.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.body.data.content).toContain('Manage Server');
    await vi.waitFor(() =>
      expect(log.lines.some((line) => line.event === 'question' && line.command === 'reindex' && line.outcome === 'refused')).toBe(true),
    );
    expect(byCommand()).toBe(reloadsBefore);
  });

  it('/reindex by an admin reloads and says privately what changed', async () => {
    writeFileSync(
      join(corpus, 'zlighthouse.txt'),
      'date 2024-03-03\nThe old lighthouse on Manora island was repainted white and red by volunteers.\n',
    );
    const interaction = fake.slashCommand(admin, 'reindex');
    const deferred = await fake.waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(deferred.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await answerTo(fake, interaction, BUILD_WAIT_MS);
    // The watch may have picked the file up first; the /reindex queued behind it then finds nothing new.
    expect(edit.body.content).toMatch(
      /^Reindexed in [\d.]+ s\. Articles: [01] added, 0 changed, 0 removed\. Passages: \d+ embedded, \d+ reused\. Now serving \d+ articles \(build \w+\)\.$/,
    );
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    const asked = await answerTo(fake, fake.slashCommand(admin, 'ask', { question: 'Who repainted the old lighthouse on Manora island?' }));
    expect(asked.body.embeds[0].description).toMatch(/\n— 3 Mar 2024 · \*The old lighthouse on Manora/);
    expect(JSON.stringify(asked.body)).not.toContain('zlighthouse');
  });

  it('reports the reloads on /metrics and the served build on /healthz', async () => {
    const base = `http://127.0.0.1:${service.ops!.port}`;
    // When the /reindex above went first, the watch's reload of the same file follows it: let it finish.
    await vi.waitFor(() => expect(live.reloading).toBe(false), { timeout: BUILD_WAIT_MS, interval: 100 });
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', index: { buildId: live.archive.summary().buildId }, reload: { running: false } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/archive_bot_reloads_total\{trigger="watch",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/archive_bot_reloads_total\{trigger="signal",outcome="ok"\} 1/);
    expect(metrics).toMatch(/archive_bot_reloads_total\{trigger="command",outcome="ok"\} 1/);
  });
});

describe('a reload that fails', { timeout: 2 * BUILD_WAIT_MS }, () => {
  let dir: string;
  let fake: FakeDiscord;
  let service: Service;
  let live: LiveArchive;
  const log = memoryLog();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'live-archive-fail-'));
    const config = loadEngineConfig({ CORPUS: join(root, 'seeds'), INDEX_DIR: join(dir, 'index'), HNSW_EF_CONSTRUCTION: '50' });
    await buildArchiveIndex(config);
    // The corpus has gone (unmounted, mistyped in a config edit): the index already built is all there is.
    live = await LiveArchive.open({ ...config, corpus: join(dir, 'missing-corpus') });
    fake = await FakeDiscord.start();
    service = await startService(botConfigFor(fake), live, { ...botOptionsFor(fake), logger: log.logger });
  });
  afterAll(async () => {
    await service?.stop();
    await fake?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps serving the old index, logs one line, and tells the admin who asked', async () => {
    const before = live.archive.summary();
    const interaction = fake.slashCommand(admin, 'reindex');
    const edit = await answerTo(fake, interaction, BUILD_WAIT_MS);
    expect(edit.body.content).toContain('still answering from the previous index');
    expect(edit.body.content).toContain('missing-corpus');
    expect(live.archive.summary()).toEqual(before);
    const failed = log.lines.filter((line) => line.event === 'reload');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ outcome: 'failed', trigger: 'command', level: 50 });

    const asked = fake.slashCommand(admin, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
    expect((await answerTo(fake, asked)).body.embeds[0].description).toContain('Intelligence Bureau');
  });
});

describe('a reload when the bot reads Postgres', { timeout: 2 * BUILD_WAIT_MS }, () => {
  let dir: string;
  let corpus: string;
  let server: PgliteServer;
  let live: LiveArchive;
  let config: EngineConfig;

  beforeAll(async () => {
    server = await startPglite();
    dir = mkdtempSync(join(tmpdir(), 'live-archive-pg-'));
    corpus = join(dir, 'corpus');
    cpSync(join(root, 'seeds'), corpus, { recursive: true });
    config = {
      ...loadEngineConfig({ CORPUS: corpus, INDEX_DIR: join(dir, 'index'), HNSW_EF_CONSTRUCTION: '50' }),
      databaseUrl: server.url,
    };
    await buildPostgresArchive(server.url, config);
    live = await LiveArchive.open(config);
  });
  afterAll(async () => {
    await live?.archive.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds the database, not index files, and answers from the added article', async () => {
    const before = live.archive.summary();
    writeFileSync(join(corpus, `${NEW_ID}.txt`), NEW_ARTICLE);
    const report = await live.reload();
    expect(report).toMatchObject({ added: 1, changed: 0, removed: 0, articles: before.articles + 1 });
    expect(report.embeddedPassages).toBeGreaterThan(0);
    expect(report.reusedPassages).toBeGreaterThan(0);
    expect(report.buildId).not.toBe(before.buildId);
    expect(existsSync(join(dir, 'index'))).toBe(false);
    const answer = await live.archive.ask({ question: QUESTION });
    expect(answer.quotes[0].article).toBe(`${NEW_ID}.txt`);
  });

  it('closes the archive it swapped out only once the question still running on it has finished', async () => {
    const embedder = await createEmbedder(config);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = true;
    // The first question waits at its embedding until released: it is in flight on the old archive during the swap.
    const embed = async (texts: string[]) => {
      if (holding) {
        holding = false;
        await held;
      }
      return embedder.embed(texts);
    };
    const second = await LiveArchive.open(config, { embedder: Object.assign(Object.create(embedder) as Embedder, { embed }) });
    const close = vi.spyOn(StoreArchive.prototype, 'close');
    try {
      const running = second.ask({ question: QUESTION });
      await second.reload();
      expect(close).not.toHaveBeenCalled();
      release();
      // Its retrievers still reach the old build's connections: they were not closed under it.
      expect((await running).answered).toBe(true);
      await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
    } finally {
      close.mockRestore();
      await second.close();
    }
  });
});
