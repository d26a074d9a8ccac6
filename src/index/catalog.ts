// The article catalog a build writes beside articles.json and sentences.f32: where each article's record and sentence
// vectors lie, so opening an index reads neither file and answering reads only the articles it quotes.
import { closeSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ArticleCitation, StoredArticle } from '../domain/article.ts';
import { citationOf } from '../corpus/label.ts';
import { IndexError } from './errors.ts';
import { INDEX_FILES } from './files.ts';
import { openRegularFile, UnreadableFileError } from './fsGuards.ts';

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
function citationOfRow(row: Pick<CatalogRow, 'id' | 'date' | 'title' | 'label' | 'url'>): ArticleCitation {
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

/** Reads of an index file at chosen offsets, the file kept open until `close` (a rebuild removing it cuts no read off). */
class IndexFileReader {
  private fd: number | undefined;

  constructor(
    private readonly dir: string,
    private readonly file: string,
    expectedBytes: number,
  ) {
    try {
      const { fd, bytes } = openRegularFile(join(dir, file), expectedBytes);
      this.fd = fd;
      if (bytes !== expectedBytes) {
        this.close();
        throw this.problem(`has ${bytes} bytes, expected ${expectedBytes}`);
      }
    } catch (error) {
      if (error instanceof UnreadableFileError) throw this.problem(error.message);
      const { code } = error as NodeJS.ErrnoException;
      if (code) throw this.problem(`cannot be read (${code})`);
      throw error;
    }
  }

  /** The bytes of `span`, checked against its `sha256` (what the catalog records of them). */
  read({ offset, bytes, sha256 }: FileSpan, what: string): Buffer {
    if (this.fd === undefined) throw this.problem('was closed');
    const buffer = Buffer.alloc(bytes);
    let read = 0;
    while (read < bytes) {
      const got = readSync(this.fd, buffer, read, bytes - read, offset + read);
      if (got === 0) break;
      read += got;
    }
    if (read !== bytes || shortHash(buffer) !== sha256) throw this.problem(`is corrupt at ${what}`);
    return buffer;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private problem(what: string): IndexError {
    return new IndexError(this.dir, `${this.file} ${what}; rebuild the index`);
  }
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

/** Where one article's record or sentence vectors lie in their file, and the start of their sha256 (see CatalogRow). */
export interface FileSpan {
  offset: number;
  bytes: number;
  sha256: string;
}

/**
 * The catalog as answering keeps it: columns rather than an object per article (ids and names as strings of their own,
 * each publication day once, spans, sentence counts and checksums in typed arrays), looked up by article id.
 */
export class Catalog {
  private readonly at = new Map<string, number>();
  private readonly ids: string[];
  private readonly dates: string[];
  private readonly names: Pick<CatalogRow, 'title' | 'label' | 'url'>[];
  /** Per article: record offset, record bytes, sentences, index of its first sentence in sentences.f32. */
  private readonly numbers: Float64Array;
  /** Per article: its record's and its vectors' checksums (16 hex digits each), as two 32-bit words each. */
  private readonly checksums: Uint32Array;

  constructor(rows: readonly CatalogRow[]) {
    const days = new Map<string, string>();
    this.ids = new Array<string>(rows.length);
    this.dates = new Array<string>(rows.length);
    this.names = new Array<Pick<CatalogRow, 'title' | 'label' | 'url'>>(rows.length);
    this.numbers = new Float64Array(4 * rows.length);
    this.checksums = new Uint32Array(4 * rows.length);
    let first = 0;
    rows.forEach((row, index) => {
      const id = detached(row.id);
      this.at.set(id, index);
      this.ids[index] = id;
      let day = days.get(row.date);
      if (day === undefined) days.set(row.date, (day = detached(row.date)));
      this.dates[index] = day;
      const { title, label, url } = row;
      this.names[index] =
        title === undefined && label === undefined && url === undefined
          ? NO_NAMES
          : { title: title && detached(title), label: label && detached(label), url: url && detached(url) };
      const at = 4 * index;
      this.numbers[at] = row.offset;
      this.numbers[at + 1] = row.bytes;
      this.numbers[at + 2] = row.sentences;
      this.numbers[at + 3] = first;
      first += row.sentences;
      this.checksums[at] = word(row.sha256, 0);
      this.checksums[at + 1] = word(row.sha256, 8);
      this.checksums[at + 2] = word(row.vectorsSha256, 0);
      this.checksums[at + 3] = word(row.vectorsSha256, 8);
    });
  }

  get size(): number {
    return this.ids.length;
  }

  keys(): MapIterator<string> {
    return this.at.keys();
  }

  has(id: string): boolean {
    return this.at.has(id);
  }

  /** Every article's publication day, in articles.json order. */
  days(): readonly string[] {
    return this.dates;
  }

  /** How each article is cited, in articles.json order. */
  citations(): ArticleCitation[] {
    return this.ids.map((id, index) => citationOfRow({ id, date: this.dates[index], ...this.names[index] }));
  }

  /** Points `passage` at the catalog's copy of its article id and publication day: one copy of each, however many passages. */
  share(passage: { articleId: string; date: string }): void {
    const index = this.at.get(passage.articleId);
    if (index === undefined) return;
    passage.articleId = this.ids[index];
    if (passage.date === this.dates[index]) passage.date = this.dates[index];
  }

  /** Where article `id`'s record lies in articles.json (`undefined` when the catalog does not list it). */
  record(id: string): FileSpan | undefined {
    const index = this.at.get(id);
    if (index === undefined) return undefined;
    return { offset: this.numbers[4 * index], bytes: this.numbers[4 * index + 1], sha256: this.checksum(4 * index) };
  }

  /** Where article `id`'s sentence vectors lie in sentences.f32, `dimensions` floats each, and how many there are. */
  vectors(id: string, dimensions: number): (FileSpan & { sentences: number }) | undefined {
    const index = this.at.get(id);
    if (index === undefined) return undefined;
    const sentences = this.numbers[4 * index + 2];
    return {
      offset: this.numbers[4 * index + 3] * dimensions * 4,
      bytes: sentences * dimensions * 4,
      sha256: this.checksum(4 * index + 2),
      sentences,
    };
  }

  private checksum(at: number): string {
    return hex(this.checksums[at]) + hex(this.checksums[at + 1]);
  }
}

/** 8 of 16 hex digits from `from` as a 32-bit word (malformed ones read as another word: that article reads as corrupt). */
function word(digits: string, from: number): number {
  return parseInt(digits.slice(from, from + 8), 16) >>> 0;
}

function hex(word: number): string {
  return word.toString(16).padStart(8, '0');
}

/**
 * `text` copied (V8 concatenates, then flattens to slice): JSON.parse returns strings cut from the whole file's text,
 * and one kept would keep all of it (catalog.json's strings held this way took twice the memory).
 */
function detached(text: string): string {
  return (text + ' ').slice(0, -1);
}

const NO_NAMES: Pick<CatalogRow, 'title' | 'label' | 'url'> = {};

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
    return this.catalog.has(id);
  }

  get(id: string): StoredArticle | undefined {
    const record = this.catalog.record(id);
    if (!record) return undefined;
    return this.recent.get(id, () => {
      const bytes = this.file.read(record, `the record of ${id}`);
      return JSON.parse(bytes.toString('utf8')) as StoredArticle;
    });
  }

  keys(): MapIterator<string> {
    return this.catalog.keys();
  }

  *values(): MapIterator<StoredArticle> {
    for (const id of this.catalog.keys()) yield this.get(id)!;
  }

  *entries(): MapIterator<[string, StoredArticle]> {
    for (const id of this.catalog.keys()) yield [id, this.get(id)!];
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
    const span = this.catalog.vectors(articleId, this.dimensions);
    if (!span) throw new RangeError(`no sentence vectors for article ${articleId}`);
    return this.recent.get(articleId, () => {
      const bytes = this.file.read(span, `the vectors of ${articleId}`);
      // A fresh buffer of its own: 4-byte aligned.
      return new Float32Array(bytes.buffer, bytes.byteOffset, span.sentences * this.dimensions);
    });
  }

  has(articleId: string): boolean {
    return this.catalog.has(articleId);
  }

  close(): void {
    this.file.close();
  }
}
