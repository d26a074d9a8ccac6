// The composition root: config → model → store (index files or Postgres) → engine → archive. The only module naming an adapter.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreArchive } from './archive.ts';
import type { EngineConfig } from './config.ts';
import { createEmbedder, type Embedder } from './embedding/embedder.ts';
import { timeOfQuestion } from './entities/dateQuery.ts';
import type { ArchiveStore } from './index/archiveStore.ts';
import type { BuildIndexOptions, BuildReport } from './index/build.ts';
import { INDEX_FILES } from './index/files.ts';
import { openIndexFiles } from './index/filesStore.ts';
import { loadIndex, type LoadedIndex, type LoadIndexOptions } from './index/load.ts';
import type { PostgresBuildOptions } from './index/postgres/build.ts';
import type { IndexManifest } from './index/types.ts';
import { pacer, type Pace } from './pace.ts';
import { bm25Engine } from './retrieval/bm25.ts';
import type { PgLexicalRanking } from './retrieval/pgLexical.ts';
import { hnswEngine } from './retrieval/dense.ts';
import type { DenseEngine, LexicalEngine } from './retrieval/retriever.ts';
import { AnswerEngine, type EngineSettings } from './search/engine.ts';

/**
 * The lexical engine every index is built and searched with. Swapping it is this line (a new LexicalEngine
 * in src/retrieval/) and `npm run eval -- --calibrate`, since abstention is calibrated on its scores.
 */
const LEXICAL: LexicalEngine = bm25Engine;

/** The dense engine of the index files (the Postgres store searches with pgvector's HNSW). Swapping it is this line. */
const DENSE: DenseEngine = hnswEngine;

export interface OpenArchiveOptions {
  /** One line per notable step (index build, load); stderr in the CLI, the logger in the bot. */
  log?: (line: string) => void;
  /** Engine settings beyond the defaults (e.g. another fusion, for evaluation). */
  settings?: Partial<EngineSettings>;
  /** Postgres store only: rank full-text matches by BM25 (default) or ts_rank (to compare them in eval). */
  ranking?: PgLexicalRanking;
  /** The configured model, already loaded (a reload reuses the one the bot has): otherwise it is loaded. */
  embedder?: Embedder;
  /**
   * Pause points between the steps of loading (index files, people directory, quotations): by default the
   * event loop gets a turn every SLICE_MS, so a bot loading a new archive keeps answering.
   */
  pace?: Pace;
}

/** An engine over the configured store, and what it was opened with. */
export interface OpenedEngine {
  engine: AnswerEngine;
  store: ArchiveStore;
  embedder: Embedder;
}

/** Builds (or incrementally rebuilds) the index of `config.corpus` (or `options.corpus`) with the archive's retrievers. */
export async function buildArchiveIndex(
  config: EngineConfig,
  options: Omit<BuildIndexOptions, 'lexical' | 'dense'> = {},
): Promise<BuildReport> {
  // Loaded only to build: analysis pulls in the NLP libraries, which answering from a built index does not need.
  const { buildIndex } = await import('./index/build.ts');
  return buildIndex(config, { ...options, lexical: LEXICAL, dense: DENSE });
}

/** Builds the corpus into the Postgres database at `url` (one transaction, switched in atomically; incremental). */
export async function buildPostgresArchive(url: string, config: EngineConfig, options: PostgresBuildOptions = {}): Promise<BuildReport> {
  const { buildPostgresIndex } = await import('./index/postgres/build.ts');
  return buildPostgresIndex(url, config, options);
}

/**
 * Helps the Postgres build in progress at `url` (or the next one, within `options.waitMs`): claims its
 * batches, analyses and embeds them with the configured model, until none is left. What `npm run index-worker` runs.
 */
export async function runIndexWorker(url: string, config: EngineConfig, options: { waitMs?: number; log?: (line: string) => void } = {}) {
  const { helpBuilds } = await import('./index/postgres/workers.ts');
  return helpBuilds(url, config, await createEmbedder(config), options);
}

/** How a build of either store is run: `out` is the index folder (files only), `log` gets the Postgres build's notes. */
export type ArchiveBuildOptions = Omit<BuildIndexOptions, 'lexical' | 'dense' | 'pauseAt'> & Pick<PostgresBuildOptions, 'log' | 'workers'>;

/**
 * Builds or rebuilds, incrementally, the store the archive is read from: the Postgres database when
 * `config.databaseUrl` is set, else `options.out` or `config.indexDir`. What `npm run index` and a reload (in a child
 * process) run.
 */
export function rebuildArchive(config: EngineConfig, options: ArchiveBuildOptions = {}): Promise<BuildReport> {
  const { out, log, workers, ...build } = options;
  return config.databaseUrl
    ? buildPostgresArchive(config.databaseUrl, config, { ...build, log, ...(workers !== undefined ? { workers } : {}) })
    : buildArchiveIndex(config, { ...build, ...(out ? { out } : {}) });
}

/** Where the configured store is, as it may be shown: the index folder, or the database without its password. */
export async function describeStore(config: EngineConfig): Promise<string> {
  if (!config.databaseUrl) return config.indexDir;
  const { describeDatabase } = await import('./index/postgres/connect.ts');
  return describeDatabase(config.databaseUrl);
}

/** Whether the configured store is shared by every process that reads it (a database), not a copy per process. */
export function isSharedStore(config: EngineConfig): boolean {
  return config.databaseUrl !== undefined;
}

/** The manifest of the build being served (the index folder's, or the database's current one), if one is readable. */
export async function servedManifest(config: EngineConfig): Promise<IndexManifest | undefined> {
  try {
    if (config.databaseUrl) {
      const { currentManifest } = await import('./index/postgres/schema.ts');
      return await currentManifest(config.databaseUrl, config.postgres);
    }
    return JSON.parse(await readFile(join(config.indexDir, INDEX_FILES.manifest), 'utf8')) as IndexManifest;
  } catch {
    return undefined;
  }
}

/** Loads the index in `dir` with the archive's retrievers; rejects with IndexError. */
export function loadArchiveIndex(
  dir: string,
  config: EngineConfig,
  options: Omit<LoadIndexOptions, 'lexical' | 'dense'> = {},
): Promise<LoadedIndex> {
  return loadIndex(dir, config, { ...options, lexical: LEXICAL, dense: DENSE });
}

/**
 * The configured store: the Postgres database when `config.databaseUrl` is set, else the index files in
 * `config.indexDir` (built from `config.corpus` if there are none). Adding a store is one line here.
 * Throws IndexError (missing, corrupt, unreachable or mismatched store) or ModelNotFoundError.
 */
export async function openStore(config: EngineConfig, embedder: Embedder, options: OpenArchiveOptions = {}): Promise<ArchiveStore> {
  const pace = options.pace ?? pacer();
  if (config.databaseUrl) {
    // Loaded only for Postgres, like the NLP libraries only for building: what a process never uses costs it no memory.
    const { openPostgresStore } = await import('./index/postgres/store.ts');
    return openPostgresStore(config.databaseUrl, config, { embedder, ranking: options.ranking, log: options.log });
  }
  return (await openIndexFiles(config, { lexical: LEXICAL, dense: DENSE, embedder, log: options.log, pace })).store;
}

/** The engine over `store`: questions naming a time ("this week" as of the day asked) prefer passages from or about it. */
function engineOver(store: ArchiveStore, embedder: Embedder, options: OpenArchiveOptions): AnswerEngine {
  return new AnswerEngine(store, embedder, { timeOfQuestion, ...options.settings });
}

/** The engine over the configured store (see openStore), with the model loaded once. For eval and bench. */
export async function openEngine(config: EngineConfig, options: OpenArchiveOptions = {}): Promise<OpenedEngine> {
  const embedder = options.embedder ?? (await createEmbedder(config));
  const store = await openStore(config, embedder, options);
  return { engine: engineOver(store, embedder, options), store, embedder };
}

/** `openEngine` over the index files, with the loaded index itself (bench and eval measure its parts). */
export async function openIndexEngine(
  config: EngineConfig,
  options: OpenArchiveOptions = {},
): Promise<OpenedEngine & { index: LoadedIndex }> {
  const embedder = options.embedder ?? (await createEmbedder(config));
  const { store, index } = await openIndexFiles(config, { lexical: LEXICAL, dense: DENSE, embedder, log: options.log, pace: options.pace });
  return { engine: engineOver(store, embedder, options), store, embedder, index };
}

/**
 * The archive the CLI and the bot talk to (see openStore), loaded once per process. Throws IndexError or
 * ModelNotFoundError with a message saying what to do.
 */
export async function openArchive(config: EngineConfig, options: OpenArchiveOptions = {}): Promise<StoreArchive> {
  const { engine, store } = await openEngine(config, options);
  return new StoreArchive(store, engine);
}
