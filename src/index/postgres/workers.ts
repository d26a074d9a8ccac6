// A build several machines share: the coordinator splits the corpus into batches in the database, workers anywhere
// claim them (SELECT … FOR UPDATE SKIP LOCKED, with a lease), analyse and embed them, and write back what they derived.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Article, Passage, StoredArticle } from '../../domain/article.ts';
import { SetupError } from '../../domain/errors.ts';
import type { Embedder } from '../../embedding/embedder.ts';
import { deriveIndex, hashArticle, NO_PREVIOUS_INDEX, type BuildProgress, type BuildStart, type DerivedIndex } from '../build.ts';
import type { IndexManifest } from '../types.ts';
import type { EngineConfig } from '../../config.ts';
import { chunkingFingerprint, entitiesFingerprint } from '../fingerprint.ts';
import { childExecArgv, codeModule } from '../../codeFiles.ts';
import { createPool, reaching } from './connect.ts';

/** Articles per batch: enough to make a claim's round trips cheap, few enough that a lost batch costs little. */
export const DEFAULT_BATCH_ARTICLES = 32;
/** A claimed batch goes back to the others this long after its worker last said it is alive. */
const DEFAULT_LEASE_MS = 60_000;
/** How often an idle worker, and the coordinator, look at the batches again. */
const POLL_MS = 250;
/** The coordinator gives up when no batch is finished for this long (no worker came, or every one is stuck). */
const DEFAULT_STALL_MS = 10 * 60_000;

/** What every worker must derive with, so that its rows are the ones the coordinator would have made. */
export interface WorkPlan {
  model: { id: string; dimensions: number; quantized: boolean };
  derivedBy: IndexManifest['derivedBy'];
  leaseMs: number;
}

/** The work queue; batches go when their build is written (ON DELETE CASCADE). */
const WORK_SQL = `
  CREATE TABLE IF NOT EXISTS archive_work (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS archive_batches (
    work_id bigint NOT NULL REFERENCES archive_work (id) ON DELETE CASCADE,
    batch integer NOT NULL,
    articles jsonb NOT NULL,
    state text NOT NULL DEFAULT 'pending',
    claim text,
    claims integer NOT NULL DEFAULT 0,
    lease_until timestamptz,
    result jsonb,
    vectors bytea,
    sentence_vectors bytea,
    PRIMARY KEY (work_id, batch)
  );`;

/** What a worker writes back for a batch: per article its sentences and entities, and the batch's passages. */
interface BatchResult {
  articles: Pick<StoredArticle, 'sentences' | 'entities'>[];
  /** Numbered from 0 within the batch; the coordinator renumbers them in corpus order. */
  passages: Passage[];
  extractedArticles: number;
}

export interface CoordinateOptions {
  /** Worker processes the coordinator starts on its own machine (0: only workers elsewhere, `npm run index-worker`). */
  workers: number;
  batchArticles?: number;
  leaseMs?: number;
  stallMs?: number;
  log?: (line: string) => void;
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * A derived archive a batch at a time, in corpus order (each batch's passage ids following the previous batch's, its
 * vectors its own), read over `client`: the connection of the transaction writing them (PGlite serves one session).
 */
export type BatchSource = (client: pg.PoolClient) => AsyncIterable<DerivedIndex>;

/**
 * Derives the build of the corpus through batches that any worker may claim, this process's own `workers` among them;
 * when every batch is done, hands `write` what one process would have derived, a batch at a time in corpus order
 * (passage ids numbered across batches), read from the database as it goes, and resolves with what `write` returns.
 * The corpus is read a batch at a time into the batches, whose rows keep the articles their workers derived: nothing
 * of the whole archive is held here. Work left by a coordinator that died is dropped first: the caller holds the build
 * lock.
 */
export async function deriveWithWorkers<T>(
  pool: pg.Pool,
  { url, config }: { url: string; config: EngineConfig },
  start: BuildStart,
  options: CoordinateOptions,
  write: (batches: BatchSource) => Promise<T>,
): Promise<T> {
  const size = options.batchArticles ?? DEFAULT_BATCH_ARTICLES;
  await pool.query(WORK_SQL);
  await pool.query('DELETE FROM archive_work');
  const plan: WorkPlan = {
    model: { id: start.embedder.modelId, dimensions: start.embedder.dimensions, quantized: start.embedder.quantized },
    derivedBy: start.derivedBy,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
  };
  const { rows } = await pool.query<{ id: string }>('INSERT INTO archive_work (plan) VALUES ($1) RETURNING id', [plan]);
  const workId = Number(rows[0].id);
  try {
    const total = start.listing.count;
    const count = Math.ceil(total / size);
    let planned = 0;
    for (const chunk of inBatches(inBatches(start.listing.articles(), size), 64)) {
      await pool.query(`INSERT INTO archive_batches (work_id, batch, articles) SELECT $1, * FROM unnest($2::int[], $3::jsonb[])`, [
        workId,
        chunk.map((_, i) => planned + i),
        chunk.map((articles) => JSON.stringify(articles)),
      ]);
      planned += chunk.length;
    }
    options.log?.(
      `${count} batches of up to ${size} articles; ${options.workers} worker process(es) here, more join with \`npm run index-worker\` on any machine with DATABASE_URL`,
    );
    const own = startWorkerProcesses(options.workers, { url, config, workId }, options.log);
    try {
      // When every worker of this machine failed, the build fails with the first one's reason at the next look.
      const failed = new AbortController();
      const ownDone = own.done.catch((error: unknown) => {
        failed.abort();
        throw error;
      });
      const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
      const articlesIn = (batch: number) => Math.min(size, total - batch * size);
      await Promise.all([
        untilDone(pool, workId, count, articlesIn, { stallMs, signal: failed.signal, onProgress: options.onProgress }),
        ownDone,
      ]);
    } finally {
      own.stop();
    }
    start.endPhase('analyse');
    return await write((client) => results(client, workId, count, start.embedder.dimensions));
  } finally {
    await pool.query('DELETE FROM archive_work WHERE id = $1', [workId]);
  }
}

/** `items` in consecutive groups of `size` (the last one shorter). */
function* inBatches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let group: T[] = [];
  for (const item of items) {
    group.push(item);
    if (group.length === size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

/**
 * Resolves when all `count` batches of `workId` are done; throws (one line) when none is finished for `stallMs`, and
 * stops looking when `signal` aborts.
 */
async function untilDone(
  pool: pg.Pool,
  workId: number,
  count: number,
  articlesIn: (batch: number) => number,
  { stallMs, signal, onProgress }: { stallMs: number; signal: AbortSignal; onProgress: CoordinateOptions['onProgress'] },
): Promise<void> {
  const total = Array.from({ length: count }, (_, batch) => articlesIn(batch)).reduce((sum, articles) => sum + articles, 0);
  let finished = -1;
  let lastProgress = Date.now();
  while (!signal.aborted) {
    const { rows } = await pool.query<{ batch: number }>(`SELECT batch FROM archive_batches WHERE work_id = $1 AND state = 'done'`, [
      workId,
    ]);
    if (rows.length !== finished) {
      finished = rows.length;
      lastProgress = Date.now();
      onProgress?.({ phase: 'analyse', done: rows.reduce((sum, { batch }) => sum + articlesIn(batch), 0), total });
    }
    if (finished === count) return;
    if (Date.now() - lastProgress > stallMs)
      throw new SetupError(
        `no batch of the build was finished in ${Math.round(stallMs / 1000)} s (${finished} of ${count} done): ` +
          'start `npm run index-worker` with this DATABASE_URL, or build with --workers 1 or more',
      );
    await sleep(POLL_MS);
  }
}

/**
 * The `count` batches' results in corpus order, one at a time, as deriveIndex would have derived them batch by batch:
 * each batch's articles (as its worker claimed them) joined with what the worker wrote, its passages renumbered after
 * the previous batch's.
 */
async function* results(client: pg.PoolClient, workId: number, count: number, dimensions: number): AsyncGenerator<DerivedIndex> {
  let firstPassage = 0;
  for (let batch = 0; batch < count; batch++) {
    const { rows } = await client.query<{ articles: Article[]; result: BatchResult; vectors: Buffer; sentence_vectors: Buffer }>(
      'SELECT articles, result, vectors, sentence_vectors FROM archive_batches WHERE work_id = $1 AND batch = $2',
      [workId, batch],
    );
    const { articles, result, vectors, sentence_vectors: sentenceVectors } = rows[0];
    const hashes: IndexManifest['articles'] = Object.create(null);
    const stored = articles.map((article, i) => {
      hashes[article.id] = { hash: hashArticle(article), passages: 0 };
      return { ...article, ...result.articles[i] };
    });
    const passages = result.passages.map((passage) => {
      hashes[passage.articleId].passages++;
      return { ...passage, id: firstPassage + passage.id };
    });
    const derived: DerivedIndex = {
      stored,
      passages,
      vectors: floats(vectors),
      sentenceVectors: floats(sentenceVectors),
      hashes,
      reusedPassages: 0,
      embeddedPassages: passages.length,
      extractedArticles: result.extractedArticles,
    };
    if (derived.vectors.length !== passages.length * dimensions)
      throw new Error(`batch ${batch} holds ${derived.vectors.length / dimensions} vectors for ${passages.length} passages`);
    firstPassage += passages.length;
    yield derived;
  }
}

export interface WorkOptions {
  /** Only this build's batches (the coordinator's own workers); any build's otherwise. */
  workId?: number;
  /** Without a build to help, wait this long for one before giving up (`npm run index-worker`). */
  waitMs?: number;
  log?: (line: string) => void;
}

export interface WorkReport {
  batches: number;
  articles: number;
  passages: number;
}

/**
 * Claims batches and derives them until no build has any left (or `workId`'s has none). A batch whose worker stops
 * renewing its lease (killed, cut off) is claimed again once the lease expires; a result written after losing the
 * lease is discarded, so each batch is written once. Throws SetupError when this worker's model or analysis code
 * differs from the coordinator's.
 */
export async function work(
  pool: pg.Pool,
  embedder: Embedder,
  derivedBy: IndexManifest['derivedBy'],
  options: WorkOptions = {},
): Promise<WorkReport> {
  await pool.query(WORK_SQL);
  const report: WorkReport = { batches: 0, articles: 0, passages: 0 };
  let idleSince = Date.now();
  for (;;) {
    const claimed = await claimBatch(pool, options.workId);
    if (!claimed) {
      const open = await pool.query<{ left: string }>(
        `SELECT count(*) AS left FROM archive_batches WHERE state <> 'done' AND ($1::bigint IS NULL OR work_id = $1)`,
        [options.workId ?? null],
      );
      const waiting = Number(open.rows[0].left) > 0;
      if (!waiting && (options.workId !== undefined || report.batches > 0 || Date.now() - idleSince > (options.waitMs ?? 0))) return report;
      await sleep(POLL_MS);
      continue;
    }
    const otherCode = differentCode(claimed.plan, embedder, derivedBy);
    if (otherCode) {
      await pool.query(`UPDATE archive_batches SET state = 'pending', claim = NULL WHERE claim = $1`, [claimed.claim]);
      throw new SetupError(otherCode);
    }
    if (claimed.claims > 1) options.log?.(`batch ${claimed.batch} claimed again (its previous worker's lease expired)`);
    const renew = setInterval(() => {
      pool
        .query(`UPDATE archive_batches SET lease_until = now() + $2 * interval '1 millisecond' WHERE claim = $1`, [
          claimed.claim,
          claimed.plan.leaseMs,
        ])
        .catch((error: Error) => options.log?.(`could not renew the lease of batch ${claimed.batch}: ${error.message}`));
    }, claimed.plan.leaseMs / 3);
    try {
      const derived = await deriveIndex(claimed.articles, NO_PREVIOUS_INDEX, embedder, derivedBy);
      if (await saveBatch(pool, claimed, derived)) {
        report.batches++;
        report.articles += claimed.articles.length;
        report.passages += derived.passages.length;
      } else
        options.log?.(`batch ${claimed.batch} was claimed by another worker meanwhile (this one's lease expired); its result is dropped`);
    } finally {
      clearInterval(renew);
    }
    idleSince = Date.now();
  }
}

/**
 * Writes what a worker derived for its claimed batch, if the claim is still its own: false (nothing written) when
 * its lease expired and another worker claimed the batch since, or the build is gone.
 */
export async function saveBatch(pool: pg.Pool, claimed: Claimed, derived: DerivedIndex): Promise<boolean> {
  const result: BatchResult = {
    articles: derived.stored.map(({ sentences, entities }) => ({ sentences, entities })),
    passages: derived.passages,
    extractedArticles: derived.extractedArticles,
  };
  const saved = await pool.query(
    `UPDATE archive_batches SET state = 'done', result = $3, vectors = $4, sentence_vectors = $5
     WHERE work_id = $1 AND batch = $2 AND claim = $6 AND state = 'claimed'`,
    [claimed.workId, claimed.batch, result, bytes(derived.vectors), bytes(derived.sentenceVectors), claimed.claim],
  );
  return saved.rowCount === 1;
}

/** `work` for a process of its own (`npm run index-worker`, or one the coordinator started): its own connections, one-line failures. */
export async function helpBuilds(url: string, config: EngineConfig, embedder: Embedder, options: WorkOptions = {}): Promise<WorkReport> {
  const pool = createPool(url, config.postgres, { max: 2, log: options.log, purpose: 'build' });
  try {
    return await reaching(
      url,
      config.postgres,
      () => work(pool, embedder, { chunking: chunkingFingerprint(), entities: entitiesFingerprint() }, options),
      'build',
    );
  } finally {
    await pool.end();
  }
}

const WORKER_CHILD = codeModule('./workerChild.ts', import.meta.url);

/** What the coordinator sends a worker process it starts, and what the process sends back (see workerChild.ts). */
export interface WorkerChildTask {
  url: string;
  config: EngineConfig;
  workId: number;
}
export type WorkerChildMessage = { log: string } | { done: WorkReport; cpuMs: number } | { error: string };

/**
 * Starts `count` worker processes on this machine for `task.workId` (each does what `npm run index-worker` does).
 * `done` resolves when they have all finished, or some did and the others failed (their batches go to the rest when
 * their leases expire); it rejects, with the first failure's line, when every one failed. `stop` ends those running.
 */
function startWorkerProcesses(count: number, task: WorkerChildTask, log?: (line: string) => void): { done: Promise<void>; stop(): void } {
  const children = Array.from({ length: count }, () =>
    fork(WORKER_CHILD, [], { execArgv: childExecArgv(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }),
  );
  const outcomes = children.map(
    (child, i) =>
      new Promise<void>((resolve, reject) => {
        const name = `build worker ${i + 1} (pid ${child.pid})`;
        let stderr = '';
        let failure: string | undefined;
        let finished = false;
        child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2_000)));
        child.on('message', (message: WorkerChildMessage) => {
          if ('log' in message) log?.(`${name}: ${message.log}`);
          else if ('error' in message) failure = message.error;
          else {
            finished = true;
            const { batches, articles, passages } = message.done;
            log?.(`${name}: ${batches} batches, ${articles} articles, ${passages} passages, ${(message.cpuMs / 1000).toFixed(1)} CPU-s`);
          }
        });
        child.once('error', (error) => reject(new SetupError(`${name} could not start: ${error.message}`)));
        child.once('exit', (code, signal) => {
          if (finished) return resolve();
          const why = failure ?? stderr.trim().split('\n').at(-1) ?? '';
          const error = new SetupError(`${name} stopped (${signal ?? `exit ${code}`})${why ? `: ${why}` : ''}`);
          if (count > 1) log?.(`${error.message}; its batch goes to another worker when its lease expires`);
          reject(error);
        });
        child.send(task);
      }),
  );
  const done = Promise.allSettled(outcomes).then((settled) => {
    const failures = settled.filter((outcome) => outcome.status === 'rejected');
    if (failures.length > 0 && failures.length === settled.length) throw failures[0].reason;
  });
  return {
    done,
    stop: () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

export interface Claimed {
  workId: number;
  batch: number;
  claim: string;
  claims: number;
  articles: Article[];
  plan: WorkPlan;
}

/** The first batch nobody holds (never claimed, or its lease expired), now this worker's; one statement. */
export async function claimBatch(pool: pg.Pool, workId: number | undefined): Promise<Claimed | undefined> {
  const token = randomUUID();
  const { rows } = await pool.query<{ work_id: string; batch: number; claims: number; articles: Article[]; plan: WorkPlan }>(
    `UPDATE archive_batches b SET state = 'claimed', claim = $2, claims = b.claims + 1,
            lease_until = now() + (w.plan->>'leaseMs')::int * interval '1 millisecond'
     FROM archive_work w
     WHERE w.id = b.work_id AND (b.work_id, b.batch) = (
       SELECT work_id, batch FROM archive_batches
       WHERE ($1::bigint IS NULL OR work_id = $1) AND (state = 'pending' OR (state = 'claimed' AND lease_until < now()))
       ORDER BY work_id, batch LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING b.work_id, b.batch, b.claims, b.articles, w.plan`,
    [workId ?? null, token],
  );
  const row = rows[0];
  return row && { workId: Number(row.work_id), batch: row.batch, claim: token, claims: row.claims, articles: row.articles, plan: row.plan };
}

/** Why this worker would derive other rows than the coordinator planned, if it would. */
function differentCode(plan: WorkPlan, embedder: Embedder, derivedBy: IndexManifest['derivedBy']): string | undefined {
  // Field by field: jsonb gives the plan's keys back in its own order.
  const same =
    embedder.modelId === plan.model.id &&
    embedder.dimensions === plan.model.dimensions &&
    embedder.quantized === plan.model.quantized &&
    derivedBy.chunking === plan.derivedBy.chunking &&
    derivedBy.entities === plan.derivedBy.entities;
  if (same) return undefined;
  return `this worker would derive other rows than the build's coordinator (model ${embedder.modelId} vs ${plan.model.id}, or another version of the analysis code); run the same version and EMBEDDING_MODEL as the coordinator`;
}

function bytes(vectors: Float32Array): Buffer {
  return Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength);
}

function floats(buffer: Buffer): Float32Array {
  return new Float32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}
