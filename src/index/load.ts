// Opens a built index for searching, checking it matches the configured model.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config.ts';
import type { Passage } from '../domain/article.ts';
import { pacer, type Pace } from '../pace.ts';
import {
  SavedRetrieverError,
  type DenseEngine,
  type LexicalEngine,
  type LexicalRetriever,
  type PassageVectors,
  type Retriever,
} from '../retrieval/retriever.ts';
import { IndexError } from './errors.ts';
import { graphSegments } from './graphSegments.ts';
import { INDEX_FILES, recoverIndex } from './files.ts';
import { lexicalFingerprint } from './fingerprint.ts';
import { SentenceVectors, type SentenceRows } from './sentenceVectors.ts';
import { readServedIndex, type ServedIndex, type StoredCatalog } from './store.ts';
import type { ArticleLibrary, ArticleTexts } from '../domain/article.ts';
import type { IndexManifest } from './types.ts';
import type { StoredDirectory } from '../entities/people.ts';

export interface LoadedIndex {
  dir: string;
  manifest: IndexManifest;
  /** Read from articles.json when asked for, when the build catalogued them (else held in memory). */
  articles: ArticleLibrary;
  /** What the build stored for the lookups, so they need not read every article; absent in an older index. */
  catalog?: StoredCatalog;
  passages: Passage[];
  /** Every passage's vector, row = passage id, read from vectors.f32 as a search needs them. */
  vectors: PassageVectors;
  /** Every sentence's vector, embedded at build time. */
  sentences: SentenceRows;
  /** The people directory built at index time. */
  people: StoredDirectory;
  /** The dense engine's graphs over `vectors`, searching at `config.hnsw.efSearch`. */
  dense: Retriever;
  /** The saved lexical index, when the index holds one built by the current lexical code. */
  lexical?: LexicalRetriever;
  /** Why there is no `lexical` (the engine then builds it in memory). */
  lexicalUnusable?: string;
  /** Closes the files read as answering needs them. */
  close(): void;
}

export interface LoadIndexOptions {
  /** The lexical engine the index was built with (src/openArchive.ts names it). */
  lexical: LexicalEngine;
  /** The dense engine the index was built with (src/openArchive.ts names it). */
  dense: DenseEngine;
  /** The loaded embedder's output size, when known: checked against the index. */
  dimensions?: number;
  /** Pause points between the load's steps (default: a turn of the event loop every SLICE_MS). */
  pace?: Pace;
}

/**
 * Loads the index in `dir`, in steps that leave the event loop free to answer meanwhile (see `pace`). Rejects
 * with IndexError when it is missing, corrupt, or was built with another model than `config.embeddingModel`
 * (or another `dimensions`).
 */
export async function loadIndex(dir: string, config: EngineConfig, options: LoadIndexOptions): Promise<LoadedIndex> {
  const paced = { ...options, pace: options.pace ?? pacer() };
  for (let attempt = 1; ; attempt++) {
    recoverIndex(dir);
    const build = currentBuild(dir);
    try {
      return { ...(await loadBuild(build, config, paced)), dir };
    } catch (error) {
      // A rebuild swapped (and removed) this build while it was being read — whatever the error, a file gone
      // (ENOENT) or half a build's checks: read the new one.
      const swapped = attempt < 3 && currentBuild(dir) !== build;
      if (!swapped) throw error instanceof IndexError && error.dir === build ? new IndexError(dir, error.problem) : error;
    }
  }
}

/** The build folder `dir` stands for, resolved once so every file is read from the same build. */
function currentBuild(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

async function loadBuild(dir: string, config: EngineConfig, options: LoadIndexOptions & { pace: Pace }): Promise<LoadedIndex> {
  const stored = await readServedIndex(dir, options.pace);
  try {
    return await servedIndex(dir, stored, config, options);
  } catch (error) {
    // The files it holds open (vectors, catalog, the manifest's article hashes) with it.
    stored.close();
    throw error;
  }
}

async function servedIndex(
  dir: string,
  stored: ServedIndex,
  config: EngineConfig,
  options: LoadIndexOptions & { pace: Pace },
): Promise<LoadedIndex> {
  const { manifest } = stored;
  const { id, dimensions } = manifest.model;
  if (id !== config.embeddingModel) {
    throw new IndexError(
      dir,
      `built with model "${id}" but EMBEDDING_MODEL is "${config.embeddingModel}"; rebuild it with \`npm run index\` or set EMBEDDING_MODEL=${id}`,
    );
  }
  if (options.dimensions !== undefined && options.dimensions !== dimensions) {
    throw new IndexError(
      dir,
      `holds ${dimensions}-dimension vectors but the model gives ${options.dimensions}; rebuild it with \`npm run index\``,
    );
  }
  const dense = await readDense(options.dense, dir, manifest, stored.vectors, config.hnsw.efSearch);
  await options.pace();
  const { articles, catalog } = stored;
  return {
    close: () => stored.close(),
    dir,
    manifest,
    articles,
    ...(catalog ? { catalog } : {}),
    passages: stored.passages,
    vectors: stored.vectors,
    sentences: readSentences(dir, stored, dimensions),
    // A current-schema index always has it (readStoredIndex refuses one missing the file).
    people: stored.people!,
    dense,
    ...readLexical(dir, manifest, stored.passages, articles, options.lexical),
  };
}

/**
 * The saved lexical index, or why it cannot be used: an index from before it was saved, or built by other
 * lexical code, still loads (the engine rebuilds it). A recorded file that is missing or corrupt is an IndexError,
 * at opening or, for a part the engine reads later, when it reads it.
 */
function readLexical(
  dir: string,
  manifest: IndexManifest,
  passages: Passage[],
  articles: ArticleTexts,
  engine: LexicalEngine,
): Pick<LoadedIndex, 'lexical' | 'lexicalUnusable'> {
  const saved = manifest.lexical;
  if (!saved) return { lexicalUnusable: 'the index was built before lexical indexes were saved with it' };
  if (saved.derivedBy !== lexicalFingerprint(engine)) return { lexicalUnusable: 'the lexical code changed since the index was built' };
  const problem = (what: string) => new IndexError(dir, `${saved.file} ${what}; rebuild the index with \`npm run index\``);
  try {
    return { lexical: engine.open(join(dir, saved.file), passages, articles, problem) };
  } catch (error) {
    if (error instanceof SavedRetrieverError) throw problem(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw problem('is missing');
    throw error;
  }
}

/** The sentence vectors of `stored`, checked against its articles' sentences. */
function readSentences(dir: string, stored: ServedIndex, dimensions: number): SentenceRows {
  if (stored.catalog) return stored.catalog.sentences;
  try {
    return new SentenceVectors(stored.sentenceVectors ?? new Float32Array(0), dimensions, stored.articles.values());
  } catch (error) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.sentenceVectors} does not match the articles' sentences (${(error as Error).message}); rebuild the index`,
    );
  }
}

async function readDense(
  engine: DenseEngine,
  dir: string,
  manifest: IndexManifest,
  vectors: PassageVectors,
  ef: number,
): Promise<Retriever> {
  // Their bytes were verified against the manifest by readServedIndex; hnswlib reads them only by path.
  const segments = graphSegments(dir, manifest);
  try {
    return await engine.load(segments, vectors, ef);
  } catch (error) {
    if (error instanceof SavedRetrieverError) throw new IndexError(dir, `${error.message}; rebuild the index`);
    throw error;
  }
}
