// The article catalog a build writes beside articles.json: where each article's record lies, so opening an index
// parses none of them and answering reads only the articles it quotes.
import { closeSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { ArticleCitation, StoredArticle } from '../domain/article.ts';
import { citationOf } from '../corpus/label.ts';
import { writeFileDurable } from './files.ts';
import { openRegularFile, UnreadableFileError } from './fsGuards.ts';

/** One article of articles.json: where its record lies, its checksum, and what answering reads without opening it. */
export interface CatalogRow {
  id: string;
  /** Publication date, `YYYY-MM-DD`. */
  date: string;
  /** Byte offset and length of the article's JSON in articles.json. */
  offset: number;
  bytes: number;
  /** The record's sha256 (first 16 hex digits), checked each time it is read. */
  sha256: string;
  /** How many sentences it has: its rows in sentences.f32. */
  sentences: number;
  citation: ArticleCitation;
}

/** Characters of JSON written at a time: no string of the whole archive. */
const CHUNK_CHARS = 1 << 20;

/** Writes `articles` to `path` as one JSON array (the bytes `JSON.stringify` gives) and returns where each lies. */
export function writeArticles(path: string, articles: Iterable<StoredArticle>): CatalogRow[] {
  const rows: CatalogRow[] = [];
  function* chunks(): Generator<string> {
    let chunk = '[';
    let offset = 1;
    for (const article of articles) {
      if (rows.length > 0) {
        chunk += ',';
        offset += 1;
      }
      const record = JSON.stringify(article);
      const bytes = Buffer.byteLength(record);
      rows.push({
        id: article.id,
        date: article.date,
        offset,
        bytes,
        sha256: recordHash(record),
        sentences: article.sentences.length,
        citation: citationOf(article),
      });
      chunk += record;
      offset += bytes;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}]`;
  }
  writeFileDurable(path, chunks());
  return rows;
}

function recordHash(record: string | Buffer): string {
  return createHash('sha256').update(record).digest('hex').slice(0, 16);
}

/** A record of articles.json that is not what the build wrote. */
export class ArticleRecordError extends Error {
  override name = 'ArticleRecordError';
}

/** Articles read back recently: a question's answer reads the same few several times. */
const CACHED_ARTICLES = 256;

/**
 * The articles of an index, read from articles.json one record at a time when asked for (each checked against its
 * checksum), the last few kept. The file stays open until `close`, so a rebuild that removes it does not cut reads off.
 */
export class ArticleShelf implements ReadonlyMap<string, StoredArticle> {
  private readonly rows = new Map<string, CatalogRow>();
  private readonly cache = new Map<string, StoredArticle>();
  private fd: number | undefined;

  constructor(
    path: string,
    catalog: readonly CatalogRow[],
    /** The size the manifest records for articles.json. */
    expectedBytes: number,
  ) {
    for (const row of catalog) this.rows.set(row.id, row);
    try {
      const { fd, bytes } = openRegularFile(path, expectedBytes);
      this.fd = fd;
      if (bytes !== expectedBytes) {
        this.close();
        throw new ArticleRecordError(`has ${bytes} bytes, expected ${expectedBytes}`);
      }
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new ArticleRecordError(error.message);
      throw error;
    }
  }

  get size(): number {
    return this.rows.size;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  /** The article, read from the file; an ArticleRecordError when its record is not what the build wrote. */
  get(id: string): StoredArticle | undefined {
    const cached = this.cache.get(id);
    if (cached) {
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached;
    }
    const row = this.rows.get(id);
    if (!row) return undefined;
    const article = this.read(row);
    this.cache.set(id, article);
    if (this.cache.size > CACHED_ARTICLES) this.cache.delete(this.cache.keys().next().value!);
    return article;
  }

  private read(row: CatalogRow): StoredArticle {
    if (this.fd === undefined) throw new ArticleRecordError('is closed');
    const bytes = Buffer.alloc(row.bytes);
    let read = 0;
    while (read < row.bytes) {
      const got = readSync(this.fd, bytes, read, row.bytes - read, row.offset + read);
      if (got === 0) break;
      read += got;
    }
    if (read !== row.bytes || recordHash(bytes) !== row.sha256) throw new ArticleRecordError(`holds a corrupt record for ${row.id}`);
    return JSON.parse(bytes.toString('utf8')) as StoredArticle;
  }

  keys(): MapIterator<string> {
    return this.rows.keys();
  }

  *values(): MapIterator<StoredArticle> {
    for (const id of this.rows.keys()) yield this.get(id)!;
  }

  *entries(): MapIterator<[string, StoredArticle]> {
    for (const id of this.rows.keys()) yield [id, this.get(id)!];
  }

  [Symbol.iterator](): MapIterator<[string, StoredArticle]> {
    return this.entries();
  }

  forEach(callback: (value: StoredArticle, key: string, map: ReadonlyMap<string, StoredArticle>) => void): void {
    for (const [id, article] of this.entries()) callback(article, id, this);
  }

  /** Closes the file; reads after it fail. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
