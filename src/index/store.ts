// Reads and writes the index files, turning every way they can be wrong into an IndexError.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Passage } from '../domain/article.ts';
import type { Pace } from '../pace.ts';
import { readIndexFile, readVerified, verifyFile, type FileChecksums } from './checksums.ts';
import { PassageVectorFile } from './fileParts.ts';
import { IndexError } from './errors.ts';
import { INDEX_FILES } from './files.ts';
import { parseJsonArray } from './jsonArray.ts';
import type { ArticleLibrary, StoredArticle } from '../domain/article.ts';
import { HeldArticles } from '../corpus/articleTexts.ts';
import { INDEX_SCHEMA_VERSION, type IndexManifest } from './types.ts';
import type { StoredDirectory } from '../entities/people.ts';
import type { AttributedQuotation, MentionedDate } from './archiveStore.ts';
import { ArticleShelf, Catalog, SentenceShelf } from './catalog.ts';
import { graphSegments, isGraphFile } from './graphSegments.ts';
import { manifestWithoutArticles } from './manifestFile.ts';

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
}

/**
 * An index as answering reads it: the articles read from articles.json only when asked for (when the build wrote a
 * catalog of them; else parsed whole), and the tables the lookups read, read when first used.
 */
export interface ServedIndex extends Omit<StoredIndex, 'articles' | 'vectors'> {
  articles: ArticleLibrary;
  /** vectors.f32, checked whole at opening and read by rows when a search scans them. */
  vectors: PassageVectorFile;
  /** Absent in an index built before catalogs: the lookups' tables are then made from the articles. */
  catalog?: StoredCatalog;
  /** Closes the files it reads as answering needs them (vectors, catalog, the manifest's article hashes). */
  close(): void;
}

/** What a build stores beside the articles so that answering need not read them all. */
export interface StoredCatalog {
  /** Every article, in articles.json order: where it lies, how it is cited. */
  articles: Catalog;
  /** Every sentence's vector, read an article at a time. */
  sentences: SentenceShelf;
  /** Every quotation attributed to a person of the directory (read and verified on first call). */
  quotations(): Promise<AttributedQuotation[]>;
  /** Every date mention, articles by publication (oldest first, ties by id), each article's in its order. */
  dates(): Promise<MentionedDate[]>;
  /** Closes articles.json and sentences.f32. */
  close(): void;
}

/** Schema 1 (before checksums) is still read to reuse its vectors in a rebuild, never to answer from; so are 2 and 3. */
const LEGACY_SCHEMA_VERSIONS = [1, 2, 3];
/** The first schema whose manifest records checksums. */
const CHECKSUMS_SCHEMA_VERSION = 2;

const CURRENT_SCHEMA_HEAD = /^\{\s*"schemaVersion":\s*(\d+),/;

/** The schema version and corpus of the index in `dir` when it is an older one a rebuild upgrades (reusing what it holds). */
export async function olderIndex(dir: string): Promise<Pick<IndexManifest, 'schemaVersion' | 'corpus'> | undefined> {
  try {
    const bytes = await readIndexFile(dir, INDEX_FILES.manifest);
    // A build writes the schema version first: a current manifest (megabytes of article hashes) need not be parsed here.
    const head = CURRENT_SCHEMA_HEAD.exec(bytes.toString('utf8', 0, 64));
    if (head && Number(head[1]) === INDEX_SCHEMA_VERSION) return undefined;
    const { schemaVersion, corpus } = JSON.parse(bytes.toString('utf8')) as IndexManifest;
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
 * Reads, verifies and cross-checks the files in `dir`, every article parsed (a build reuses them); any problem is an
 * IndexError naming the file. Files are read off the event loop, and hashed and parsed in slices with `pace` between them.
 */
export async function readStoredIndex(dir: string, pace: Pace, options: ReadStoredIndexOptions = {}): Promise<StoredIndex> {
  const { manifest, bytes, rest } = await readIndexFiles(dir, pace, options, false);
  const articles = await parseArticles(dir, manifest, bytes.get(INDEX_FILES.articles)!, pace);
  const { passages } = rest;
  const dimensions = manifest.model.dimensions;
  const vectorBytes = bytes.get(INDEX_FILES.vectors)!;
  const vectors = toVectors(
    dir,
    INDEX_FILES.vectors,
    vectorBytes,
    passages.length * dimensions,
    `${passages.length} passages × ${dimensions} dims`,
  );
  return { ...rest, articles, vectors };
}

/**
 * The index in `dir` for answering (see ServedIndex): what readStoredIndex reads, but articles.json is only opened
 * when the build wrote a catalog of it. Its records are checked one by one as they are read.
 */
export async function readServedIndex(dir: string, pace: Pace): Promise<ServedIndex> {
  const { manifest, bytes, rest, closeManifest } = await readIndexFiles(dir, pace, {}, true);
  let vectors: PassageVectorFile | undefined;
  try {
    vectors = passageVectors(dir, manifest);
    const served = await servedFrom(dir, manifest, bytes, rest, vectors, pace);
    return {
      ...served,
      close: () => {
        served.vectors.close();
        served.catalog?.close();
        closeManifest();
      },
    };
  } catch (error) {
    vectors?.close();
    closeManifest();
    throw error;
  }
}

/** The vectors.f32 of the index in `dir`, held open for reads by rows (checked against the manifest by readIndexFiles). */
function passageVectors(dir: string, manifest: IndexManifest): PassageVectorFile {
  const { passages } = manifest.counts;
  const { dimensions } = manifest.model;
  const expected = manifest.files[INDEX_FILES.vectors].bytes;
  if (expected !== passages * dimensions * 4) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.vectors} has ${expected} bytes, expected ${passages * dimensions * 4} (${passages} passages × ${dimensions} dims × 4 bytes); rebuild the index`,
    );
  }
  return new PassageVectorFile(dir, passages, dimensions);
}

async function servedFrom(
  dir: string,
  manifest: IndexManifest,
  bytes: Map<string, Buffer>,
  rest: Omit<StoredIndex, 'articles' | 'vectors'>,
  vectors: PassageVectorFile,
  pace: Pace,
): Promise<Omit<ServedIndex, 'close'>> {
  const catalogBytes = bytes.get(INDEX_FILES.catalog);
  if (!catalogBytes) {
    const articles = await parseArticles(dir, manifest, bytes.get(INDEX_FILES.articles)!, pace);
    return { ...rest, vectors, articles: new HeldArticles(articles.map((article) => [article.id, article])) };
  }
  let catalog: Catalog;
  try {
    catalog = new Catalog(catalogBytes, manifest.counts.articles);
  } catch (error) {
    throw new IndexError(dir, `${INDEX_FILES.catalog} ${(error as Error).message}; rebuild the index`);
  }
  shareStrings(rest.passages, catalog);
  const articles = new ArticleShelf(dir, catalog, manifest.files[INDEX_FILES.articles].bytes);
  let sentences: SentenceShelf;
  try {
    const expected = manifest.files[INDEX_FILES.sentenceVectors]?.bytes;
    const counted = manifest.counts.sentences * manifest.model.dimensions * 4;
    if (expected !== counted) {
      throw new IndexError(
        dir,
        `${INDEX_FILES.sentenceVectors} has ${expected} bytes, expected ${counted} (${manifest.counts.sentences} sentences × ${manifest.model.dimensions} dims × 4 bytes); rebuild the index`,
      );
    }
    sentences = new SentenceShelf(dir, catalog, manifest.model.dimensions, expected);
  } catch (error) {
    articles.close();
    throw error;
  }
  const table = <T>(file: string) => {
    let read: Promise<T[]> | undefined;
    return () => (read ??= readVerified(dir, file, manifest.files, pace).then((verified) => parseJsonFile<T[]>(dir, file, verified, pace)));
  };
  return {
    ...rest,
    vectors,
    articles,
    catalog: {
      articles: catalog,
      sentences,
      quotations: table<AttributedQuotation>(INDEX_FILES.quotations),
      dates: table<MentionedDate>(INDEX_FILES.dates),
      close: () => {
        articles.close();
        sentences.close();
      },
    },
  };
}

/**
 * Each passage's article id and day as one string per article and per day, decoded from the catalog: JSON.parse
 * returns them as slices of passages.json's text, which would keep all of it alive. Passages follow their articles'
 * order, the catalog's: one walk over both.
 */
function shareStrings(passages: Passage[], catalog: Catalog): void {
  const days = new Map<string, string>();
  let row = -1;
  let id = '';
  for (const passage of passages) {
    if (passage.articleId !== id) {
      while (++row < catalog.size && catalog.idAt(row) !== passage.articleId);
      if (row === catalog.size) row = catalog.rowOf(passage.articleId);
      if (row < 0) return;
      id = catalog.idAt(row);
    }
    passage.articleId = id;
    let day = days.get(passage.date);
    if (day === undefined) {
      day = Buffer.from(passage.date).toString();
      days.set(day, day);
    }
    passage.date = day;
  }
}

/** Files only answering reads, and only when the build wrote them (an index from before catalogs has none). */
const SERVING_FILES: readonly string[] = [INDEX_FILES.catalog, INDEX_FILES.quotations, INDEX_FILES.dates];
/** Files answering reads by parts or by path: checked whole at opening, a slice at a time, and not held. */
const CHECKED_NOT_HELD = (file: string) => file === INDEX_FILES.vectors || isGraphFile(file);
/** Files an index with a catalog is served from as answering needs them, not read at opening. */
const READ_AS_NEEDED: readonly string[] = [INDEX_FILES.articles, INDEX_FILES.sentenceVectors, INDEX_FILES.quotations, INDEX_FILES.dates];

async function readIndexFiles(
  dir: string,
  pace: Pace,
  options: ReadStoredIndexOptions,
  serving: boolean,
): Promise<{
  manifest: IndexManifest;
  bytes: Map<string, Buffer>;
  rest: Omit<StoredIndex, 'articles' | 'vectors'>;
  closeManifest: () => void;
}> {
  if (!existsSync(dir)) throw new IndexError(dir, 'no index here (build one with `npm run index`)');
  const { manifest, close: closeManifest } = await readManifest(dir, serving);
  try {
    return { ...(await readIndexData(dir, manifest, pace, options, serving)), closeManifest };
  } catch (error) {
    closeManifest();
    throw error;
  }
}

/**
 * manifest.json of the build in `dir`; to answer from, without its articles' hashes (read from the file when asked for,
 * through a descriptor `close` lets go of: see manifestFile.ts).
 */
async function readManifest(dir: string, serving: boolean): Promise<{ manifest: IndexManifest; close: () => void }> {
  const bytes = await readIndexFile(dir, INDEX_FILES.manifest);
  if (serving) {
    try {
      const served = manifestWithoutArticles(dir, bytes);
      if (served) return served;
    } catch {
      // Not JSON once the articles are cut out: parsed whole, JSON.parse's message says where.
    }
  }
  return { manifest: parseJson<IndexManifest>(dir, INDEX_FILES.manifest, bytes), close: () => {} };
}

async function readIndexData(
  dir: string,
  manifest: IndexManifest,
  pace: Pace,
  options: ReadStoredIndexOptions,
  serving: boolean,
): Promise<{ manifest: IndexManifest; bytes: Map<string, Buffer>; rest: Omit<StoredIndex, 'articles' | 'vectors'> }> {
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
  // A served manifest's articles are an object read from the file when asked for (see manifestFile.ts): not read here.
  const articles = Object.getOwnPropertyDescriptor(manifest, 'articles')?.get !== undefined || Boolean(manifest.articles);
  if (!Number.isInteger(dimensions) || dimensions <= 0 || !manifest.counts || !articles || (checksummed && !isChecksums(files))) {
    throw new IndexError(dir, `${INDEX_FILES.manifest} is incomplete (model, counts, articles or files missing); rebuild it`);
  }
  const catalogued = serving && checksummed && Object.hasOwn(files, INDEX_FILES.catalog);
  // Served from a catalog, articles and sentence vectors are read an article at a time (each checked), and the
  // lookups' tables when first used.
  // The saved lexical index is read by its engine, a term at a time, each term checked against its own checksum.
  const wanted = dataFiles(dir, manifest).filter(
    (file) => file !== manifest.lexical?.file && (catalogued ? !READ_AS_NEEDED.includes(file) : !SERVING_FILES.includes(file)),
  );
  // Every file is checked against its checksum before any of it is parsed, the graph included.
  const bytes = new Map<string, Buffer>();
  for (const file of wanted) {
    if (checksummed && (serving || isGraphFile(file)) && CHECKED_NOT_HELD(file)) await verifyFile(dir, file, files, pace);
    else if (!isGraphFile(file)) bytes.set(file, checksummed ? await readVerified(dir, file, files, pace) : await readIndexFile(dir, file));
  }
  const passages = await parseJsonFile<Passage[]>(dir, INDEX_FILES.passages, bytes.get(INDEX_FILES.passages)!, pace);
  if (!Array.isArray(passages) || passages.length !== manifest.counts.passages) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.passages} does not hold the ${manifest.counts.passages} passages the manifest lists; rebuild it`,
    );
  }
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
  return {
    manifest,
    bytes,
    rest: {
      manifest,
      passages,
      ...(sentenceVectors ? { sentenceVectors } : {}),
      ...(people ? { people } : {}),
    },
  };
}

async function parseArticles(dir: string, manifest: IndexManifest, bytes: Buffer, pace: Pace): Promise<StoredArticle[]> {
  const articles = await parseJsonFile<StoredArticle[]>(dir, INDEX_FILES.articles, bytes, pace);
  if (!Array.isArray(articles) || articles.length !== manifest.counts.articles) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.articles} does not hold the ${manifest.counts.articles} articles the manifest lists; rebuild it`,
    );
  }
  return articles;
}

/** The files a build writes besides the manifest and the lexical index, with the schema version that added each. */
const DATA_FILES: { file: string; since: number; optional?: boolean }[] = [
  { file: INDEX_FILES.articles, since: 1 },
  { file: INDEX_FILES.passages, since: 1 },
  { file: INDEX_FILES.vectors, since: 1 },
  { file: INDEX_FILES.sentenceVectors, since: 3 },
  { file: INDEX_FILES.people, since: 4 },
  { file: INDEX_FILES.hnsw, since: 1 },
  // Added within schema 4: an index without them is still read (its articles parsed whole).
  { file: INDEX_FILES.catalog, since: 4, optional: true },
  { file: INDEX_FILES.quotations, since: 4, optional: true },
  { file: INDEX_FILES.dates, since: 4, optional: true },
];

/** The files a build of `manifest`'s schema writes (no `files` yet) or wrote (listed in `files`) besides the manifest. */
function dataFiles(
  dir: string,
  manifest: Pick<IndexManifest, 'lexical' | 'schemaVersion' | 'hnsw' | 'counts'> & { files?: FileChecksums },
): string[] {
  const written = (file: string, optional = false) => !optional || !manifest.files || Object.hasOwn(manifest.files, file);
  return [
    ...DATA_FILES.filter(({ file, since, optional }) => manifest.schemaVersion >= since && written(file, optional)).map(({ file }) => file),
    // Past hnsw.bin, the graphs of the later segments (src/index/graphSegments.ts).
    ...graphSegments(dir, manifest)
      .slice(1)
      .map((segment) => basename(segment.path)),
    ...(manifest.lexical ? [manifest.lexical.file] : []),
  ];
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
