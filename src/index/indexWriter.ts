// Writes an index folder as the build produces it, batch of articles after batch: articles, catalog rows, sentence
// vectors, passages and their vectors go to their files at once; what the rest of the build needs of the whole archive
// is kept, compact.
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readAt } from '../readAt.ts';
import { NumberColumn } from '../columns.ts';
import type { StoredArticle } from '../domain/article.ts';
import { dayNumber } from '../entities/days.ts';
import type { Person } from '../entities/people.ts';
import type { AttributedQuotation } from './archiveStore.ts';
import { isAttributable } from './attribution.ts';
import { catalogRowOf, CatalogWriter } from './catalog.ts';
import { checksumFiles, type FileChecksums } from './checksums.ts';
import { AppendedFile, INDEX_FILES, writeFileDurable } from './files.ts';
import { appendJsonArray, JsonArrayWriter, writeJsonArray } from './jsonArray.ts';
import type { IndexManifest } from './types.ts';

/** What the people directory, the quotation table and the date table read of an article: no text, no sentences. */
export type ArticleEntitiesRow = Pick<StoredArticle, 'id' | 'date' | 'entities'>;

/** A batch of a build as the writer takes it: its articles, passages and vectors, in corpus order. */
export interface DerivedBatch {
  stored: readonly StoredArticle[];
  passages: readonly unknown[];
  /** The batch's passages' vectors, `dimensions` floats each. */
  vectors: Float32Array;
  /** The batch's sentences' vectors, articles in order. */
  sentenceVectors: Float32Array;
  /** Each of the batch's articles' hash and passage count, by id (the manifest's `articles`). */
  hashes: IndexManifest['articles'];
}

/** Files written from the entities rows once every batch is in. */
export interface ArchiveTables {
  /** The people directory as `people.json` stores it (`StoredDirectory`), read a person at a time. */
  people: { people: Iterable<Person>; aliases: Iterable<[string, number[]]> };
  quotations: Iterable<AttributedQuotation>;
}

/** A file of the build folder while it is written: each article's date mentions, removed before the folder is sealed. */
const DATES_BY_ARTICLE = 'dates.by-article.part';
/** Likewise: each article's entities row (ArticleEntitiesRow), a JSON line each, read back for the people directory. */
const ENTITIES_BY_ARTICLE = 'entities.by-article.part';
/** Likewise: each article's id, hash and passage count, a JSON line each (`[id, hash, passages]`), for the manifest. */
const HASHES_BY_ARTICLE = 'hashes.by-article.part';

export class IndexWriter {
  private readonly articles: JsonArrayWriter;
  private readonly sentences: AppendedFile;
  private readonly passages: JsonArrayWriter;
  private readonly catalog: CatalogWriter;
  /** Each article's publication date as a number (YYYYMMDD), in corpus order (id order): what dates.json is ordered by. */
  private readonly days = new NumberColumn(Uint32Array);
  /** Each article's entities row, a JSON line each, in corpus order. */
  private readonly entities: AppendedFile;
  private entitiesClosed = false;
  /** Each article's date mentions as elements of dates.json, in corpus order; put in publication order at the end. */
  private readonly datesByArticle: AppendedFile;
  /** How many bytes each article's elements take in `datesByArticle` (they start where the article before's end). */
  private readonly dateBytes = new NumberColumn(Uint32Array);
  private readonly vectors: AppendedFile;
  private readonly hashes: AppendedFile;
  /** The manifest's entries for ids that are array indexes ("42"): JSON lists those first, in numeric order. */
  private readonly indexedHashes: [id: string, entry: IndexManifest['articles'][string]][] = [];
  private readonly sums: FileChecksums = {};

  constructor(
    readonly dir: string,
    private readonly dimensions: number,
  ) {
    this.articles = new JsonArrayWriter(new AppendedFile(join(dir, INDEX_FILES.articles)));
    this.sentences = new AppendedFile(join(dir, INDEX_FILES.sentenceVectors));
    this.passages = new JsonArrayWriter(new AppendedFile(join(dir, INDEX_FILES.passages)));
    this.catalog = new CatalogWriter(new AppendedFile(join(dir, INDEX_FILES.catalog)));
    this.datesByArticle = new AppendedFile(join(dir, DATES_BY_ARTICLE));
    this.entities = new AppendedFile(join(dir, ENTITIES_BY_ARTICLE));
    this.vectors = new AppendedFile(join(dir, INDEX_FILES.vectors));
    this.hashes = new AppendedFile(join(dir, HASHES_BY_ARTICLE));
  }

  /** Writes `batch`'s articles, their catalog rows, sentence vectors, passages and passage vectors, and spills its entities. */
  add(batch: DerivedBatch): void {
    let row = 0;
    for (const article of batch.stored) {
      const vectors = batch.sentenceVectors.subarray(row * this.dimensions, (row += article.sentences.length) * this.dimensions);
      this.catalog.push(catalogRowOf(article, this.articles.push(article), vectors));
      this.days.push(dayNumber(article.date));
      this.sentences.append(vectors);
      const { people, dates, quotations } = article.entities;
      // The directory reads the people; attribution only quotations a name or a pronoun is given for.
      const spoken = quotations?.filter(({ speaker }) => isAttributable(speaker));
      const entitiesRow: ArticleEntitiesRow = {
        id: article.id,
        date: article.date,
        entities: { people, dates: [], ...(spoken ? { quotations: spoken } : {}) },
      };
      this.entities.append(`${JSON.stringify(entitiesRow)}\n`);
      const elements = dates.map((mention) => JSON.stringify({ articleId: article.id, mention })).join(',');
      this.dateBytes.push(Buffer.byteLength(elements));
      this.datesByArticle.append(elements);
      const { hash, passages } = batch.hashes[article.id];
      if (isArrayIndex(article.id)) this.indexedHashes.push([article.id, { hash, passages }]);
      else this.hashes.append(`${JSON.stringify([article.id, hash, passages])}\n`);
    }
    for (const passage of batch.passages) this.passages.push(passage);
    this.vectors.append(batch.vectors);
  }

  /**
   * What the people directory and the quotation table read of every article, in corpus order: its people and its
   * quotations with a named speaker (its dates are on disk, see `writeDates`). Read back from the build folder, a row at
   * a time, each time it is iterated; call once every batch is in.
   */
  entitiesRows(): Iterable<ArticleEntitiesRow> {
    const path = join(this.dir, ENTITIES_BY_ARTICLE);
    if (!this.entitiesClosed) this.entities.close();
    this.entitiesClosed = true;
    return {
      *[Symbol.iterator]() {
        for (const line of fileLines(path)) yield JSON.parse(line) as ArticleEntitiesRow;
      },
    };
  }

  /** Closes articles, catalog, sentence vectors, passages and passage vectors, and writes the lookups' tables. */
  writeTables(tables: ArchiveTables): void {
    this.sums[INDEX_FILES.articles] = this.articles.close();
    this.sums[INDEX_FILES.sentenceVectors] = this.sentences.close();
    this.sums[INDEX_FILES.passages] = this.passages.close();
    this.sums[INDEX_FILES.catalog] = this.catalog.close();
    this.sums[INDEX_FILES.quotations] = writeJsonArray(join(this.dir, INDEX_FILES.quotations), tables.quotations);
    this.sums[INDEX_FILES.dates] = this.writeDates();
    this.sums[INDEX_FILES.vectors] = this.vectors.close();
    // JSON.stringify of the whole directory, a person and an alias at a time: a million articles' directory is tens of
    // megabytes, and its people's occurrences are made into objects only as each is written.
    const people = new AppendedFile(join(this.dir, INDEX_FILES.people));
    people.append('{"people":');
    appendJsonArray(people, tables.people.people);
    people.append(',"aliases":');
    appendJsonArray(people, tables.people.aliases);
    people.append('}');
    this.sums[INDEX_FILES.people] = people.close();
    rmSync(join(this.dir, ENTITIES_BY_ARTICLE), { force: true });
  }

  /**
   * Writes the manifest with every file's checksum (those written by other code, `others`, read back to hash them) and
   * every article's hash in `articles` (empty in `unsealed`: the hashes are read back from the build folder, so no
   * string or object of them all is made); written last: a folder with a manifest is a finished one. Returns the
   * manifest as written, but for the articles' hashes (empty).
   */
  seal(unsealed: Omit<IndexManifest, 'files'>, others: string[]): IndexManifest {
    const manifest = { ...unsealed, files: { ...this.sums, ...checksumFiles(this.dir, others) } };
    const hashes = join(this.dir, HASHES_BY_ARTICLE);
    this.hashes.close();
    writeFileDurable(join(this.dir, INDEX_FILES.manifest), manifestText(manifest, this.indexedHashes, hashes));
    rmSync(hashes);
    return manifest;
  }

  /** Removes the unfinished folder. */
  discard(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * dates.json: every date mention, articles by publication (oldest first, ties by id), each article's in its order —
   * the articles' elements copied from `datesByArticle` in that order, then that file removed.
   */
  private writeDates(): { bytes: number; sha256: string } {
    const parts = join(this.dir, DATES_BY_ARTICLE);
    this.datesByArticle.close();
    const { days } = this;
    // Articles come in id order, so among one day's the corpus order is the id order.
    const order = Uint32Array.from({ length: days.length }, (_, i) => i).sort((a, b) => days.at(a) - days.at(b) || a - b);
    const offsets = new Float64Array(days.length);
    for (let article = 1; article < days.length; article++) offsets[article] = offsets[article - 1] + this.dateBytes.at(article - 1);
    const dates = new AppendedFile(join(this.dir, INDEX_FILES.dates));
    const fd = openSync(parts, 'r');
    try {
      dates.append('[');
      let first = true;
      for (const article of order) {
        const [offset, bytes] = [offsets[article], this.dateBytes.at(article)];
        if (bytes === 0) continue;
        const elements = Buffer.alloc(bytes);
        if (readAt(fd, elements, offset) < bytes) throw new Error(`${DATES_BY_ARTICLE} ended before what was written to it`);
        if (!first) dates.append(',');
        dates.append(elements);
        first = false;
      }
      dates.append(']');
    } finally {
      closeSync(fd);
      rmSync(parts);
    }
    return dates.close();
  }
}

/** Whether `id` is an array index ("0", "42"): an object's keys list those first, in numeric order, then the rest. */
function isArrayIndex(id: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(id) && Number(id) <= 4_294_967_294;
}

/** What the manifest's text is written a piece of at a time. */
const MANIFEST_PIECE_CHARS = 1 << 20;

/**
 * `JSON.stringify(manifest, null, 2)` with its empty `articles` filled: the `indexed` entries in numeric order, then
 * those spilled to `hashes`, in order (as JSON.stringify lists an object's keys), in pieces.
 */
function* manifestText(
  manifest: IndexManifest,
  indexed: readonly [string, IndexManifest['articles'][string]][],
  hashes: string,
): Generator<string> {
  const text = JSON.stringify(manifest, null, 2);
  const at = text.indexOf('\n  "articles": {}') + '\n  "articles": '.length;
  const entry = (id: string, hash: string, passages: number) =>
    `    ${JSON.stringify(id)}: {\n      "hash": ${JSON.stringify(hash)},\n      "passages": ${passages}\n    }`;
  let piece = text.slice(0, at);
  let entries = 0;
  const add = (id: string, hash: string, passages: number) => {
    piece += `${entries++ === 0 ? '{\n' : ',\n'}${entry(id, hash, passages)}`;
  };
  for (const [id, { hash, passages }] of [...indexed].sort(([a], [b]) => Number(a) - Number(b))) add(id, hash, passages);
  for (const line of fileLines(hashes)) {
    add(...(JSON.parse(line) as [string, string, number]));
    if (piece.length >= MANIFEST_PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}${entries === 0 ? '{}' : '\n  }'}${text.slice(at + 2)}`;
}

/** Read from a spilled file at a time. */
const READ_BYTES = 1 << 20;

/** The lines of `path` (each ended by `\n`), read a slice at a time. */
function* fileLines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(READ_BYTES);
    let carried = Buffer.alloc(0);
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      let bytes = carried.length > 0 ? Buffer.concat([carried, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      for (let end = bytes.indexOf(0x0a); end >= 0; end = bytes.indexOf(0x0a)) {
        yield bytes.toString('utf8', 0, end);
        bytes = bytes.subarray(end + 1);
      }
      carried = Buffer.from(bytes);
    }
  } finally {
    closeSync(fd);
  }
}
