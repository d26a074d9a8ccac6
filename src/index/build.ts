// Builds the on-disk index: corpus → sentences → passages → embeddings → HNSW, reusing unchanged articles.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config.ts';
import { listCorpus, type CorpusListing, type SkippedSource } from '../corpus/load.ts';
import { buildPassages, DEFAULT_PASSAGE_TOKENS } from '../corpus/passages.ts';
import { sentenceText } from '../corpus/quote.ts';
import type { Article, Passage } from '../domain/article.ts';
import { createEmbedder, type Embedder } from '../embedding/embedder.ts';
import { AnalysisPool, type AnalysisJob } from './analyse.ts';
import type { DenseEngine, LexicalEngine } from '../retrieval/retriever.ts';
import { chunkingFingerprint, entitiesFingerprint, lexicalFingerprint } from './fingerprint.ts';
import { createTempDir, fsyncFile, INDEX_FILES, indexSize, publishIndex, recoverIndex, removeStale, type PublishStep } from './files.ts';
import { acquireBuildLock } from './lock.ts';
import { checkOutTarget } from './outTarget.ts';
import { SentenceVectors } from './sentenceVectors.ts';
import { readStoredIndex, type StoredIndex } from './store.ts';
import { IndexWriter } from './indexWriter.ts';
import { GraphSegmentWriter, SEGMENT_PASSAGES } from './graphSegments.ts';
import { unpaced } from '../pace.ts';
import { GatheredPeople } from '../entities/people.ts';
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
  /** Articles derived and written per batch (default BATCH_ARTICLES); the index is the same whatever the size. */
  batchArticles?: number;
  /** Passages per dense graph (default SEGMENT_PASSAGES, src/index/graphSegments.ts). */
  segmentPassages?: number;
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
  /** Adds the time since the previous phase ended to `phase`'s (a streamed build runs some phases once per batch). */
  endPhase: (phase: BuildPhase) => void;
  corpus: string;
  /** The corpus as the files build streams it: an article read at a time. */
  listing: CorpusListing;
  /** Every article, read whole when first asked for (the Postgres build; the files build streams `listing`). */
  readonly articles: Article[];
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
    phaseMs[phase] = (phaseMs[phase] ?? 0) + Date.now() - lap;
    lap = Date.now();
  };
  const corpus = options.corpus ?? config.corpus;
  const listing = listCorpus(corpus, { skipInvalid: options.skipInvalid });
  const { skipped, skippedCount, warnings } = listing;
  const embedder = options.embedder ?? (await createEmbedder(config));
  const derivedBy = { chunking: chunkingFingerprint(), entities: entitiesFingerprint() };
  let whole: Article[] | undefined;
  return {
    started,
    phaseMs,
    endPhase,
    corpus,
    listing,
    get articles() {
      return (whole ??= [...listing.articles()]);
    },
    skipped,
    skippedCount,
    warnings,
    embedder,
    derivedBy,
  };
}

/** The report of a finished build of `derived` (over `previous`), whichever store it went to. */
export function buildReport(
  start: BuildStart,
  derived: Pick<DerivedSummary, 'reusedPassages' | 'embeddedPassages' | 'extractedArticles'>,
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
/**
 * Postings the lexical index holds before it writes them to a run file (12 bytes each while held, 8 more while they are
 * written: ~20 MB). Each run costs its merge a 1 MB read buffer at the end: a million Reuters articles (76 M postings)
 * make 76 runs.
 */
const LEXICAL_SPILL_POSTINGS = 1_000_000;

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

  const writer = new IndexWriter(createTempDir(out), embedder.dimensions);
  let manifest: IndexManifest;
  let summary: DerivedSummary;
  try {
    const graphs = new GraphSegmentWriter(
      writer.dir,
      options.dense,
      embedder.dimensions,
      config.hnsw,
      options.segmentPassages ?? SEGMENT_PASSAGES,
    );
    const batches = deriveBatches(start.listing.articles(), previous, embedder, derivedBy, {
      total: start.listing.count,
      onProgress: options.onProgress,
      endPhase,
      batchArticles: options.batchArticles,
    });
    summary = await writeBatches(batches, writer, graphs, options.lexical, endPhase);
    // The last graph before the people directory: it is let go before the directory is gathered.
    const graphFiles = graphs.finish();
    endPhase('graph');
    await writeArchiveTables(writer);
    endPhase('people');
    const built = manifestOf(summary, embedder, config, {
      corpus: start.corpus,
      derivedBy,
      skipped: start.skippedCount,
      started: start.started,
    });
    const unsealed: UnsealedManifest = {
      ...built,
      hnsw: { ...built.hnsw, segmentPassages: graphs.segmentPassages },
      lexical: { file: INDEX_FILES.lexical, derivedBy: lexicalFingerprint(options.lexical) },
    };
    const sealed = writer.seal(unsealed, [...graphFiles, INDEX_FILES.lexical]);
    await publishIndex(writer.dir, out, options.pauseAt);
    manifest = withHashesOnDisk(sealed, out);
  } catch (error) {
    writer.discard();
    throw error;
  }
  endPhase('write');
  return buildReport(start, summary, previous, { dir: out, manifest, removedLeftovers, bytesOnDisk: indexSize(out) });
}

/**
 * Writes each batch as it is derived, adds it to the lexical index and its passage vectors to the graph of their
 * segment: the build holds no article, sentence or vector of the archive past its batch (the segment's graph keeps its
 * own copy of its vectors; see README, "At scale"). Then writes the lexical index (`lexical.bin`), built whole each time
 * (passage ids are renumbered) by the engine's own code, so loading skips it; its writer (every passage's lengths, 8
 * bytes a passage, and the vocabulary: ~16 MB at a million articles) is let go on return, before the last graph is
 * written and the people directory built.
 */
async function writeBatches(
  batches: AsyncIterable<DerivedIndex>,
  writer: IndexWriter,
  graphs: GraphSegmentWriter,
  lexical: LexicalEngine,
  endPhase: BuildStart['endPhase'],
): Promise<DerivedSummary> {
  const lexicalIndex = lexical.writer({ dir: writer.dir, spillPostings: LEXICAL_SPILL_POSTINGS });
  // The articles' hashes go to the writer's spill, not to the summary (a million cost 200 MB of heap).
  const summary = await foldBatches(
    batches,
    (batch) => {
      writer.add(batch);
      endPhase('write');
      lexicalIndex.add(batch.passages, new Map(batch.stored.map((article) => [article.id, article])));
      endPhase('lexical');
      graphs.add(batch.vectors);
      endPhase('graph');
    },
    { keepHashes: false },
  );
  lexicalIndex.write(join(writer.dir, INDEX_FILES.lexical));
  fsyncFile(join(writer.dir, INDEX_FILES.lexical));
  endPhase('lexical');
  return summary;
}

/**
 * The people directory and the attributed quotations, from the entities the writer spilled (read back twice, a row at a
 * time). Built here once rather than by every process that opens the index (see src/lookup/lookup.ts); its occurrences
 * are kept in columns and written a person at a time (see GatheredPeople).
 */
async function writeArchiveTables(writer: IndexWriter): Promise<void> {
  const entities = writer.entitiesRows();
  const people = await GatheredPeople.gather(entities, unpaced);
  writer.writeTables({
    people: { people: people.people(), aliases: people.aliases },
    quotations: (function* () {
      for (const article of entities) yield* attributedQuotations(article, people);
    })(),
  });
}

/**
 * `manifest` (as sealed, without the articles' hashes) with its `articles` read from the manifest published at `dir`
 * when first asked for: a reload compares them, a build keeps none.
 */
function withHashesOnDisk(manifest: IndexManifest, dir: string): IndexManifest {
  let articles: IndexManifest['articles'] | undefined;
  const read = () => (JSON.parse(readFileSync(join(dir, INDEX_FILES.manifest), 'utf8')) as IndexManifest).articles;
  return Object.defineProperty({ ...manifest }, 'articles', { enumerable: true, get: () => (articles ??= read()) }) as IndexManifest;
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

/** What the manifest and the report say of a derived archive, without the archive. */
export interface DerivedSummary extends Pick<DerivedIndex, 'hashes' | 'reusedPassages' | 'embeddedPassages' | 'extractedArticles'> {
  counts: IndexManifest['counts'];
}

export function summaryOf(derived: DerivedIndex): DerivedSummary {
  return foldSummary(emptySummary(), derived);
}

/**
 * Articles derived, embedded and written per batch of a streamed build: a few megabytes of articles and vectors. The
 * build's thread holds about two batches (one written while the next one's analyses come in): 2,048 peaked ~55 MB higher
 * than 1,024 in a 100,000-article build, with no CPU cost seen on Reuters (README, "At scale").
 */
const BATCH_ARTICLES = 1_024;

interface DeriveOptions {
  /** How many articles there are (progress). */
  total: number;
  onProgress?: (progress: BuildProgress) => void;
  endPhase?: (phase: 'analyse' | 'embed') => void;
  /** Articles per batch (default: BATCH_ARTICLES). */
  batchArticles?: number;
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
  // One batch of all the articles: its passage ids, vectors and sentence vectors are the archive's.
  const options = { onProgress, endPhase, total: articles.length, batchArticles: Math.max(articles.length, 1) };
  for await (const whole of deriveBatches(articles, previous, embedder, derivedBy, options)) return whole;
  throw new Error('deriveBatches yields a batch even for no articles');
}

/**
 * `deriveIndex` a batch of `options.batchArticles` articles at a time, in corpus order: each batch's passage ids
 * follow the previous batch's, its vectors and sentence vectors are its own.
 */
async function* deriveBatches(
  articles: Iterable<Article>,
  previous: PreviousIndex,
  embedder: Embedder,
  derivedBy: IndexManifest['derivedBy'],
  options: DeriveOptions,
): AsyncGenerator<DerivedIndex> {
  const { onProgress, endPhase = () => {}, total } = options;
  const batchArticles = Math.max(1, options.batchArticles ?? BATCH_ARTICLES);
  const entitiesCurrent = previous.index?.manifest.derivedBy.entities === derivedBy.entities;
  // Unchanged articles (same hash) keep their sentences and passages; the rest, and stale entities, are analysed.
  const planOf = (article: Article) => {
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
  };
  const jobOf = ({ article, reused }: ReturnType<typeof planOf>): AnalysisJob =>
    reused ? { article, sentences: reused.article.sentences } : { article };
  const oneBatch = batchArticles >= total;
  // Batch after batch, the workers analyse the next batch while this thread embeds and writes the one before (see
  // AnalysisPool); one batch (the PostgreSQL build) has nothing to overlap, so this thread analyses too.
  const pool = new AnalysisPool(undefined, !oneBatch);
  const oldSentences =
    previous.index?.sentenceVectors && new SentenceVectors(previous.index.sentenceVectors, embedder.dimensions, previous.index.articles);
  const iterator = articles[Symbol.iterator]();
  let firstPassage = 0;
  let from = 0;
  /** The next batch's plans and their analyses under way, or nothing when the articles are all taken (`first`: even none make a batch, an empty archive). */
  const startBatch = (first: boolean) => {
    const batch: ReturnType<typeof planOf>[] = [];
    while (batch.length < batchArticles) {
      const next = iterator.next();
      if (next.done) break;
      batch.push(planOf(next.value));
    }
    if (batch.length === 0 && !first) return undefined;
    const jobs = batch.filter((plan) => plan.analyse).map(jobOf);
    const unanalysed = from + batch.length - jobs.length;
    from += batch.length;
    onProgress?.({ phase: 'analyse', done: unanalysed, total });
    const analysing = pool.analyse(jobs, (done) => onProgress?.({ phase: 'analyse', done: unanalysed + done, total }));
    // Awaited below; until then a failure (or the pool closed under it) must not be an unhandled rejection.
    analysing.catch(() => {});
    return { batch, jobs, analysing };
  };
  try {
    onProgress?.({ phase: 'analyse', done: 0, total });
    for (let started = startBatch(true); started;) {
      const { batch, jobs } = started;
      const analyses = await started.analysing;
      started = batch.length < batchArticles ? undefined : startBatch(false);

      const stored: StoredArticle[] = [];
      const passages: Passage[] = [];
      // No prototype: an article id such as "__proto__" is an ordinary key here.
      const hashes: IndexManifest['articles'] = Object.create(null);
      const reusedVectors: { to: number; from: number }[] = [];
      const toEmbed: Passage[] = [];
      let analysed = 0;
      for (const { article, hash, reused, analyse } of batch) {
        const analysis = analyse ? analyses[analysed++] : undefined;
        if (reused) {
          stored.push({ ...article, sentences: reused.article.sentences, entities: analysis?.entities ?? reused.article.entities });
          for (const passage of reused.passages) {
            reusedVectors.push({ to: passages.length, from: passage.id });
            passages.push({ ...passage, id: firstPassage + passages.length });
          }
          hashes[article.id] = { hash, passages: reused.passages.length };
          continue;
        }
        const { sentences, entities } = analysis!;
        const own = buildPassages(article, sentences, embedder.countTokens, {
          maxTokens: DEFAULT_PASSAGE_TOKENS,
          firstId: firstPassage + passages.length,
        });
        stored.push({ ...article, sentences, entities });
        passages.push(...own);
        toEmbed.push(...own);
        hashes[article.id] = { hash, passages: own.length };
      }
      endPhase('analyse');

      const dimensions = embedder.dimensions;
      const vectors = new Float32Array(passages.length * dimensions);
      for (const { to, from: old } of reusedVectors) {
        vectors.set(previous.index!.vectors.subarray(old * dimensions, (old + 1) * dimensions), to * dimensions);
      }
      await embedPassages(embedder, stored, toEmbed, vectors, firstPassage, oneBatch ? onProgress : undefined);
      const sentenceVectors = await embedSentences(embedder, stored, previous, oldSentences);
      endPhase('embed');
      firstPassage += passages.length;
      yield {
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
  } finally {
    await pool.close();
  }
}

/**
 * Hands each batch to `take` in turn (waiting for it), and sums them up; with `keepHashes` false the summary's `hashes`
 * stay empty (`take` keeps them its own way).
 */
export async function foldBatches(
  batches: AsyncIterable<DerivedIndex>,
  take: (batch: DerivedIndex) => void | Promise<void>,
  { keepHashes = true } = {},
): Promise<DerivedSummary> {
  let summary = emptySummary();
  for await (const batch of batches) {
    await take(batch);
    summary = foldSummary(summary, keepHashes ? batch : { ...batch, hashes: {} });
  }
  return summary;
}

function emptySummary(): DerivedSummary {
  return {
    hashes: Object.create(null) as IndexManifest['articles'],
    counts: { articles: 0, sentences: 0, passages: 0 },
    reusedPassages: 0,
    embeddedPassages: 0,
    extractedArticles: 0,
  };
}

function foldSummary(summary: DerivedSummary, batch: DerivedIndex): DerivedSummary {
  Object.assign(summary.hashes, batch.hashes);
  summary.counts.articles += batch.stored.length;
  for (const article of batch.stored) summary.counts.sentences += article.sentences.length;
  summary.counts.passages += batch.passages.length;
  summary.reusedPassages += batch.reusedPassages;
  summary.embeddedPassages += batch.embeddedPassages;
  summary.extractedArticles += batch.extractedArticles;
  return summary;
}

/** The manifest of a build of `derived`, before the store adds its own entries (lexical file, checksums). */
export function manifestOf(
  derived: DerivedSummary,
  embedder: Embedder,
  config: EngineConfig,
  build: { corpus: string; derivedBy: IndexManifest['derivedBy']; skipped: number; started: number },
): UnsealedManifest {
  return {
    schemaVersion: INDEX_SCHEMA_VERSION,
    model: { id: embedder.modelId, dimensions: embedder.dimensions, pooling: 'mean', normalize: true, quantized: embedder.quantized },
    hnsw: { space: 'cosine', m: config.hnsw.m, efConstruction: config.hnsw.efConstruction },
    articles: derived.hashes,
    counts: derived.counts,
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
  firstPassage: number,
  onProgress: BuildIndexOptions['onProgress'],
): Promise<void> {
  const textOf = new Map(articles.map((article) => [article.id, article.text]));
  onProgress?.({ phase: 'embed', done: 0, total: passages.length });
  for (let from = 0; from < passages.length; from += EMBED_CHUNK) {
    const chunk = passages.slice(from, from + EMBED_CHUNK);
    const embedded = await embedder.embed(chunk.map((passage) => textOf.get(passage.articleId)!.slice(passage.start, passage.end)));
    chunk.forEach((passage, i) => vectors.set(embedded[i], (passage.id - firstPassage) * embedder.dimensions));
    onProgress?.({ phase: 'embed', done: from + chunk.length, total: passages.length });
  }
}

/**
 * Every sentence's vector of `articles` (see SentenceVectors): copied from the previous build (`old`, its table) for
 * an article reused whole, embedded otherwise.
 */
async function embedSentences(
  embedder: Embedder,
  articles: StoredArticle[],
  previous: PreviousIndex,
  old: SentenceVectors | undefined,
): Promise<Float32Array> {
  const dimensions = embedder.dimensions;
  const table = new SentenceVectors(new Float32Array(SentenceVectors.count(articles) * dimensions), dimensions, articles);
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
