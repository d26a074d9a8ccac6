// The article catalog a build writes beside articles.json and sentences.f32: where each article's record and sentence
// vectors lie, so opening an index reads neither file and answering reads only the articles it quotes.
import { createHash } from 'node:crypto';
import type { ArticleCitation, StoredArticle } from '../domain/article.ts';
import { citationOf } from '../corpus/label.ts';
import { INDEX_FILES } from './files.ts';
import { IndexFileReader } from './fileParts.ts';

/** One article of articles.json: where its record and vectors lie, their checksums, and how it is cited. */
export interface CatalogRow {
  id: string;
  /** Publication date, `YYYY-MM-DD`. */
  date: string;
  /** Byte offset and length of the article's JSON in articles.json. */
  offset: number;
  bytes: number;
  /** The record's sha256 (first 16 hex digits), checked each time it is read. */
  sha256: string;
  /** How many sentences it has: its rows in sentences.f32, which follow the previous articles' rows. */
  sentences: number;
  /** The sha256 (first 16 hex digits) of those rows' bytes. */
  vectorsSha256: string;
  title?: string;
  /** How a reply names it, when that is not its title (see corpus/label.ts). */
  label?: string;
  url?: string;
}

/** How the article of `row` is cited. */
export function citationOfRow(row: CatalogRow): ArticleCitation {
  return {
    article: row.id,
    date: row.date,
    ...(row.title ? { title: row.title } : {}),
    label: row.label ?? row.title ?? '',
    ...(row.url ? { url: row.url } : {}),
  };
}

/**
 * The row of `article`, whose record (`JSON.stringify(article)`, `record.json`) lies at `record.offset` in articles.json
 * and whose sentence vectors are `vectors` (its rows of sentences.f32).
 */
export function catalogRowOf(
  article: StoredArticle,
  record: { offset: number; bytes: number; json: string },
  vectors: Float32Array,
): CatalogRow {
  const { title, label, url } = citationOf(article);
  return {
    id: article.id,
    date: article.date,
    offset: record.offset,
    bytes: record.bytes,
    sha256: shortHash(record.json),
    sentences: article.sentences.length,
    vectorsSha256: shortHash(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength)),
    ...(title ? { title } : {}),
    ...(label !== title ? { label } : {}),
    ...(url ? { url } : {}),
  };
}

function shortHash(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** `bytes` bytes of `file` at `offset`, checked against `sha256` (what the catalog records of them). */
function readChecked(file: IndexFileReader, offset: number, bytes: number, sha256: string, what: string): Uint8Array {
  const read = file.read(offset, new Uint8Array(bytes), what);
  if (shortHash(read) !== sha256) throw file.corruptAt(what);
  return read;
}

/** Items read back recently, the least recently used dropped past `limit`: an answer reads the same few several times. */
class RecentlyRead<T> {
  private readonly items = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(key: string, read: () => T): T {
    const found = this.items.get(key);
    if (found !== undefined) {
      this.items.delete(key);
      this.items.set(key, found);
      return found;
    }
    const item = read();
    this.items.set(key, item);
    if (this.items.size > this.limit) this.items.delete(this.items.keys().next().value!);
    return item;
  }
}

/**
 * The catalog's rows as answering looks them up: by article id, with where each article's rows of sentences.f32 begin.
 * One look-up table for the articles and their sentence vectors, and each publication day held once, not per article.
 */
export class Catalog {
  private readonly at = new Map<string, number>();
  /** Per row, the index of its article's first sentence in sentences.f32. */
  private readonly firstSentences: Float64Array;

  constructor(readonly rows: readonly CatalogRow[]) {
    this.firstSentences = new Float64Array(rows.length);
    const days = new Map<string, string>();
    let first = 0;
    rows.forEach((row, index) => {
      this.at.set(row.id, index);
      this.firstSentences[index] = first;
      first += row.sentences;
      const day = days.get(row.date);
      if (day === undefined) days.set(row.date, row.date);
      else row.date = day;
    });
  }

  get size(): number {
    return this.rows.length;
  }

  ids(): MapIterator<string> {
    return this.at.keys();
  }

  row(id: string): CatalogRow | undefined {
    const index = this.at.get(id);
    return index === undefined ? undefined : this.rows[index];
  }

  /** The index in sentences.f32 of the first sentence of article `id` (which the catalog lists). */
  firstSentenceOf(id: string): number {
    return this.firstSentences[this.at.get(id)!];
  }
}

/**
 * The articles of an index, read from articles.json one record at a time when asked for, each checked against its
 * checksum (an IndexError when it is not what the build wrote).
 */
export class ArticleShelf implements ReadonlyMap<string, StoredArticle> {
  private readonly recent = new RecentlyRead<StoredArticle>(256);
  private readonly file: IndexFileReader;

  constructor(
    dir: string,
    private readonly catalog: Catalog,
    expectedBytes: number,
  ) {
    this.file = new IndexFileReader(dir, INDEX_FILES.articles, expectedBytes);
  }

  get size(): number {
    return this.catalog.size;
  }

  has(id: string): boolean {
    return this.catalog.row(id) !== undefined;
  }

  get(id: string): StoredArticle | undefined {
    const row = this.catalog.row(id);
    if (!row) return undefined;
    return this.recent.get(id, () => {
      const bytes = readChecked(this.file, row.offset, row.bytes, row.sha256, `the record of ${id}`);
      return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')) as StoredArticle;
    });
  }

  keys(): MapIterator<string> {
    return this.catalog.ids();
  }

  *values(): MapIterator<StoredArticle> {
    for (const id of this.catalog.ids()) yield this.get(id)!;
  }

  *entries(): MapIterator<[string, StoredArticle]> {
    for (const id of this.catalog.ids()) yield [id, this.get(id)!];
  }

  [Symbol.iterator](): MapIterator<[string, StoredArticle]> {
    return this.entries();
  }

  forEach(callback: (value: StoredArticle, key: string, map: ReadonlyMap<string, StoredArticle>) => void): void {
    for (const [id, article] of this.entries()) callback(article, id, this);
  }

  close(): void {
    this.file.close();
  }
}

/** Every sentence's vector (see SentenceVectors), read from sentences.f32 an article's rows at a time, each checked. */
export class SentenceShelf {
  private readonly recent = new RecentlyRead<Float32Array>(1_024);
  private readonly file: IndexFileReader;

  constructor(
    dir: string,
    private readonly catalog: Catalog,
    private readonly dimensions: number,
    expectedBytes: number,
  ) {
    this.file = new IndexFileReader(dir, INDEX_FILES.sentenceVectors, expectedBytes);
  }

  /** The unit vector of sentence `index` of article `articleId` (a view, not a copy). */
  of(articleId: string, index: number): Float32Array {
    return this.rowsOf(articleId).subarray(index * this.dimensions, (index + 1) * this.dimensions);
  }

  /** All of article `articleId`'s rows, its sentences in order. */
  rowsOf(articleId: string): Float32Array {
    const row = this.catalog.row(articleId);
    if (!row) throw new RangeError(`no sentence vectors for article ${articleId}`);
    return this.recent.get(articleId, () => {
      const bytes = readChecked(
        this.file,
        this.catalog.firstSentenceOf(articleId) * this.dimensions * 4,
        row.sentences * this.dimensions * 4,
        row.vectorsSha256,
        `the vectors of ${articleId}`,
      );
      // A fresh buffer of its own: 4-byte aligned.
      return new Float32Array(bytes.buffer, bytes.byteOffset, row.sentences * this.dimensions);
    });
  }

  has(articleId: string): boolean {
    return this.catalog.row(articleId) !== undefined;
  }

  close(): void {
    this.file.close();
  }
}
