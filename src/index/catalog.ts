// The article catalog a build writes beside articles.json and sentences.f32 (catalog.bin): where each article's record and
// sentence vectors lie and how it is cited, so opening an index reads neither file, parses no row, and answering reads
// only the articles it quotes.
import { createHash, hash } from 'node:crypto';
import type { ArticleCitation, ArticleLibrary, StoredArticle } from '../domain/article.ts';
import { citationOf } from '../corpus/label.ts';
import { INDEX_FILES } from './files.ts';
import { IndexFileReader } from './fileParts.ts';
import { closingQuote } from './jsonArray.ts';
import { RecentlyUsed } from './recentlyUsed.ts';
import type { AppendedFile } from './files.ts';

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

/**
 * `bytes` bytes of `file` at `offset`, checked against `sha256` (the short hash the catalog records of them), read into
 * `into` (a fresh buffer when absent).
 */
function readChecked(file: IndexFileReader, offset: number, bytes: number, sha256: Uint8Array, what: string, into?: Buffer): Buffer {
  const read = file.read(offset, into ? into.subarray(0, bytes) : Buffer.alloc(bytes), what);
  if (!startsWithBytes(hash('sha256', read, 'binary'), sha256)) throw file.corruptAt(what);
  return read;
}

/**
 * Whether `digest` (a hash's bytes as 'binary', i.e. latin1: one character a byte) starts with `bytes`. A digest as a Buffer would be
 * an ArrayBuffer of its own per read, each one more for a young-generation collection to sweep.
 */
function startsWithBytes(digest: string, bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length; at++) if (digest.charCodeAt(at) !== bytes[at]) return false;
  return true;
}

/** What a catalog file starts with: its format (a catalog of another layout is refused). Its row count (u32) ends it. */
const CATALOG_MAGIC = Buffer.from('QACATLG1');
/** A row's fixed part: its length (u32), record offset (f64) and bytes (u32), sentences (u32), two short hashes, flags. */
const ROW_FIXED_BYTES = 4 + 8 + 4 + 4 + 8 + 8 + 1;
/** Flags: the row stores no label, its label is its title. */
const LABEL_IS_TITLE = 1;
/** The strings of a row, in order, each a u32 byte length and its UTF-8: id, date, title, label (unless LABEL_IS_TITLE), url. */
const STRINGS = 5;

/**
 * catalog.bin as a build writes it, a row at a time as each article is written: the magic, per article its fixed
 * fields and its strings, then the row count.
 */
export class CatalogWriter {
  private rows = 0;

  constructor(private readonly file: AppendedFile) {
    file.append(CATALOG_MAGIC);
  }

  push(row: CatalogRow): void {
    const labelIsTitle = row.label === undefined;
    const strings = [row.id, row.date, row.title ?? '', labelIsTitle ? '' : row.label!, row.url ?? ''].map((text) => Buffer.from(text));
    const bytes = Buffer.alloc(ROW_FIXED_BYTES + strings.reduce((sum, text) => sum + 4 + text.length, 0));
    let at = bytes.writeUInt32LE(bytes.length, 0);
    at = bytes.writeDoubleLE(row.offset, at);
    at = bytes.writeUInt32LE(row.bytes, at);
    at = bytes.writeUInt32LE(row.sentences, at);
    at += bytes.write(row.sha256, at, 'hex');
    at += bytes.write(row.vectorsSha256, at, 'hex');
    at = bytes.writeUInt8(labelIsTitle ? LABEL_IS_TITLE : 0, at);
    for (const text of strings) {
      at = bytes.writeUInt32LE(text.length, at);
      at += text.copy(bytes, at);
    }
    this.file.append(bytes);
    this.rows++;
  }

  /** Ends the file with its row count and closes it; returns its size and sha256. */
  close(): { bytes: number; sha256: string } {
    const count = Buffer.alloc(4);
    count.writeUInt32LE(this.rows);
    this.file.append(count);
    return this.file.close();
  }
}

/**
 * catalog.bin as answering reads it: the file's bytes (checked against the manifest at opening), where each row starts,
 * and an id → row table; each field decoded when asked for. No object per article.
 */
export class Catalog {
  /** Per row, where it starts in the file. */
  private readonly starts: Float64Array;
  /** Per row, the index in sentences.f32 of its article's first sentence. */
  private readonly firstSentences: Float64Array;
  /** Open addressing over the ids' UTF-8 bytes: row + 1 at the first free slot from the id's hash (0: free). */
  private readonly slots: Uint32Array;
  /** Where `rowOf` writes the id it looks for. */
  private key = Buffer.alloc(64);

  /** Reads the rows of `bytes`; throws Error (to be said of the file) when they are not `rows` rows of a catalog. */
  constructor(
    private readonly bytes: Buffer,
    rows: number,
  ) {
    if (bytes.length < CATALOG_MAGIC.length + 4 || !bytes.subarray(0, CATALOG_MAGIC.length).equals(CATALOG_MAGIC)) {
      throw new Error('is not a catalog this code reads');
    }
    const end = bytes.length - 4;
    if (bytes.readUInt32LE(end) !== rows) throw new Error(`does not list the ${rows} articles the manifest lists`);
    this.starts = new Float64Array(rows);
    this.firstSentences = new Float64Array(rows);
    this.slots = new Uint32Array(2 ** Math.ceil(Math.log2(rows * 2 + 2)));
    let at = CATALOG_MAGIC.length;
    let first = 0;
    for (let row = 0; row < rows; row++) {
      const length = at + ROW_FIXED_BYTES <= end ? bytes.readUInt32LE(at) : 0;
      if (length < ROW_FIXED_BYTES + 4 * STRINGS || at + length > end) throw new Error(`is malformed at its row ${row}`);
      this.starts[row] = at;
      this.firstSentences[row] = first;
      first += bytes.readUInt32LE(at + 16);
      const [idStart, idEnd] = this.span(row, 0);
      if (idEnd > at + length) throw new Error(`is malformed at its row ${row}`);
      this.slots[this.freeSlot(idStart, idEnd)] = row + 1;
      at += length;
    }
    if (at !== end) throw new Error('holds more than its rows');
  }

  get size(): number {
    return this.starts.length;
  }

  /** The row of article `id`, or -1. */
  rowOf(id: string): number {
    // The id's UTF-8 in a buffer kept for it (answering looks up an id for every sentence it scores).
    if (this.key.length < id.length * 3) this.key = Buffer.alloc(id.length * 3);
    const length = this.key.write(id);
    const mask = this.slots.length - 1;
    for (let slot = hashOf(this.key, 0, length) & mask; this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const start = this.fieldStart(this.slots[slot] - 1, 0);
      if (compareBytes(this.bytes, start, start + this.bytes.readUInt32LE(start - 4), this.key, 0, length) === 0)
        return this.slots[slot] - 1;
    }
    return -1;
  }

  idAt(row: number): string {
    return this.text(row, 0);
  }

  dateAt(row: number): string {
    return this.text(row, 1);
  }

  /** How the article of `row` is cited. */
  citationAt(row: number): ArticleCitation {
    const title = this.text(row, 2);
    const url = this.text(row, 4);
    const labelIsTitle = (this.bytes[this.starts[row] + ROW_FIXED_BYTES - 1] & LABEL_IS_TITLE) !== 0;
    return {
      article: this.idAt(row),
      date: this.dateAt(row),
      ...(title ? { title } : {}),
      label: labelIsTitle ? title : this.text(row, 3),
      ...(url ? { url } : {}),
    };
  }

  /** Where the record of `row` lies in articles.json, and its short sha256. */
  recordAt(row: number): { offset: number; bytes: number; sha256: Buffer } {
    const at = this.starts[row];
    return {
      offset: this.bytes.readDoubleLE(at + 4),
      bytes: this.bytes.readUInt32LE(at + 12),
      sha256: this.bytes.subarray(at + 20, at + 28),
    };
  }

  /** Which rows of sentences.f32 hold the sentence vectors of `row`'s article, and their short sha256. */
  sentencesAt(row: number): { first: number; count: number; sha256: Buffer } {
    const at = this.starts[row];
    return { first: this.firstSentences[row], count: this.bytes.readUInt32LE(at + 16), sha256: this.bytes.subarray(at + 28, at + 36) };
  }

  /** The first and last day of publication ('' for no articles), found without decoding every date. */
  publishedRange(): { from: string; to: string } {
    if (this.size === 0) return { from: '', to: '' };
    let [oldest, newest] = [0, 0];
    for (let row = 1; row < this.size; row++) {
      if (this.compareDates(row, oldest) < 0) oldest = row;
      if (this.compareDates(row, newest) > 0) newest = row;
    }
    return { from: this.dateAt(oldest), to: this.dateAt(newest) };
  }

  private compareDates(a: number, b: number): number {
    const [aStart, aEnd] = this.span(a, 1);
    const [bStart, bEnd] = this.span(b, 1);
    return compareBytes(this.bytes, aStart, aEnd, this.bytes, bStart, bEnd);
  }

  private text(row: number, field: number): string {
    const [start, end] = this.span(row, field);
    return this.bytes.toString('utf8', start, end);
  }

  /** Where string `field` of `row` lies in the file: [start, end). */
  private span(row: number, field: number): [number, number] {
    const start = this.fieldStart(row, field);
    return [start, start + this.bytes.readUInt32LE(start - 4)];
  }

  /** Where string `field` of `row` starts in the file (its byte length is the u32 before it). */
  private fieldStart(row: number, field: number): number {
    let at = this.starts[row] + ROW_FIXED_BYTES;
    for (let skipped = 0; skipped < field; skipped++) at += 4 + this.bytes.readUInt32LE(at);
    return at + 4;
  }

  private freeSlot(start: number, end: number): number {
    const mask = this.slots.length - 1;
    let slot = hashOf(this.bytes, start, end) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }
}

/** `a[aStart, aEnd)` against `b[bStart, bEnd)`, byte by byte (Buffer.compare checks its arguments: slow on ids). */
function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  for (; aStart < aEnd && bStart < bEnd; aStart++, bStart++) if (a[aStart] !== b[bStart]) return a[aStart] - b[bStart];
  return aEnd - aStart - (bEnd - bStart);
}

/** FNV-1a over `bytes[start, end)`. */
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

/**
 * The articles of an index, read from articles.json one record at a time when asked for, each checked against its
 * checksum (an IndexError when it is not what the build wrote). Nothing is kept: over the bench's 1,000 Reuters
 * questions 4 % of the articles read had been read in the 256 reads before, and keeping them made most of what
 * answering carried into the old generation.
 */
export class ArticleShelf implements ArticleLibrary {
  /** Where a record is read: one buffer, grown to the longest read so far (what is decoded from it is a copy). */
  private scratch = Buffer.alloc(0);
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
    return this.catalog.rowOf(id) >= 0;
  }

  get(id: string): StoredArticle | undefined {
    const row = this.catalog.rowOf(id);
    if (row < 0) return undefined;
    return JSON.parse(this.record(row, id).toString('utf8')) as StoredArticle;
  }

  /**
   * Article `id`'s text: its record read and checked as `get` reads it, but only the text decoded (the phrase check
   * reads up to 200 passages a question; parsing their articles' sentences and mentions was most of what answering
   * allocated).
   */
  textOf(id: string): string | undefined {
    const row = this.catalog.rowOf(id);
    if (row < 0) return undefined;
    const text = recordText(this.record(row, id));
    if (text === undefined) throw this.file.corruptAt(`the record of ${id}`);
    return text;
  }

  /** The record of `row` (article `id`), checked, in the scratch buffer until the next read. */
  private record(row: number, id: string): Buffer {
    const { offset, bytes, sha256 } = this.catalog.recordAt(row);
    if (this.scratch.length < bytes) this.scratch = Buffer.alloc(Math.max(bytes, 2 * this.scratch.length));
    return readChecked(this.file, offset, bytes, sha256, `the record of ${id}`, this.scratch);
  }

  *keys(): MapIterator<string> {
    for (let row = 0; row < this.catalog.size; row++) yield this.catalog.idAt(row);
  }

  *values(): MapIterator<StoredArticle> {
    for (const id of this.keys()) yield this.get(id)!;
  }

  *entries(): MapIterator<[string, StoredArticle]> {
    for (const id of this.keys()) yield [id, this.get(id)!];
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const TEXT_KEY = Buffer.from('"text":');

/**
 * The `text` of an article record (`JSON.stringify` of a StoredArticle: no white space between tokens), decoded
 * without parsing the rest of it; undefined when the record is not an object with a string `text`.
 */
export function recordText(record: Buffer): string | undefined {
  if (record[0] !== 0x7b) return undefined;
  let at = 1;
  while (record[at] === QUOTE) {
    if (at + TEXT_KEY.length <= record.length && record.compare(TEXT_KEY, 0, TEXT_KEY.length, at, at + TEXT_KEY.length) === 0) {
      const start = at + TEXT_KEY.length;
      if (record[start] !== QUOTE) return undefined;
      const end = closingQuote(record, start);
      if (end === record.length) return undefined;
      return record.subarray(start, end).includes(BACKSLASH)
        ? (JSON.parse(record.toString('utf8', start, end + 1)) as string)
        : record.toString('utf8', start + 1, end);
    }
    const keyEnd = stringEnd(record, at);
    if (keyEnd < 0 || record[keyEnd] !== 0x3a) return undefined;
    at = valueEnd(record, keyEnd + 1);
    if (at < 0 || record[at] !== 0x2c) return undefined;
    at++;
  }
  return undefined;
}

/** Just past the JSON string whose opening quote is at `start`, or -1. */
function stringEnd(record: Buffer, start: number): number {
  const end = closingQuote(record, start);
  return end === record.length ? -1 : end + 1;
}

/** Just past the JSON value (compact) starting at `start`, or -1. */
function valueEnd(record: Buffer, start: number): number {
  if (record[start] === QUOTE) return stringEnd(record, start);
  let depth = 0;
  for (let at = start; at < record.length; at++) {
    const byte = record[at];
    if (byte === QUOTE) {
      at = stringEnd(record, at) - 1;
      if (at < 0) return -1;
    } else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      if (depth === 0) return at;
      if (--depth === 0) return at + 1;
    } else if (byte === 0x2c && depth === 0) return at;
  }
  return -1;
}

/** Every sentence's vector (see SentenceVectors), read from sentences.f32 an article's rows at a time, each checked. */
export class SentenceShelf {
  private readonly recent = new RecentlyUsed<string, Float32Array>(1_024);
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
    const row = this.catalog.rowOf(articleId);
    if (row < 0) throw new RangeError(`no sentence vectors for article ${articleId}`);
    return this.recent.read(articleId, () => {
      const { first, count, sha256 } = this.catalog.sentencesAt(row);
      const bytes = readChecked(this.file, first * this.dimensions * 4, count * this.dimensions * 4, sha256, `the vectors of ${articleId}`);
      // A fresh buffer of its own: 4-byte aligned.
      return new Float32Array(bytes.buffer, bytes.byteOffset, count * this.dimensions);
    });
  }

  has(articleId: string): boolean {
    return this.catalog.rowOf(articleId) >= 0;
  }

  close(): void {
    this.file.close();
  }
}
