// Reads and writes the index files, turning every way they can be wrong into an IndexError.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Passage } from '../domain/article.ts';
import type { Pace } from '../pace.ts';
import { checksumFiles, readIndexFile, readVerified, type FileChecksums } from './checksums.ts';
import { IndexError } from './errors.ts';
import { INDEX_FILES, writeFileDurable } from './files.ts';
import { jsonArrayChunks, parseJsonArray } from './jsonArray.ts';
import type { StoredArticle } from '../domain/article.ts';
import { INDEX_SCHEMA_VERSION, type IndexManifest } from './types.ts';
import type { StoredDirectory } from '../entities/people.ts';

/** Everything in an index folder except the HNSW graph and the saved lexical index. */
export interface StoredIndex {
  manifest: IndexManifest;
  articles: StoredArticle[];
  passages: Passage[];
  /** `passages.length × manifest.model.dimensions`; row i is passage i's vector. */
  vectors: Float32Array;
  /** Every sentence's vector, articles in order (see SentenceVectors); absent in an index from before schema 3. */
  sentenceVectors?: Float32Array;
  /** The people directory, built at index time; absent in an index from before schema 4. */
  people?: StoredDirectory;
  /** The saved lexical index's bytes, verified, when the manifest lists one. */
  lexicalBytes?: Uint8Array;
}

/** Schema 1 (before checksums) is still read to reuse its vectors in a rebuild, never to answer from; so are 2 and 3. */
const LEGACY_SCHEMA_VERSIONS = [1, 2, 3];
/** The first schema whose manifest records checksums. */
const CHECKSUMS_SCHEMA_VERSION = 2;

/**
 * Writes the articles, passages and vectors into `dir`, where the build already wrote the graph (and the
 * lexical index), then the manifest with every file's checksum. Returns the manifest as written.
 */
export function writeStoredIndex(
  dir: string,
  index: Omit<StoredIndex, 'lexicalBytes' | 'manifest' | 'sentenceVectors' | 'people'> & {
    manifest: Omit<IndexManifest, 'files'>;
    sentenceVectors: Float32Array;
    people: StoredDirectory;
  },
): IndexManifest {
  writeFileDurable(join(dir, INDEX_FILES.articles), jsonArrayChunks(index.articles));
  writeFileDurable(join(dir, INDEX_FILES.passages), jsonArrayChunks(index.passages));
  writeFileDurable(join(dir, INDEX_FILES.vectors), bytesOf(index.vectors));
  writeFileDurable(join(dir, INDEX_FILES.sentenceVectors), bytesOf(index.sentenceVectors));
  writeFileDurable(join(dir, INDEX_FILES.people), JSON.stringify(index.people));
  const files = checksumFiles(dir, dataFiles(index.manifest));
  const manifest = { ...index.manifest, files };
  // Written last: a folder with a manifest is a finished one.
  writeFileDurable(join(dir, INDEX_FILES.manifest), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** The schema version and corpus of the index in `dir` when it is an older one a rebuild upgrades (reusing what it holds). */
export async function olderIndex(dir: string): Promise<Pick<IndexManifest, 'schemaVersion' | 'corpus'> | undefined> {
  try {
    const { schemaVersion, corpus } = JSON.parse((await readIndexFile(dir, INDEX_FILES.manifest)).toString('utf8')) as IndexManifest;
    return LEGACY_SCHEMA_VERSIONS.includes(schemaVersion) && typeof corpus === 'string' ? { schemaVersion, corpus } : undefined;
  } catch {
    // Unreadable: loading it says what is wrong.
    return undefined;
  }
}

export interface ReadStoredIndexOptions {
  /** Also read an index of an older schema (a rebuild reuses what it has): schema 1 has no checksums, 2 no sentence vectors. */
  legacy?: boolean;
}

/**
 * Reads, verifies and cross-checks the files in `dir`; any problem is an IndexError naming the file. Files are
 * read off the event loop, and hashed and parsed in slices with `pace` between them.
 */
export async function readStoredIndex(dir: string, pace: Pace, options: ReadStoredIndexOptions = {}): Promise<StoredIndex> {
  if (!existsSync(dir)) throw new IndexError(dir, 'no index here (build one with `npm run index`)');
  const manifest = parseJson<IndexManifest>(dir, INDEX_FILES.manifest, await readIndexFile(dir, INDEX_FILES.manifest));
  const legacy = options.legacy === true && LEGACY_SCHEMA_VERSIONS.includes(manifest?.schemaVersion);
  if (manifest?.schemaVersion !== INDEX_SCHEMA_VERSION && !legacy) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.manifest} has schema version ${describeValue(manifest?.schemaVersion)}, this code reads ${INDEX_SCHEMA_VERSION}; rebuild it with \`npm run index\``,
    );
  }
  const dimensions = manifest.model?.dimensions;
  const files = manifest.files;
  const checksummed = manifest.schemaVersion >= CHECKSUMS_SCHEMA_VERSION;
  if (!Number.isInteger(dimensions) || dimensions <= 0 || !manifest.counts || !manifest.articles || (checksummed && !isChecksums(files))) {
    throw new IndexError(dir, `${INDEX_FILES.manifest} is incomplete (model, counts, articles or files missing); rebuild it`);
  }
  // Every file is checked against its checksum before any of it is parsed, the graph included.
  const bytes = new Map<string, Buffer>();
  for (const file of dataFiles(manifest)) {
    bytes.set(file, checksummed ? await readVerified(dir, file, files, pace) : await readIndexFile(dir, file));
  }
  const articles = await parseJsonFile<StoredArticle[]>(dir, INDEX_FILES.articles, bytes.get(INDEX_FILES.articles)!, pace);
  const passages = await parseJsonFile<Passage[]>(dir, INDEX_FILES.passages, bytes.get(INDEX_FILES.passages)!, pace);
  if (!Array.isArray(articles) || articles.length !== manifest.counts.articles) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.articles} does not hold the ${manifest.counts.articles} articles the manifest lists; rebuild it`,
    );
  }
  if (!Array.isArray(passages) || passages.length !== manifest.counts.passages) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.passages} does not hold the ${manifest.counts.passages} passages the manifest lists; rebuild it`,
    );
  }
  const vectors = toVectors(
    dir,
    INDEX_FILES.vectors,
    bytes.get(INDEX_FILES.vectors)!,
    passages.length * dimensions,
    `${passages.length} passages × ${dimensions} dims`,
  );
  const sentenceBytes = bytes.get(INDEX_FILES.sentenceVectors);
  const sentences = manifest.counts.sentences;
  const sentenceVectors =
    sentenceBytes &&
    toVectors(dir, INDEX_FILES.sentenceVectors, sentenceBytes, sentences * dimensions, `${sentences} sentences × ${dimensions} dims`);
  const peopleBytes = bytes.get(INDEX_FILES.people);
  const people = peopleBytes && parseJson<StoredDirectory>(dir, INDEX_FILES.people, peopleBytes);
  if (people && (!Array.isArray(people.people) || !Array.isArray(people.aliases))) {
    throw new IndexError(dir, `${INDEX_FILES.people} does not hold a people directory; rebuild the index`);
  }
  const lexical = manifest.lexical && bytes.get(manifest.lexical.file);
  return {
    manifest,
    articles,
    passages,
    vectors,
    ...(sentenceVectors ? { sentenceVectors } : {}),
    ...(people ? { people } : {}),
    ...(lexical ? { lexicalBytes: lexical } : {}),
  };
}

/** The files a build writes besides the manifest and the lexical index, with the schema version that added each. */
const DATA_FILES: { file: string; since: number }[] = [
  { file: INDEX_FILES.articles, since: 1 },
  { file: INDEX_FILES.passages, since: 1 },
  { file: INDEX_FILES.vectors, since: 1 },
  { file: INDEX_FILES.sentenceVectors, since: 3 },
  { file: INDEX_FILES.people, since: 4 },
  { file: INDEX_FILES.hnsw, since: 1 },
];

/** The files a build of `manifest`'s schema writes besides the manifest. */
function dataFiles(manifest: Pick<IndexManifest, 'lexical' | 'schemaVersion'>): string[] {
  return [
    ...DATA_FILES.filter(({ since }) => manifest.schemaVersion >= since).map(({ file }) => file),
    ...(manifest.lexical ? [manifest.lexical.file] : []),
  ];
}

function bytesOf(vectors: Float32Array): Uint8Array {
  return new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
}

function isChecksums(files: unknown): files is FileChecksums {
  return typeof files === 'object' && files !== null && !Array.isArray(files);
}

function parseJson<T>(dir: string, file: string, bytes: Buffer): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (error) {
    throw invalidJson(dir, file, error);
  }
}

async function parseJsonFile<T>(dir: string, file: string, bytes: Buffer, pace: Pace): Promise<T> {
  try {
    return (await parseJsonArray(bytes, pace)) as T;
  } catch (error) {
    throw invalidJson(dir, file, error);
  }
}

function invalidJson(dir: string, file: string, error: unknown): IndexError {
  return new IndexError(dir, `${file} is not valid JSON (${(error as Error).message}); rebuild the index`);
}

function toVectors(dir: string, file: string, bytes: Buffer, floats: number, shape: string): Float32Array {
  if (bytes.length !== floats * 4) {
    throw new IndexError(dir, `${file} has ${bytes.length} bytes, expected ${floats * 4} (${shape} × 4 bytes); rebuild the index`);
  }
  // The file's own memory when it is 4-byte aligned (a large read is a fresh ArrayBuffer): no second copy at load.
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, floats);
  const vectors = new Float32Array(floats);
  new Uint8Array(vectors.buffer).set(bytes);
  return vectors;
}

/** A manifest's value as a reader can tell it apart: `4`, `"4" (a string)`, `undefined`. */
function describeValue(value: unknown): string {
  return typeof value === 'string' ? `${JSON.stringify(value)} (a string)` : String(value);
}
