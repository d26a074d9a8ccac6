// The composition root: config → model → index → retrievers → engine → lookups. The only module naming concrete implementations.
import { createHash } from 'node:crypto';
import type { Archive } from './archive.ts';
import type { EngineConfig } from './config.ts';
import { createEmbedder, type Embedder } from './embedding/embedder.ts';
import type { BuildIndexOptions, BuildReport } from './index/build.ts';
import { ensureIndex } from './index/ensure.ts';
import { IndexError } from './index/errors.ts';
import { loadIndex, type LoadedIndex, type LoadIndexOptions } from './index/load.ts';
import type { PostgresBuildOptions } from './index/postgres/build.ts';
import type { PostgresIndex } from './index/postgres/load.ts';
import { timeOfQuestion } from './entities/dateQuery.ts';
import { EntityLookup } from './lookup/lookup.ts';
import { bm25Engine } from './retrieval/bm25.ts';
import { ownWordsFirst, parseSaidQuestion, QuotationLookup } from './lookup/said.ts';
import type { PgLexicalRanking } from './retrieval/pgLexical.ts';
import type { LexicalEngine } from './retrieval/retriever.ts';
import { pacer, type Pace } from './pace.ts';
import { AnswerEngine, type EngineSettings } from './search/engine.ts';
import { checkAskOptions } from './search/validate.ts';
import type { Quote } from './domain/answer.ts';

/**
 * The lexical engine every index is built and searched with. Swapping it is this line (a new LexicalEngine
 * in src/retrieval/) and `npm run eval -- --calibrate`, since abstention is calibrated on its scores.
 */
const LEXICAL: LexicalEngine = bm25Engine;

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

export interface OpenedEngine {
  engine: AnswerEngine;
  index: LoadedIndex;
  embedder: Embedder;
}

/** Builds (or incrementally rebuilds) the index of `config.corpus` (or `options.corpus`) with the archive's retrievers. */
export async function buildArchiveIndex(config: EngineConfig, options: Omit<BuildIndexOptions, 'lexical'> = {}): Promise<BuildReport> {
  // Loaded only to build: analysis pulls in the NLP libraries, which answering from a built index does not need.
  const { buildIndex } = await import('./index/build.ts');
  return buildIndex(config, { ...options, lexical: LEXICAL });
}

/** Builds the corpus into the Postgres database at `url` (one transaction, switched in atomically; incremental). */
export async function buildPostgresArchive(url: string, config: EngineConfig, options: PostgresBuildOptions = {}): Promise<BuildReport> {
  const { buildPostgresIndex } = await import('./index/postgres/build.ts');
  return buildPostgresIndex(url, config, options);
}

/**
 * Rebuilds, incrementally, the store the archive is read from: the Postgres database when `config.databaseUrl` is
 * set, else `config.indexDir`. What a reload runs (in a child process).
 */
export function rebuildArchive(config: EngineConfig, options: { skipInvalid?: boolean } = {}): Promise<BuildReport> {
  return config.databaseUrl ? buildPostgresArchive(config.databaseUrl, config, options) : buildArchiveIndex(config, options);
}

/** Loads the index in `dir` with the archive's retrievers; rejects with IndexError. */
export function loadArchiveIndex(dir: string, config: EngineConfig, options: Omit<LoadIndexOptions, 'lexical'> = {}): Promise<LoadedIndex> {
  return loadIndex(dir, config, { ...options, lexical: LEXICAL });
}

/**
 * The engine over `config.indexDir` (built from `config.corpus` if there is none), with the model loaded once;
 * questions naming a time prefer passages from or about it. For the front doors, eval and bench.
 * Throws IndexError (missing, corrupt or mismatched index) or ModelNotFoundError.
 */
export async function openEngine(config: EngineConfig, options: OpenArchiveOptions = {}): Promise<OpenedEngine> {
  const embedder = options.embedder ?? (await createEmbedder(config));
  const index = await ensureIndex(config, { lexical: LEXICAL, log: options.log, embedder, pace: options.pace });
  if (embedder.dimensions !== index.manifest.model.dimensions) {
    throw new IndexError(
      index.dir,
      `holds ${index.manifest.model.dimensions}-dimension vectors but the model gives ${embedder.dimensions}; rebuild it with \`npm run index\``,
    );
  }
  if (index.lexicalUnusable) {
    options.log?.(`Building the lexical index in memory: ${index.lexicalUnusable} (\`npm run index\` saves it with the index).`);
  }
  const lexical = index.lexical ?? LEXICAL.build(index.passages, index.articles);
  const engine = new AnswerEngine({ ...index, lexical }, embedder, {
    timeOfQuestion: (question, asOf) => timeOfQuestion(question, asOf),
    ...options.settings,
  });
  return { engine, index, embedder };
}

export interface OpenedPostgresEngine {
  engine: AnswerEngine;
  index: PostgresIndex;
  embedder: Embedder;
}

/**
 * The engine over the current build in the Postgres database at `url`: articles and passages in memory, dense and
 * lexical retrieval as queries to Postgres. Throws IndexError (unreachable, empty or mismatched) or ModelNotFoundError.
 */
export async function openPostgresEngine(
  url: string,
  config: EngineConfig,
  options: OpenArchiveOptions = {},
): Promise<OpenedPostgresEngine> {
  // Loaded only for Postgres, like the NLP libraries only for building: what a process never uses costs it no memory.
  const { openPostgresIndex } = await import('./index/postgres/load.ts');
  const embedder = options.embedder ?? (await createEmbedder(config));
  const index = await openPostgresIndex(url, config, { ranking: options.ranking, log: options.log });
  if (embedder.dimensions !== index.manifest.model.dimensions) {
    await index.close();
    throw new IndexError(
      index.source,
      `holds ${index.manifest.model.dimensions}-dimension vectors but the model gives ${embedder.dimensions}; rebuild it with \`npm run index -- --store postgres\``,
    );
  }
  const engine = new AnswerEngine(index, embedder, { timeOfQuestion: (question) => timeOfQuestion(question), ...options.settings });
  return { engine, index, embedder };
}

/**
 * The archive the CLI and the bot talk to: the engine (see openEngine) and the people/dates lookups, loaded once
 * per process, from the Postgres store when `config.databaseUrl` is set, else from `config.indexDir`. Throws IndexError
 * or ModelNotFoundError with a message saying what to do.
 */
export async function openArchive(config: EngineConfig, options: OpenArchiveOptions = {}): Promise<Archive> {
  const pace = options.pace ?? pacer();
  const paced = { ...options, pace };
  const { engine, index } = config.databaseUrl
    ? await openPostgresEngine(config.databaseUrl, config, paced)
    : await openEngine(config, paced);
  const articles = [...index.articles.values()];
  // Built before the archive is served (the first answer's speakers need them), in paced steps: on a large
  // archive the people directory takes a while.
  const lookup = await EntityLookup.create(articles, pace, 'people' in index ? index.people : undefined);
  const quotations = await QuotationLookup.create(articles, lookup.directory, pace);
  const named = <Q extends Quote>(quotes: Q[]): Q[] => quotes.map((quote) => quotations.withSpeaker(quote));
  const dates = articles.map((article) => article.date).sort();
  const buildId = createHash('sha256')
    .update(JSON.stringify([index.manifest.model, index.manifest.articles]))
    .digest('hex')
    .slice(0, 12);
  return {
    ask: async (question, askOptions) => {
      const answer = await engine.ask(question, askOptions);
      // "What did X say (about Y)?": X's own quotations first.
      const asked = parseSaidQuestion(question);
      const own = asked ? quotations.said(asked.name, { about: asked.about, from: askOptions?.from, to: askOptions?.to }) : undefined;
      const combined = own?.found ? ownWordsFirst(answer, own.quotations, checkAskOptions(askOptions).k) : answer;
      return { ...combined, quotes: named(combined.quotes) };
    },
    person: (name) => {
      const found = lookup.person(name);
      return found.found ? { ...found, quotes: named(found.quotes) } : found;
    },
    said: (name, options) => quotations.said(name, options),
    suggestPeople: (query, limit) => lookup.suggestPeople(query, limit),
    dates: (range) => lookup.dates(range),
    timeline: (name) => {
      const found = lookup.timeline(name);
      return found.found ? { ...found, entries: named(found.entries) } : found;
    },
    summary: () => ({
      articles: index.manifest.counts.articles,
      passages: index.manifest.counts.passages,
      firstDate: dates[0] ?? '',
      lastDate: dates.at(-1) ?? '',
      model: index.manifest.model.id,
      builtAt: index.manifest.builtAt,
      buildId,
      people: lookup.directory.people.length,
    }),
    close: async () => {
      if ('close' in index) await index.close();
    },
  };
}
