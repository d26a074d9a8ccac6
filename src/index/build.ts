// Builds the on-disk index: corpus → sentences → passages → embeddings → HNSW, reusing unchanged articles.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config.ts';
import { loadCorpus, type SkippedSource } from '../corpus/load.ts';
import { buildPassages, DEFAULT_PASSAGE_TOKENS } from '../corpus/passages.ts';
import { sentenceText } from '../corpus/quote.ts';
import type { Article, Passage } from '../domain/article.ts';
import { createEmbedder, type Embedder } from '../embedding/embedder.ts';
import { analyseArticles, type AnalysisJob } from './analyse.ts';
import type { DenseEngine, LexicalEngine, SavedDenseRetriever } from '../retrieval/retriever.ts';
import { chunkingFingerprint, entitiesFingerprint, lexicalFingerprint } from './fingerprint.ts';
import {
  createTempDir,
  fsyncFile,
  INDEX_FILES,
  indexSize,
  publishIndex,
  recoverIndex,
  removeStale,
  writeFileDurable,
  type PublishStep,
} from './files.ts';
import { acquireBuildLock } from './lock.ts';
import { checkOutTarget } from './outTarget.ts';
import { SentenceVectors } from './sentenceVectors.ts';
import { readStoredIndex, writeStoredIndex, type StoredIndex } from './store.ts';
import { unpaced } from '../pace.ts';
import { PersonDirectory } from '../entities/people.ts';
import { attributedQuotations } from './attribution.ts';
import type { StoredArticle } from '../domain/article.ts';
import { INDEX_SCHEMA_VERSION, type IndexManifest } from './types.ts';

export interface BuildProgress {
  /** `analyse` counts articles (sentences, passages, entities); `embed` and `graph` count passages. */
  phase: 'analyse' | 'embed' | 'graph';
  done: number;
  total: number;
}

export interface BuildIndexOptions {
  /** The lexical engine whose index is saved with the build (src/openArchive.ts names it). */
  lexical: LexicalEngine;
  /** The dense engine whose graph is saved with the build (src/openArchive.ts names it). */
  dense: DenseEngine;
  /** Corpus path; default `config.corpus`. */
  corpus?: string;
  /** Index folder; default `config.indexDir`. */
  out?: string;
  skipInvalid?: boolean;
  onProgress?: (progress: BuildProgress) => void;
  /** The configured model, when the caller has it loaded already; otherwise it is loaded here. */
  embedder?: Embedder;
  /** Test hook: awaited at each step of publishing, so a test can kill the build exactly there. */
  pauseAt?: (step: PublishStep) => Promise<void>;
}

export interface BuildReport {
  dir: string;
  manifest: UnsealedManifest;
  /** The first of the sources left out (see LoadedCorpus), and how many were in all. */
  skipped: SkippedSource[];
  skippedCount: number;
  /** Sources read but not byte for byte (invalid UTF-8). */
  warnings: SkippedSource[];
  reusedPassages: number;
  embeddedPassages: number;
  /** Articles whose entities were extracted afresh (changed articles, or all when the extractor changed). */
  extractedArticles: number;
  /** Why the previous index at `dir` could not be reused, if there was one. */
  previousUnusable?: string;
  /** Leftovers of earlier killed builds removed before this one started. */
  removedLeftovers: string[];
  bytesOnDisk: number;
  ms: number;
  /** Where the time went, phase by phase in the order they ran (a store has only the phases it runs). */
  phaseMs: Partial<Record<BuildPhase, number>>;
}

/**
 * Reading corpus and model, analysing articles, embedding, the people directory (embedded store), the graph, the
 * lexical index, writing.
 */
export type BuildPhase = 'load' | 'analyse' | 'embed' | 'people' | 'graph' | 'lexical' | 'write';

/** What every store's build starts with: the clock of its phases, the corpus, the model, the derivation code's fingerprints. */
export interface BuildStart {
  started: number;
  phaseMs: BuildReport['phaseMs'];
  /** Records the time since the previous phase ended as `phase`'s. */
  endPhase: (phase: BuildPhase) => void;
  corpus: string;
  articles: Article[];
  skipped: SkippedSource[];
  skippedCount: number;
  warnings: SkippedSource[];
  embedder: Embedder;
  derivedBy: IndexManifest['derivedBy'];
}

export async function startBuild(
  config: EngineConfig,
  options: Pick<BuildIndexOptions, 'corpus' | 'skipInvalid' | 'embedder'>,
): Promise<BuildStart> {
  const started = Date.now();
  const phaseMs: BuildReport['phaseMs'] = {};
  let lap = started;
  const endPhase = (phase: BuildPhase) => {
    phaseMs[phase] = Date.now() - lap;
    lap = Date.now();
  };
  const corpus = options.corpus ?? config.corpus;
  const { articles, skipped, skippedCount, warnings } = loadCorpus(corpus, { skipInvalid: options.skipInvalid });
  const embedder = options.embedder ?? (await createEmbedder(config));
  const derivedBy = { chunking: chunkingFingerprint(), entities: entitiesFingerprint() };
  return { started, phaseMs, endPhase, corpus, articles, skipped, skippedCount, warnings, embedder, derivedBy };
}

/** The report of a finished build of `derived` (over `previous`), whichever store it went to. */
export function buildReport(
  start: BuildStart,
  derived: DerivedIndex,
  previous: PreviousIndex,
  written: Pick<BuildReport, 'dir' | 'manifest' | 'removedLeftovers' | 'bytesOnDisk'>,
): BuildReport {
  return {
    ...written,
    skipped: start.skipped,
    skippedCount: start.skippedCount,
    warnings: start.warnings,
    reusedPassages: derived.reusedPassages,
    embeddedPassages: derived.embeddedPassages,
    extractedArticles: derived.extractedArticles,
    ...(previous.unusable ? { previousUnusable: previous.unusable } : {}),
    ms: Date.now() - start.started,
    phaseMs: start.phaseMs,
  };
}

const EMBED_CHUNK = 256;
const GRAPH_PROGRESS_EVERY = 2_000;

/**
 * Builds (or incrementally rebuilds) the index and swaps it in atomically; see BuildReport. Refuses (IndexError)
 * an `out` that is not missing, empty or an index built here, one overlapping the corpus, and one another build
 * is writing.
 */
export async function buildIndex(config: EngineConfig, options: BuildIndexOptions): Promise<BuildReport> {
  const out = options.out ?? config.indexDir;
  checkOutTarget(out, options.corpus ?? config.corpus);
  const lock = acquireBuildLock(out);
  try {
    return await buildLocked(config, out, options, removeStale(out));
  } finally {
    lock.release();
  }
}

async function buildLocked(
  config: EngineConfig,
  out: string,
  options: BuildIndexOptions,
  removedLeftovers: string[],
): Promise<BuildReport> {
  const start = await startBuild(config, options);
  const { endPhase, embedder, derivedBy } = start;
  const previous = await readPrevious(out, embedder, derivedBy.chunking);
  endPhase('load');

  const derived = await deriveIndex(start.articles, previous, embedder, derivedBy, options.onProgress, endPhase);
  const { stored, passages, vectors, sentenceVectors } = derived;
  // Built here once rather than by every process that opens the index (see src/lookup/lookup.ts).
  const directory = await PersonDirectory.create(stored, unpaced);
  const people = directory.toStored();
  const quotations = stored.flatMap((article) => attributedQuotations(article, directory));
  endPhase('people');
  const graph = buildGraph(options.dense, vectors, embedder.dimensions, config, options.onProgress);
  endPhase('graph');
  // Built whole each time (passage ids are renumbered), by the engine's own code, so loading skips it.
  const lexical = options.lexical.build(passages, new Map(stored.map((article) => [article.id, article]))).serialize();
  endPhase('lexical');

  const unsealed: UnsealedManifest = {
    ...manifestOf(derived, embedder, config, { corpus: start.corpus, derivedBy, skipped: start.skippedCount, started: start.started }),
    lexical: { file: INDEX_FILES.lexical, derivedBy: lexicalFingerprint(options.lexical) },
  };
  const temp = createTempDir(out);
  let manifest: IndexManifest;
  try {
    graph.save(join(temp, INDEX_FILES.hnsw));
    fsyncFile(join(temp, INDEX_FILES.hnsw));
    writeFileDurable(join(temp, INDEX_FILES.lexical), lexical);
    manifest = writeStoredIndex(temp, { manifest: unsealed, articles: stored, passages, vectors, sentenceVectors, people, quotations });
    await publishIndex(temp, out, options.pauseAt);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  endPhase('write');
  return buildReport(start, derived, previous, { dir: out, manifest, removedLeftovers, bytesOnDisk: indexSize(out) });
}

/** A manifest before the store adds what is its own (the embedded store's file checksums). */
export type UnsealedManifest = Omit<IndexManifest, 'files'>;

/** What a build derives from the corpus, reusing what the previous index holds for unchanged articles. */
export interface DerivedIndex {
  stored: StoredArticle[];
  passages: Passage[];
  /** `passages.length × dimensions`; row i is passage i's vector. */
  vectors: Float32Array;
  /** Every sentence's vector, `stored` in order (see SentenceVectors). */
  sentenceVectors: Float32Array;
  hashes: IndexManifest['articles'];
  reusedPassages: number;
  embeddedPassages: number;
  extractedArticles: number;
}

/**
 * Sentences, passages, entities and vectors of `articles`: unchanged articles (same hash in `previous`) keep their
 * sentences, passages and vectors (and entities, unless the extraction code changed); the rest are analysed and
 * embedded. Shared by both stores (files here, PostgreSQL in src/index/postgres/build.ts).
 */
export async function deriveIndex(
  articles: Article[],
  previous: PreviousIndex,
  embedder: Embedder,
  derivedBy: IndexManifest['derivedBy'],
  onProgress?: (progress: BuildProgress) => void,
  endPhase: (phase: 'analyse' | 'embed') => void = () => {},
): Promise<DerivedIndex> {
  const entitiesCurrent = previous.index?.manifest.derivedBy.entities === derivedBy.entities;
  // Unchanged articles (same hash) keep their sentences and passages; the rest, and stale entities, are analysed.
  const plans = articles.map((article) => {
    const hash = hashArticle(article);
    const old =
      previous.index &&
      Object.hasOwn(previous.index.manifest.articles, article.id) &&
      previous.index.manifest.articles[article.id].hash === hash
        ? previous.byId.get(article.id)
        : undefined;
    const oldPassages = old && previous.passagesOf.get(article.id);
    const reused = old && oldPassages ? { article: old, passages: oldPassages } : undefined;
    return { article, hash, reused, analyse: !reused || !entitiesCurrent };
  });
  const jobs: AnalysisJob[] = plans
    .filter((plan) => plan.analyse)
    .map(({ article, reused }) => (reused ? { article, sentences: reused.article.sentences } : { article }));
  const unanalysed = articles.length - jobs.length;
  onProgress?.({ phase: 'analyse', done: unanalysed, total: articles.length });
  const analyses = await analyseArticles(jobs, {
    onProgress: (done) => onProgress?.({ phase: 'analyse', done: unanalysed + done, total: articles.length }),
  });

  const stored: StoredArticle[] = [];
  const passages: Passage[] = [];
  // No prototype: an article id such as "__proto__" is an ordinary key here.
  const hashes: IndexManifest['articles'] = Object.create(null);
  const reusedVectors: { to: number; from: number }[] = [];
  const toEmbed: Passage[] = [];
  let analysed = 0;
  for (const { article, hash, reused, analyse } of plans) {
    const analysis = analyse ? analyses[analysed++] : undefined;
    if (reused) {
      stored.push({ ...article, sentences: reused.article.sentences, entities: analysis?.entities ?? reused.article.entities });
      for (const passage of reused.passages) {
        reusedVectors.push({ to: passages.length, from: passage.id });
        passages.push({ ...passage, id: passages.length });
      }
      hashes[article.id] = { hash, passages: reused.passages.length };
      continue;
    }
    const { sentences, entities } = analysis!;
    const own = buildPassages(article, sentences, embedder.countTokens, { maxTokens: DEFAULT_PASSAGE_TOKENS, firstId: passages.length });
    stored.push({ ...article, sentences, entities });
    passages.push(...own);
    toEmbed.push(...own);
    hashes[article.id] = { hash, passages: own.length };
  }
  endPhase('analyse');

  const dimensions = embedder.dimensions;
  const vectors = new Float32Array(passages.length * dimensions);
  for (const { to, from } of reusedVectors) {
    vectors.set(previous.index!.vectors.subarray(from * dimensions, (from + 1) * dimensions), to * dimensions);
  }
  await embedPassages(embedder, stored, toEmbed, vectors, onProgress);
  const sentenceVectors = await embedSentences(embedder, stored, previous);
  endPhase('embed');
  return {
    stored,
    passages,
    vectors,
    sentenceVectors,
    hashes,
    reusedPassages: reusedVectors.length,
    embeddedPassages: toEmbed.length,
    extractedArticles: jobs.length,
  };
}

/** The manifest of a build of `derived`, before the store adds its own entries (lexical file, checksums). */
export function manifestOf(
  derived: DerivedIndex,
  embedder: Embedder,
  config: EngineConfig,
  build: { corpus: string; derivedBy: IndexManifest['derivedBy']; skipped: number; started: number },
): UnsealedManifest {
  return {
    schemaVersion: INDEX_SCHEMA_VERSION,
    model: { id: embedder.modelId, dimensions: embedder.dimensions, pooling: 'mean', normalize: true, quantized: embedder.quantized },
    hnsw: { space: 'cosine', m: config.hnsw.m, efConstruction: config.hnsw.efConstruction },
    articles: derived.hashes,
    counts: {
      articles: derived.stored.length,
      sentences: derived.stored.reduce((sum, article) => sum + article.sentences.length, 0),
      passages: derived.passages.length,
    },
    corpus: build.corpus,
    passageTokens: DEFAULT_PASSAGE_TOKENS,
    derivedBy: build.derivedBy,
    lastBuild: { reusedPassages: derived.reusedPassages, embeddedPassages: derived.embeddedPassages, skippedSources: build.skipped },
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - build.started,
  };
}

/** sha256 of what the stored article is derived from: date, title and text. */
export function hashArticle(article: Article): string {
  return createHash('sha256')
    .update(JSON.stringify([article.date, article.title ?? null, article.text]))
    .digest('hex');
}

/** A store's previous build, and what of it a build may reuse (see `reusablePrevious`). */
export interface PreviousIndex {
  index?: ReusableIndex;
  byId: Map<string, StoredArticle>;
  passagesOf: Map<string, Passage[]>;
  unusable?: string;
}

/** What a build reuses of a previous one, whichever store holds it. */
export type ReusableIndex = Omit<StoredIndex, 'manifest' | 'lexicalJson'> & { manifest: UnsealedManifest };

export const NO_PREVIOUS_INDEX: PreviousIndex = { byId: new Map(), passagesOf: new Map() };

/** The index already at `out`, if its passages and vectors can be reused with this embedder and chunking code. */
async function readPrevious(out: string, embedder: Embedder, chunking: string): Promise<PreviousIndex> {
  if (!recoverIndex(out)) return NO_PREVIOUS_INDEX;
  let index: StoredIndex;
  try {
    // A build has no questions to share its process with: read at full speed.
    index = await readStoredIndex(out, unpaced, { legacy: true });
  } catch (error) {
    return { ...NO_PREVIOUS_INDEX, unusable: (error as Error).message };
  }
  return reusablePrevious(index, embedder, chunking);
}

/** `index` as a previous build for a build with this embedder and chunking code, or why it cannot be reused. */
export function reusablePrevious(index: ReusableIndex, embedder: Embedder, chunking: string): PreviousIndex {
  const none = NO_PREVIOUS_INDEX;
  const { model, passageTokens } = index.manifest;
  if (model.id !== embedder.modelId || model.dimensions !== embedder.dimensions || model.quantized !== embedder.quantized) {
    return { ...none, unusable: `it was built with ${model.id} (${model.dimensions} dims, quantized ${model.quantized})` };
  }
  if (passageTokens !== DEFAULT_PASSAGE_TOKENS) return { ...none, unusable: `its passages were sized for ${passageTokens} tokens` };
  if (index.manifest.derivedBy?.chunking !== chunking) return { ...none, unusable: 'the sentence/passage code changed since it was built' };
  const passagesOf = new Map<string, Passage[]>();
  for (const passage of index.passages) {
    const list = passagesOf.get(passage.articleId) ?? [];
    list.push(passage);
    passagesOf.set(passage.articleId, list);
  }
  return { index, byId: new Map(index.articles.map((article) => [article.id, article])), passagesOf };
}

async function embedPassages(
  embedder: Embedder,
  articles: StoredArticle[],
  passages: Passage[],
  vectors: Float32Array,
  onProgress: BuildIndexOptions['onProgress'],
): Promise<void> {
  const textOf = new Map(articles.map((article) => [article.id, article.text]));
  onProgress?.({ phase: 'embed', done: 0, total: passages.length });
  for (let from = 0; from < passages.length; from += EMBED_CHUNK) {
    const chunk = passages.slice(from, from + EMBED_CHUNK);
    const embedded = await embedder.embed(chunk.map((passage) => textOf.get(passage.articleId)!.slice(passage.start, passage.end)));
    chunk.forEach((passage, i) => vectors.set(embedded[i], passage.id * embedder.dimensions));
    onProgress?.({ phase: 'embed', done: from + chunk.length, total: passages.length });
  }
}

/**
 * Every sentence's vector (see SentenceVectors): copied from the previous build for an article reused whole,
 * embedded otherwise.
 */
async function embedSentences(embedder: Embedder, articles: StoredArticle[], previous: PreviousIndex): Promise<Float32Array> {
  const dimensions = embedder.dimensions;
  const table = new SentenceVectors(new Float32Array(SentenceVectors.count(articles) * dimensions), dimensions, articles);
  const old = previous.index?.sentenceVectors && new SentenceVectors(previous.index.sentenceVectors, dimensions, previous.index.articles);
  const missing: { article: StoredArticle; index: number }[] = [];
  for (const article of articles) {
    const reused = old?.has(article.id) && previous.byId.get(article.id)?.sentences === article.sentences ? old : undefined;
    article.sentences.forEach((_, index) => {
      if (reused) table.of(article.id, index).set(reused.of(article.id, index));
      else missing.push({ article, index });
    });
  }
  for (let from = 0; from < missing.length; from += EMBED_CHUNK) {
    const chunk = missing.slice(from, from + EMBED_CHUNK);
    const embedded = await embedder.embed(chunk.map(({ article, index }) => sentenceText(article, index)));
    chunk.forEach(({ article, index }, i) => table.of(article.id, index).set(embedded[i]));
  }
  return table.vectors;
}

function buildGraph(
  engine: DenseEngine,
  vectors: Float32Array,
  dimensions: number,
  config: EngineConfig,
  onProgress: BuildIndexOptions['onProgress'],
): SavedDenseRetriever {
  return engine.build(vectors, dimensions, config.hnsw, (done, total) => {
    if (done % GRAPH_PROGRESS_EVERY === 0 || done === total) onProgress?.({ phase: 'graph', done, total });
  });
}
