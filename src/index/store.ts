// Reads and writes the index files, turning every way they can be wrong into an IndexError.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Passage } from '../domain/article.ts';
import { IndexError } from './errors.ts';
import { INDEX_FILES, writeFileDurable } from './files.ts';
import type { StoredArticle } from '../domain/article.ts';
import { INDEX_SCHEMA_VERSION, type IndexManifest } from './types.ts';

/** Everything in an index folder except the HNSW graph. */
export interface StoredIndex {
  manifest: IndexManifest;
  articles: StoredArticle[];
  passages: Passage[];
  /** `passages.length × manifest.model.dimensions`; row i is passage i's vector. */
  vectors: Float32Array;
}

export function writeStoredIndex(dir: string, index: StoredIndex): void {
  writeFileDurable(join(dir, INDEX_FILES.articles), JSON.stringify(index.articles));
  writeFileDurable(join(dir, INDEX_FILES.passages), JSON.stringify(index.passages));
  const { buffer, byteOffset, byteLength } = index.vectors;
  writeFileDurable(join(dir, INDEX_FILES.vectors), new Uint8Array(buffer, byteOffset, byteLength));
  // Written last: a folder with a manifest is a finished one.
  writeFileDurable(join(dir, INDEX_FILES.manifest), JSON.stringify(index.manifest, null, 2));
}

/** Reads and cross-checks the files in `dir`; any problem is an IndexError naming the file. */
export function readStoredIndex(dir: string): StoredIndex {
  if (!existsSync(dir)) throw new IndexError(dir, 'no index here (build one with `npm run index`)');
  const manifest = readJson<IndexManifest>(dir, INDEX_FILES.manifest);
  if (manifest?.schemaVersion !== INDEX_SCHEMA_VERSION) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.manifest} has schema version ${String(manifest?.schemaVersion)}, this code reads ${INDEX_SCHEMA_VERSION}; rebuild it with \`npm run index\``,
    );
  }
  const dimensions = manifest.model?.dimensions;
  if (!Number.isInteger(dimensions) || dimensions <= 0 || !manifest.counts || !manifest.articles) {
    throw new IndexError(dir, `${INDEX_FILES.manifest} is incomplete (model, counts or articles missing); rebuild it`);
  }
  const articles = readJson<StoredArticle[]>(dir, INDEX_FILES.articles);
  const passages = readJson<Passage[]>(dir, INDEX_FILES.passages);
  if (!Array.isArray(articles) || articles.length !== manifest.counts.articles) {
    throw new IndexError(dir, `${INDEX_FILES.articles} does not hold the ${manifest.counts.articles} articles the manifest lists; rebuild it`);
  }
  if (!Array.isArray(passages) || passages.length !== manifest.counts.passages) {
    throw new IndexError(dir, `${INDEX_FILES.passages} does not hold the ${manifest.counts.passages} passages the manifest lists; rebuild it`);
  }
  const vectors = readVectors(dir, passages.length * dimensions, `${passages.length} passages × ${dimensions} dims`);
  return { manifest, articles, passages, vectors };
}

function readJson<T>(dir: string, file: string): T {
  const path = join(dir, file);
  if (!existsSync(path)) throw new IndexError(dir, `${file} is missing; rebuild the index with \`npm run index\``);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new IndexError(dir, `${file} is not valid JSON (${(error as Error).message}); rebuild the index`);
  }
}

function readVectors(dir: string, floats: number, shape: string): Float32Array {
  const path = join(dir, INDEX_FILES.vectors);
  if (!existsSync(path)) throw new IndexError(dir, `${INDEX_FILES.vectors} is missing; rebuild the index with \`npm run index\``);
  const size = statSync(path).size;
  if (size !== floats * 4) {
    throw new IndexError(dir, `${INDEX_FILES.vectors} has ${size} bytes, expected ${floats * 4} (${shape} × 4 bytes); rebuild the index`);
  }
  const bytes = readFileSync(path);
  const vectors = new Float32Array(floats);
  new Uint8Array(vectors.buffer).set(bytes);
  return vectors;
}
