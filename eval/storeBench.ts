// `npm run bench -- --stores`: one corpus in the embedded store and in Postgres: build time, answer latency, memory of
// one bot process and of N shard processes (each a fresh process opening the archive as `npm start` does).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../src/config.ts';
import { INDEX_FILES, recoverIndex } from '../src/index/files.ts';
import { currentBuild } from '../src/index/postgres/schema.ts';
import type { IndexManifest } from '../src/index/types.ts';
import { buildArchiveIndex, buildPostgresArchive, openArchive } from '../src/openArchive.ts';
import pg from 'pg';
import { startPglite } from './pglite.ts';

export type Store = 'embedded' | 'postgres';

/** What one bot process measured (printed as one JSON line by `measureProcess`). */
export interface ProcessFigures {
  store: Store;
  loadMs: number;
  rssLoaded: number;
  rssAfter: number;
  p50: number;
  p95: number;
  answered: number;
  queries: number;
}

export interface StoreBenchOptions {
  config: EngineConfig;
  corpus: string;
  cache: string;
  queries: string[];
  shards: number;
  /** Re-runs this script to measure one process: `[execPath, ...args]` plus `--store-one <store>`. */
  selfCommand: string[];
  log: (line: string) => void;
}

/** In a fresh process: opens the archive from `store`, answers `queries`, prints ProcessFigures as one JSON line. */
export async function measureProcess(store: Store, config: EngineConfig, queries: string[]): Promise<void> {
  const started = performance.now();
  const archive = await openArchive(store === 'postgres' ? config : { ...config, databaseUrl: undefined });
  const loadMs = performance.now() - started;
  const rssLoaded = process.memoryUsage().rss;
  const times: number[] = [];
  let answered = 0;
  for (const [i, query] of queries.entries()) {
    const asked = performance.now();
    const answer = await archive.ask({ question: query });
    // The first few warm the model, caches and connections.
    if (i >= Math.min(10, queries.length / 10)) times.push(performance.now() - asked);
    if (answer.answered) answered++;
  }
  const figures: ProcessFigures = {
    store,
    loadMs,
    rssLoaded,
    rssAfter: process.memoryUsage().rss,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    answered,
    queries: queries.length,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  await archive.close();
}

/** Builds (or reuses) `options.corpus` in both stores, prints their figures, and returns one bot process's figures per store. */
export async function benchStores(options: StoreBenchOptions): Promise<ProcessFigures[]> {
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
    if (!previous || previous.manifest.corpus !== corpus) {
      log(`Building ${corpus} into Postgres (PGlite at ${join(cache, 'pglite')})…`);
      builds.postgres = `${((await buildPostgresArchive(database.url, postgresConfig, { skipInvalid: true, log })).ms / 1000).toFixed(0)} s`;
    } else {
      builds.postgres = `${(previous.manifest.buildMs / 1000).toFixed(0)} s (cached build)`;
    }

    const env = { ...process.env, DATABASE_URL: database.url, CORPUS: corpus, INDEX_DIR: indexDir };
    const one = (store: Store, queries: number) => runMeasure(options.selfCommand, store, queries, env);
    console.log(
      `\n== Stores: ${corpus} (${options.queries.length} questions per bot process; the database is PGlite, single-threaded WebAssembly, in its own process)`,
    );
    console.log('store       build                 open      RSS open  RSS after  answer p50  answer p95  answered');
    const measured: ProcessFigures[] = [];
    for (const store of ['embedded', 'postgres'] as const) {
      const figures = await one(store, options.queries.length);
      measured.push(figures);
      console.log(
        `${store.padEnd(10)}  ${builds[store].padEnd(20)}  ${`${(figures.loadMs / 1000).toFixed(1)} s`.padStart(6)}  ${mb(figures.rssLoaded).padStart(8)}  ${mb(figures.rssAfter).padStart(9)}  ${`${figures.p50.toFixed(1)} ms`.padStart(10)}  ${`${figures.p95.toFixed(1)} ms`.padStart(10)}  ${figures.answered}/${figures.queries}`,
      );
    }
    console.log(`\n== ${options.shards} shard processes at once (each opens the archive and answers 20 questions)`);
    for (const store of ['embedded', 'postgres'] as const) {
      const all = await Promise.all(Array.from({ length: options.shards }, () => one(store, 20)));
      const total = all.reduce((sum, figures) => sum + figures.rssAfter, 0);
      const server = store === 'postgres' ? ` + database server ${mb(rssOf(database.pid))}` : '';
      console.log(`${store.padEnd(10)}  ${all.map((figures) => mb(figures.rssAfter)).join(' + ')} = ${mb(total)}${server}`);
    }
    return measured;
  } finally {
    await database.stop();
  }
}

async function runMeasure(selfCommand: string[], store: Store, queries: number, env: NodeJS.ProcessEnv): Promise<ProcessFigures> {
  const [command, ...args] = selfCommand;
  const child = spawnSync(command, [...args, '--store-one', store, '--queries', String(queries)], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = child.stdout.split('\n').find((candidate) => candidate.startsWith('{"store"'));
  if (!line) throw new Error(`measuring ${store} failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(line) as ProcessFigures;
}

async function withClient<T>(url: string, work: (client: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
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
