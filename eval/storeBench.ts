// `npm run bench -- --stores`: one corpus in the embedded store and in Postgres: build time, answer latency, memory of
// one bot process and of N shard processes (each a fresh process opening the archive as `npm start` does).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { EngineConfig } from '../src/config.ts';
import { INDEX_FILES, recoverIndex } from '../src/index/files.ts';
import { IndexError } from '../src/index/errors.ts';
import { postingsTable } from '../src/index/postgres/postings.ts';
import { buildSchema, currentBuild } from '../src/index/postgres/schema.ts';
import { openPostgresStore } from '../src/index/postgres/store.ts';
import { createEmbedder } from '../src/embedding/embedder.ts';
import type { LexicalSearch } from '../src/retrieval/retriever.ts';
import { copyLexicalTables } from './plainPostgres.ts';
import type { IndexManifest } from '../src/index/types.ts';
import { buildArchiveIndex, buildPostgresArchive, openArchive, runIndexWorker } from '../src/openArchive.ts';
import pg from 'pg';
import { startPglite } from './pglite.ts';

export type Store = 'embedded' | 'postgres';

/** What one bot process measured (printed as one JSON line by `measureProcess`). */
export interface ProcessFigures {
  store: Store;
  loadMs: number;
  rssLoaded: number;
  rssAfter: number;
  /** After a full garbage collection (node --expose-gc): without the garbage V8 had not collected yet. */
  rssAfterGc: number;
  /** The JavaScript heap in use after that collection: what the process keeps alive. */
  heapAfterGc: number;
  p50: number;
  p95: number;
  /** CPU time of the bot process per question (user + system), p50 and p95: what the load of the machine does not inflate. */
  cpuP50: number;
  cpuP95: number;
  /** CPU time of the database server per question, on average over this process's questions (postgres only). */
  databaseCpu?: number;
  answered: number;
  queries: number;
}

export interface StoreBenchOptions {
  config: EngineConfig;
  corpus: string;
  cache: string;
  queries: string[];
  shards: number;
  /** A plain PostgreSQL (no pgvector needed) to time lexical search on too, with a copy of the build's lexical tables. */
  plainPostgres?: string;
  /** Re-runs this script to measure one process: `[execPath, ...args]` plus `--store-one <store>` (node gets --expose-gc). */
  selfCommand: string[];
  log: (line: string) => void;
}

/**
 * In a fresh process (started with --expose-gc): opens the archive from `store`, answers `queries`, prints ProcessFigures
 * as one JSON line.
 */
export async function measureProcess(store: Store, config: EngineConfig, queries: string[]): Promise<void> {
  const { gc } = globalThis;
  if (!gc) throw new Error('measureProcess needs node --expose-gc');
  const started = performance.now();
  const archive = await openArchive(store === 'postgres' ? config : { ...config, databaseUrl: undefined });
  const loadMs = performance.now() - started;
  const rssLoaded = process.memoryUsage().rss;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let answered = 0;
  for (const [i, query] of queries.entries()) {
    const asked = performance.now();
    const cpu = process.cpuUsage();
    const answer = await archive.ask({ question: query });
    const used = process.cpuUsage(cpu);
    // The first few warm the model, caches and connections.
    if (i >= Math.min(10, queries.length / 10)) {
      times.push(performance.now() - asked);
      cpuTimes.push((used.user + used.system) / 1_000);
    }
    if (answer.answered) answered++;
  }
  const rssAfter = process.memoryUsage().rss;
  gc();
  const figures: ProcessFigures = {
    store,
    loadMs,
    rssLoaded,
    rssAfter,
    rssAfterGc: process.memoryUsage().rss,
    heapAfterGc: process.memoryUsage().heapUsed,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    cpuP50: percentile(cpuTimes, 50),
    cpuP95: percentile(cpuTimes, 95),
    answered,
    queries: queries.length,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  await archive.close();
}

export interface StoreFigures {
  /** One bot process per store. */
  processes: ProcessFigures[];
  lexical: LexicalFigures[];
  costs: ArticleCosts;
}

/** Builds (or reuses) `options.corpus` in both stores and prints their figures: bot processes, lexical search, costs. */
export async function benchStores(options: StoreBenchOptions): Promise<StoreFigures> {
  const { config, corpus, cache, log } = options;
  mkdirSync(cache, { recursive: true });
  const indexDir = join(cache, 'embedded-index');
  const embeddedConfig: EngineConfig = { ...config, corpus, indexDir, databaseUrl: undefined };
  const builds: Record<Store, string> = { embedded: '', postgres: '' };
  if (!recoverIndex(indexDir)) {
    log(`Building ${corpus} into ${indexDir}…`);
    builds.embedded = `${((await buildArchiveIndex(embeddedConfig, { skipInvalid: true })).ms / 1000).toFixed(0)} s`;
  } else {
    const manifest = JSON.parse(readFileSync(join(indexDir, INDEX_FILES.manifest), 'utf8')) as IndexManifest;
    builds.embedded = `${(manifest.buildMs / 1000).toFixed(0)} s (cached build)`;
  }

  const database = await startPglite({ dataDir: join(cache, 'pglite'), maxConnections: 64 });
  try {
    const postgresConfig: EngineConfig = { ...config, corpus, indexDir, databaseUrl: database.url };
    const previous = await withClient(database.url, (client) => currentBuild(client));
    // A cached build this version cannot open (older, or damaged) is rebuilt, reusing what it can of it.
    const stale =
      previous &&
      (await openPostgresStore(database.url, postgresConfig, { embedder: await createEmbedder(postgresConfig) }).then(
        (store) => store.close().then(() => false),
        (error: unknown) => {
          if (!(error instanceof IndexError)) throw error;
          log(`The cached build is not used: ${error.message.replace(/; repair it.*|; rebuild it.*/, '')}`);
          return true;
        },
      ));
    if (!previous || previous.manifest.corpus !== corpus || stale) {
      log(`Building ${corpus} into Postgres (PGlite at ${join(cache, 'pglite')})…`);
      builds.postgres = `${((await buildPostgresArchive(database.url, postgresConfig, { skipInvalid: true, log })).ms / 1000).toFixed(0)} s`;
    } else {
      builds.postgres = `${(previous.manifest.buildMs / 1000).toFixed(0)} s (cached build)`;
    }

    const env = { ...process.env, DATABASE_URL: database.url, CORPUS: corpus, INDEX_DIR: indexDir };
    const one = (store: Store, queries: number) => runMeasure(options.selfCommand, store, queries, env);
    // The database's CPU over one bot process's run (its opening included), per question.
    const withDatabaseCpu = async (store: Store, queries: number): Promise<ProcessFigures> => {
      const before = cpuMsOf(database.pid);
      const figures = await one(store, queries);
      return store === 'postgres' ? { ...figures, databaseCpu: (cpuMsOf(database.pid) - before) / queries } : figures;
    };
    console.log(
      `\n== Stores: ${corpus} (${options.queries.length} questions per bot process; the database is PGlite, single-threaded WebAssembly, in its own process)`,
    );
    console.log(
      'store       build                 open      RSS open  RSS after  after GC  answer p50  answer p95  bot CPU p50 / p95   database CPU  answered',
    );
    const measured: ProcessFigures[] = [];
    for (const store of ['embedded', 'postgres'] as const) {
      const figures = await withDatabaseCpu(store, options.queries.length);
      measured.push(figures);
      const databaseCpu = figures.databaseCpu === undefined ? '' : `${figures.databaseCpu.toFixed(1)} ms`;
      console.log(
        `${store.padEnd(10)}  ${builds[store].padEnd(20)}  ${`${(figures.loadMs / 1000).toFixed(1)} s`.padStart(6)}  ${mb(figures.rssLoaded).padStart(8)}  ${mb(figures.rssAfter).padStart(9)}  ${mb(figures.rssAfterGc).padStart(8)}  ${`${figures.p50.toFixed(1)} ms`.padStart(10)}  ${`${figures.p95.toFixed(1)} ms`.padStart(10)}  ${`${figures.cpuP50.toFixed(1)} / ${figures.cpuP95.toFixed(1)} ms`.padStart(17)}  ${databaseCpu.padStart(12)}  ${figures.answered}/${figures.queries}`,
      );
    }
    console.log(
      `(load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}: wall times grow with it, CPU times much less)`,
    );
    console.log(`\n== ${options.shards} shard processes at once (each opens the archive and answers 20 questions)`);
    for (const store of ['embedded', 'postgres'] as const) {
      const all = await Promise.all(Array.from({ length: options.shards }, () => one(store, 20)));
      const total = all.reduce((sum, figures) => sum + figures.rssAfter, 0);
      const server = store === 'postgres' ? ` + database server ${mb(rssOf(database.pid))}` : '';
      console.log(`${store.padEnd(10)}  ${all.map((figures) => mb(figures.rssAfter)).join(' + ')} = ${mb(total)}${server}`);
    }
    const lexical = await lexicalFigures(database.url, postgresConfig, options.queries.slice(0, LEXICAL_QUESTIONS), options.plainPostgres);
    printLexical(lexical);
    const costs = await perArticleCosts(database.url, indexDir);
    printCosts(costs);
    return { processes: measured, lexical, costs };
  } finally {
    await database.stop();
  }
}

/** Questions timed for lexical search alone (scoring from tsvectors takes up to a second each on all of Reuters). */
const LEXICAL_QUESTIONS = 100;
/** Passages ranked per lexical search, as the engine asks (`retrievalDepth`). */
const LEXICAL_DEPTH = 50;

export interface LexicalFigures {
  database: string;
  ranking: string;
  p50: number;
  p95: number;
  /** Questions whose top 10 is the same as the ranking from tsvectors. */
  sameTop10: number;
  questions: number;
}

/**
 * Lexical search alone, from the impact postings vs from the tsvectors, on the same questions: over PGlite, and over a plain
 * PostgreSQL (`plainUrl`, no pgvector needed) holding a copy of the build's lexical tables.
 */
async function lexicalFigures(url: string, config: EngineConfig, questions: string[], plainUrl?: string): Promise<LexicalFigures[]> {
  const embedder = await createEmbedder(config);
  const figures: LexicalFigures[] = [];
  const databases: {
    name: string;
    open: (ranking: 'bm25' | 'bm25-tsvector') => Promise<{ lexical: LexicalSearch; close(): Promise<void> }>;
  }[] = [{ name: 'PGlite', open: (ranking) => openPostgresStore(url, config, { embedder, ranking }) }];
  if (plainUrl) {
    const copied = await copyLexicalTables(url, plainUrl, config);
    databases.push({ name: `PostgreSQL ${copied.version}`, open: copied.open });
  }
  for (const { name, open } of databases) {
    const rankings: Record<string, number[][]> = {};
    for (const ranking of ['bm25', 'bm25-tsvector'] as const) {
      const store = await open(ranking);
      const times: number[] = [];
      rankings[ranking] = [];
      for (const [i, text] of questions.entries()) {
        const started = performance.now();
        const ranked = await store.lexical.query({ text, vector: new Float32Array(0) }, { limit: LEXICAL_DEPTH });
        if (i >= 10) times.push(performance.now() - started);
        rankings[ranking].push(ranked.slice(0, 10).map(({ passageId }) => passageId));
      }
      await store.close();
      figures.push({
        database: name,
        ranking,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        sameTop10: 0,
        questions: questions.length,
      });
    }
    const same = rankings.bm25.filter((top, i) => top.join() === rankings['bm25-tsvector'][i].join()).length;
    for (const f of figures.filter((figure) => figure.database === name)) f.sameTop10 = same;
  }
  return figures;
}

function printLexical(figures: LexicalFigures[]): void {
  console.log(`\n== Lexical search alone (top ${LEXICAL_DEPTH}, ${figures[0]?.questions ?? 0} questions, one at a time)`);
  for (const f of figures)
    console.log(
      `${f.database.padEnd(16)}  ${f.ranking.padEnd(16)}  p50 ${`${f.p50.toFixed(1)} ms`.padStart(9)}  p95 ${`${f.p95.toFixed(1)} ms`.padStart(9)}  same top 10 as from tsvectors: ${f.sameTop10}/${f.questions}`,
    );
}

/** What one article costs each store: bytes per table (with its indexes), rows, build time. */
export interface ArticleCosts {
  articles: number;
  passages: number;
  sentences: number;
  postings: number;
  postgresBytes: Record<string, number>;
  postgresBuildMs: number;
  embeddedBytes: number;
  embeddedBuildMs: number;
}

async function perArticleCosts(url: string, indexDir: string): Promise<ArticleCosts> {
  return withClient(url, async (client) => {
    const build = (await currentBuild(client))!;
    const { rows } = await client.query<{ relname: string; bytes: string }>(
      `SELECT c.relname, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
      [buildSchema(build.id)],
    );
    const postings = await client.query<{ count: string }>(`SELECT count(*) FROM ${postingsTable(build.id)}`);
    const embedded = JSON.parse(readFileSync(join(indexDir, INDEX_FILES.manifest), 'utf8')) as IndexManifest;
    const dir = realpathSync(indexDir);
    return {
      articles: build.manifest.counts.articles,
      passages: build.manifest.counts.passages,
      sentences: build.manifest.counts.sentences,
      postings: Number(postings.rows[0].count),
      postgresBytes: Object.fromEntries(rows.map(({ relname, bytes }) => [relname, Number(bytes)])),
      postgresBuildMs: build.manifest.buildMs,
      embeddedBytes: readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0),
      embeddedBuildMs: embedded.buildMs,
    };
  });
}

function printCosts(c: ArticleCosts): void {
  const total = Object.values(c.postgresBytes).reduce((sum, bytes) => sum + bytes, 0);
  const kib = (bytes: number) => `${(bytes / c.articles / 1024).toFixed(2)} KiB`;
  console.log(
    `\n== Per article (${c.articles} articles: ${(c.passages / c.articles).toFixed(2)} passages, ${(c.sentences / c.articles).toFixed(2)} sentences, ${(c.postings / c.articles).toFixed(0)} postings each)`,
  );
  console.log(
    `Postgres: ${kib(total)} (${Object.entries(c.postgresBytes)
      .map(([table, bytes]) => `${table} ${kib(bytes)}`)
      .join(', ')}); build ${(c.postgresBuildMs / c.articles).toFixed(1)} ms wall per article`,
  );
  console.log(`index files: ${kib(c.embeddedBytes)}; build ${(c.embeddedBuildMs / c.articles).toFixed(1)} ms wall per article`);
  const scale = 10_000_000 / c.articles;
  console.log(
    `At 10,000,000 articles, linearly: Postgres ${((total * scale) / 2 ** 30).toFixed(0)} GiB (postings ${(((c.postgresBytes.postings ?? 0) * scale) / 2 ** 30).toFixed(0)} GiB, ${((c.postings * scale) / 1e9).toFixed(2)} billion rows; passages ${((c.passages * scale) / 1e6).toFixed(1)} million), build ${((c.postgresBuildMs * scale) / 3.6e6).toFixed(0)} hours in one process`,
  );
}

function runMeasure(selfCommand: string[], store: Store, queries: number, env: NodeJS.ProcessEnv): Promise<ProcessFigures> {
  const [node, ...args] = selfCommand;
  return runJsonProcess([node, '--expose-gc', ...args], ['--store-one', store, '--queries', String(queries)], env);
}

async function withClient<T>(url: string, work: (client: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

/** User + system CPU time of process `pid` so far, in ms (from /proc; 10 ms resolution). */
function cpuMsOf(pid: number): number {
  const status = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  const fields = status.slice(status.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10;
}

function rssOf(pid: number | undefined): number {
  const status = pid && existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

function percentile(series: number[], p: number): number {
  const sorted = [...series].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** One build of the worker bench: how it ran, and what it cost each process. */
export interface WorkerBuildFigures {
  run: string;
  wallMs: number;
  /** CPU of the coordinator (`npm run index`) itself, and of the worker processes it started. */
  coordinatorCpuMs: number;
  ownWorkersCpuMs: number;
  /** CPU of each separate worker (`npm run index-worker`). */
  separateWorkersCpuMs: number[];
  databaseCpuMs: number;
  articles: number;
  passages: number;
}

/** What a build process of the worker bench prints (one JSON line): see `measureBuildProcess`. */
interface BuildProcessFigures {
  wallMs: number;
  cpuMs: number;
  childrenCpuMs: number;
  articles?: number;
  passages?: number;
}

/** The builds the worker bench compares: workers the coordinator starts (absent: none, one process), separate workers. */
const WORKER_RUNS: { run: string; workers?: number; separate: number }[] = [
  { run: 'one process, no workers', separate: 0 },
  { run: '--workers 1', workers: 1, separate: 0 },
  { run: '--workers 2', workers: 2, separate: 0 },
  { run: '--workers 0 + 2 × npm run index-worker (separate processes)', workers: 0, separate: 2 },
];

/**
 * In a fresh process: builds `config.corpus` into `config.databaseUrl` as `npm run index -- --store postgres [--workers N]`
 * does (`workers` absent: no workers), or with `workers` 'help' works as `npm run index-worker` does; prints
 * BuildProcessFigures as one JSON line (its CPU, and its reaped children's: the workers it started).
 */
export async function measureBuildProcess(config: EngineConfig, workers: number | 'none' | 'help'): Promise<void> {
  const started = performance.now();
  const url = config.databaseUrl!;
  const built =
    workers === 'help'
      ? await runIndexWorker(url, config, { waitMs: 60_000 })
      : await buildPostgresArchive(url, config, { skipInvalid: true, ...(workers === 'none' ? {} : { workers }) });
  const wallMs = performance.now() - started;
  // utime, stime, cutime, cstime (fields 14–17 of /proc/self/stat, in clock ticks of 10 ms).
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const ticks = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 15)
    .map((field) => Number(field) * 10);
  const figures: BuildProcessFigures = {
    wallMs,
    cpuMs: ticks[0] + ticks[1],
    childrenCpuMs: ticks[2] + ticks[3],
    ...('manifest' in built ? { articles: built.manifest.counts.articles, passages: built.manifest.counts.passages } : {}),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/**
 * Build throughput with workers: `corpus` built into a fresh PGlite once per WORKER_RUNS entry, one after the other (the
 * coordinator and every worker a process of its own, started by `selfCommand` plus `--build-one <workers|help>`).
 */
export async function benchWorkerBuilds(corpus: string, selfCommand: string[], log: (line: string) => void): Promise<WorkerBuildFigures[]> {
  const figures: WorkerBuildFigures[] = [];
  for (const { run, workers, separate } of WORKER_RUNS) {
    const database = await startPglite({ maxConnections: 64 });
    try {
      log(`Worker bench: ${run}…`);
      const env = { ...process.env, DATABASE_URL: database.url, CORPUS: corpus };
      const build = (what: string) => runJsonProcess<BuildProcessFigures>(selfCommand, ['--build-one', what], env);
      const started = performance.now();
      const [coordinator, ...helpers] = await Promise.all([
        build(workers === undefined ? 'none' : String(workers)),
        ...Array.from({ length: separate }, () => build('help')),
      ]);
      figures.push({
        run,
        wallMs: performance.now() - started,
        coordinatorCpuMs: coordinator.cpuMs,
        ownWorkersCpuMs: coordinator.childrenCpuMs,
        separateWorkersCpuMs: helpers.map((helper) => helper.cpuMs),
        databaseCpuMs: cpuMsOf(database.pid),
        articles: coordinator.articles ?? 0,
        passages: coordinator.passages ?? 0,
      });
    } finally {
      await database.stop();
    }
  }
  return figures;
}

export function printWorkerBuilds(figures: WorkerBuildFigures[]): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `\n== Build throughput with workers (${figures[0]?.articles ?? 0} articles, ${figures[0]?.passages ?? 0} passages; each build into a fresh PGlite)`,
  );
  console.log(
    'run                                                            wall      articles/s  CPU-s: coordinator / workers        database CPU-s',
  );
  for (const f of figures) {
    const workers = [...(f.ownWorkersCpuMs > 0 ? [f.ownWorkersCpuMs] : []), ...f.separateWorkersCpuMs].map(s).join(' + ') || '–';
    console.log(
      `${f.run.padEnd(61)}  ${s(f.wallMs).padStart(8)}  ${(f.articles / (f.wallMs / 1000)).toFixed(1).padStart(10)}  ${`${s(f.coordinatorCpuMs)} / ${workers}`.padEnd(34)}  ${s(f.databaseCpuMs).padStart(8)}`,
    );
  }
}

/** Runs `selfCommand` plus `extra` and reads the last JSON line it prints (spawned: this process keeps serving its event loop). */
async function runJsonProcess<T>(selfCommand: string[], extra: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const [command, ...args] = selfCommand;
  const child = spawn(command, [...args, ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const line = stdout
    .split('\n')
    .filter((candidate) => candidate.startsWith('{'))
    .at(-1);
  if (!line) throw new Error(`${extra.join(' ')} failed (exit ${status}): ${stderr}`);
  return JSON.parse(line) as T;
}
