// The Postgres build shared by workers (issue 20 item 4): batches claimed with a lease, a worker that stops mid-batch
// losing nothing, and answers identical to a build without workers. PGlite served over the wire, reached through `pg`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPglite, type PgliteServer } from '../../eval/pglite.ts';
import type { StoreArchive } from '../../src/archive.ts';
import type { EngineConfig } from '../../src/config.ts';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { deriveIndex, NO_PREVIOUS_INDEX } from '../../src/index/build.ts';
import { chunkingFingerprint, entitiesFingerprint } from '../../src/index/fingerprint.ts';
import { claimBatch, saveBatch, work, type Claimed } from '../../src/index/postgres/workers.ts';
import { buildPostgresArchive, openArchive } from '../../src/openArchive.ts';
import { SEED_CASES } from '../contract/seedCases.ts';
import { seedIndex } from '../support/seedIndex.ts';

const derivedBy = { chunking: chunkingFingerprint(), entities: entitiesFingerprint() };

let embedder: Embedder;
let config: EngineConfig;
const servers: PgliteServer[] = [];
/** One database for the shared builds, one after the other (a new build keeps only the one it replaces). */
let shared: { url: string; config: EngineConfig };
/** The seeds built without workers: what every shared build must answer, case by case. */
let reference: StoreArchive;
const opened: StoreArchive[] = [];

async function database(): Promise<{ url: string; config: EngineConfig }> {
  const server = await startPglite();
  servers.push(server);
  return { url: server.url, config: { ...config, databaseUrl: server.url } };
}

async function open(target: EngineConfig): Promise<StoreArchive> {
  const archive = await openArchive(target, { embedder });
  opened.push(archive);
  return archive;
}

/** Every contract case answers exactly (same JSON, the build's time aside) as from the build without workers. */
async function expectSameAnswers(archive: StoreArchive, without: StoreArchive = reference): Promise<void> {
  const exact = (result: unknown) => JSON.stringify(result, (key, value: unknown) => (key === 'builtAt' ? undefined : value));
  for (const contractCase of SEED_CASES) {
    expect(exact(await contractCase.ask(archive)), contractCase.name).toBe(exact(await contractCase.ask(without)));
  }
}

/** `npm run index-worker` in its own process, for the database at `url`. */
function workerProcess(url: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/index-worker.ts', '--wait', '60'], {
    env: { ...process.env, ...seedIndex().env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => output };
}

/** Waits (bounded) until `claimBatch` hands this caller a batch of the build in progress. */
async function claimWhenReady(pool: pg.Pool): Promise<Claimed> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(50)) {
    const claimed = await claimBatch(pool, undefined).catch(() => undefined);
    if (claimed) return claimed;
  }
  throw new Error('the coordinator made no batches within 30 s');
}

beforeAll(async () => {
  config = { ...seedIndex().config, databaseUrl: undefined };
  embedder = await createEmbedder(config);
  const plain = await database();
  await buildPostgresArchive(plain.url, plain.config, { embedder });
  reference = await open(plain.config);
  shared = await database();
});
afterAll(async () => {
  for (const archive of opened) await archive.close();
  for (const server of servers) await server.stop();
});

describe('a Postgres build shared by workers', () => {
  it('two workers, one article per batch: every contract case answers exactly as the build without workers', async () => {
    const logged: string[] = [];
    await buildPostgresArchive(shared.url, shared.config, {
      embedder,
      workers: 2,
      batchArticles: 1,
      log: (line) => logged.push(line),
    });
    expect(logged[0]).toMatch(/^2 batches of up to 1 articles; 2 worker process\(es\) here/);
    // Each worker process says what it did; between them, both batches.
    const done = logged.flatMap((line) => /^build worker \d \(pid \d+\): (\d+) batches, /.exec(line)?.[1] ?? []);
    expect(done).toHaveLength(2);
    expect(done.reduce((sum, batches) => sum + Number(batches), 0)).toBe(2);
    await expectSameAnswers(await open(shared.config));
  });

  it("a worker that stops mid-batch loses nothing: its batch is claimed again when the lease expires, and only the claim holder's result is kept", async () => {
    // The coordinator alone (no workers of its own), with a lease short enough to expire within the test.
    const build = buildPostgresArchive(shared.url, shared.config, {
      embedder,
      workers: 0,
      batchArticles: 1,
      leaseMs: 2_000,
      stallMs: 30_000,
    });
    const pool = new pg.Pool({ connectionString: shared.url, max: 2 });
    try {
      const stopped = await claimWhenReady(pool);
      expect(stopped).toMatchObject({ batch: 0, claims: 1 });
      // The worker holding batch 0 stops: it never renews its lease. Another worker takes the batch once it expires.
      expect(await claimBatch(pool, undefined)).toMatchObject({ batch: 1 });
      await sleep(2_500);
      const again = await claimBatch(pool, undefined);
      expect(again).toMatchObject({ batch: 0, claims: 2 });
      // The stopped worker comes back with its result: refused, the batch is no longer its own. The new holder's is kept.
      const derived = await deriveIndex(stopped.articles, NO_PREVIOUS_INDEX, embedder, derivedBy);
      expect(await saveBatch(pool, stopped, derived)).toBe(false);
      expect(await saveBatch(pool, again!, await deriveIndex(again!.articles, NO_PREVIOUS_INDEX, embedder, derivedBy))).toBe(true);
      // Batch 1's holder stopped too; a worker loop finishes it after its lease expires, and the build is switched in.
      const logged: string[] = [];
      const done = await work(pool, embedder, derivedBy, { log: (line) => logged.push(line) });
      expect(done).toMatchObject({ batches: 1, articles: 1 });
      expect(logged).toEqual(["batch 1 claimed again (its previous worker's lease expired)"]);
      await build;
    } finally {
      await pool.end();
    }
    await expectSameAnswers(await open(shared.config));
  });

  it('a worker process killed with SIGKILL mid-batch loses nothing: another worker claims its batch after the lease, answers as without workers', async () => {
    // Eight copies of the seeds in one batch: long enough to analyse that the worker is caught holding it.
    const corpus = mkdtempSync(join(tmpdir(), 'workers-killed-'));
    const seeds = readdirSync('seeds').filter((name) => name.endsWith('.txt'));
    for (let copy = 0; copy < 8; copy++) for (const name of seeds) copyFileSync(join('seeds', name), join(corpus, `${copy}_${name}`));
    const plain = await database();
    const killed = await database();
    try {
      await buildPostgresArchive(plain.url, { ...plain.config, corpus }, { embedder });
      const build = buildPostgresArchive(
        killed.url,
        { ...killed.config, corpus },
        { embedder, workers: 0, batchArticles: 16, leaseMs: 1_000, stallMs: 60_000 },
      );
      const first = workerProcess(killed.url);
      // Caught holding the batch, in a transaction locking its row: the worker can neither renew its lease nor
      // save its result (the row is locked; PGlite serves one session at a time anyway) while it is killed.
      const client = new pg.Client(killed.url);
      await client.connect();
      try {
        let caught = false;
        for (const deadline = Date.now() + 60_000; !caught && Date.now() < deadline; await sleep(10)) {
          await client.query('BEGIN');
          const claimed = await client
            .query("SELECT batch FROM archive_batches WHERE state = 'claimed' FOR UPDATE")
            .then(({ rows }) => rows.length > 0)
            .catch(() => false);
          if (claimed) {
            first.child.kill('SIGKILL');
            expect((await first.exited)[1]).toBe('SIGKILL');
            caught = true;
          }
          await client.query('ROLLBACK');
        }
        expect(caught).toBe(true);
      } finally {
        await client.end();
      }
      const second = workerProcess(killed.url);
      expect((await second.exited)[0]).toBe(0);
      expect(second.output()).toContain("batch 0 claimed again (its previous worker's lease expired)");
      await build;
      await expectSameAnswers(await open({ ...killed.config, corpus }), await open({ ...plain.config, corpus }));
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  });

  it('without a worker, the coordinator gives up after its stall time with one line saying what to start', async () => {
    await expect(buildPostgresArchive(shared.url, shared.config, { embedder, workers: 0, stallMs: 1_000 })).rejects.toThrow(
      /^no batch of the build was finished in 1 s \(0 of 1 done\): start `npm run index-worker`/,
    );
  });
});
