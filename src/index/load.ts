// Opens a built index for searching, checking it matches the configured model.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { EngineConfig } from '../config.ts';
import type { Passage } from '../corpus/types.ts';
import { LexicalIndex, SavedLexicalError } from '../search/lexical.ts';
import { IndexError } from './errors.ts';
import { INDEX_FILES, recoverIndex } from './files.ts';
import { lexicalFingerprint } from './fingerprint.ts';
import { readStoredIndex } from './store.ts';
import type { IndexManifest, StoredArticle } from './types.ts';

export type HierarchicalNSW = hnswlib.HierarchicalNSW;

export interface LoadedIndex {
  dir: string;
  manifest: IndexManifest;
  articles: Map<string, StoredArticle>;
  passages: Passage[];
  /** `passages.length × dimensions`, row = passage id. */
  vectors: Float32Array;
  /** Cosine space, label = passage id, `ef` = `config.hnsw.efSearch`. */
  hnsw: HierarchicalNSW;
  /** The saved BM25 index, when the index holds one built by the current lexical code. */
  lexical?: LexicalIndex;
  /** Why there is no `lexical` (the engine then builds it in memory). */
  lexicalUnusable?: string;
}

export interface LoadIndexOptions {
  /** The loaded embedder's output size, when known: checked against the index. */
  dimensions?: number;
}

/**
 * Loads the index in `dir`. Throws IndexError when it is missing, corrupt, or was built with another
 * model than `config.embeddingModel` (or another `dimensions`).
 */
export function loadIndex(dir: string, config: EngineConfig, options: LoadIndexOptions = {}): LoadedIndex {
  recoverIndex(dir);
  const stored = readStoredIndex(dir);
  const { manifest } = stored;
  const { id, dimensions } = manifest.model;
  if (id !== config.embeddingModel) {
    throw new IndexError(
      dir,
      `built with model "${id}" but EMBEDDING_MODEL is "${config.embeddingModel}"; rebuild it with \`npm run index\` or set EMBEDDING_MODEL=${id}`,
    );
  }
  if (options.dimensions !== undefined && options.dimensions !== dimensions) {
    throw new IndexError(dir, `holds ${dimensions}-dimension vectors but the model gives ${options.dimensions}; rebuild it with \`npm run index\``);
  }
  const hnsw = readHnsw(dir, dimensions, stored.passages.length, stored.vectors);
  hnsw.setEf(config.hnsw.efSearch);
  const articles = new Map(stored.articles.map((article) => [article.id, article]));
  return {
    dir,
    manifest,
    articles,
    passages: stored.passages,
    vectors: stored.vectors,
    hnsw,
    ...readLexical(dir, manifest, stored.passages, articles),
  };
}

/**
 * The saved lexical index, or why it cannot be used: an index from before it was saved, or built by other
 * lexical code, still loads (the engine rebuilds it). A recorded file that is missing or corrupt is an IndexError.
 */
function readLexical(
  dir: string,
  manifest: IndexManifest,
  passages: Passage[],
  articles: Map<string, StoredArticle>,
): Pick<LoadedIndex, 'lexical' | 'lexicalUnusable'> {
  const saved = manifest.lexical;
  if (!saved) return { lexicalUnusable: 'the index was built before lexical indexes were saved with it' };
  if (saved.derivedBy !== lexicalFingerprint()) return { lexicalUnusable: 'the lexical code changed since the index was built' };
  const path = join(dir, saved.file);
  if (!existsSync(path)) throw new IndexError(dir, `${saved.file} is missing; rebuild the index with \`npm run index\``);
  try {
    return { lexical: LexicalIndex.deserialize(readFileSync(path, 'utf8'), passages, articles) };
  } catch (error) {
    if (error instanceof SavedLexicalError) throw new IndexError(dir, `${saved.file} ${error.message}; rebuild the index`);
    throw error;
  }
}

function readHnsw(dir: string, dimensions: number, count: number, vectors: Float32Array): HierarchicalNSW {
  const path = join(dir, INDEX_FILES.hnsw);
  if (!existsSync(path)) throw new IndexError(dir, `${INDEX_FILES.hnsw} is missing; rebuild the index with \`npm run index\``);
  const hnsw = new hnswlib.HierarchicalNSW('cosine', dimensions);
  try {
    hnsw.readIndexSync(path);
  } catch (error) {
    throw new IndexError(dir, `${INDEX_FILES.hnsw} is unreadable (${(error as Error).message}); rebuild the index`);
  }
  if (hnsw.getCurrentCount() !== count) {
    throw new IndexError(dir, `${INDEX_FILES.hnsw} holds ${hnsw.getCurrentCount()} vectors, expected ${count}; rebuild the index`);
  }
  // hnswlib does not record dimensions: a graph of other vectors only shows as points that differ.
  const first = hnsw.getPoint(0);
  if (first.length !== dimensions || first.some((value, i) => Math.abs(value - vectors[i]) > 1e-3)) {
    throw new IndexError(dir, `${INDEX_FILES.hnsw} does not match ${INDEX_FILES.vectors}; rebuild the index`);
  }
  return hnsw;
}
