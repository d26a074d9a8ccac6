// Writes an index folder as the build produces it, batch of articles after batch: articles, catalog rows, sentence
// vectors, passages and their vectors go to their files at once; what the rest of the build needs of the whole archive
// is kept, compact.
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredArticle } from '../domain/article.ts';
import type { StoredDirectory } from '../entities/people.ts';
import type { AttributedQuotation } from './archiveStore.ts';
import { isAttributable } from './attribution.ts';
import { catalogRowOf, CatalogWriter } from './catalog.ts';
import { checksumFiles, type FileChecksums } from './checksums.ts';
import { AppendedFile, INDEX_FILES, writeFileDurable } from './files.ts';
import { JsonArrayWriter, writeJsonArray } from './jsonArray.ts';
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
}

/** Files written from the entities rows once every batch is in. */
export interface ArchiveTables {
  people: StoredDirectory;
  quotations: Iterable<AttributedQuotation>;
}

/** A file of the build folder while it is written: each article's date mentions, removed before the folder is sealed. */
const DATES_BY_ARTICLE = 'dates.by-article.part';

export class IndexWriter {
  private readonly articles: JsonArrayWriter;
  private readonly sentences: AppendedFile;
  private readonly passages: JsonArrayWriter;
  private readonly catalog: CatalogWriter;
  /** Each article's publication date and id, in corpus order: what dates.json is ordered by. */
  private readonly days: string[] = [];
  private readonly ids: string[] = [];
  private entities: ArticleEntitiesRow[] = [];
  /** Each article's date mentions as elements of dates.json, in corpus order; put in publication order at the end. */
  private readonly datesByArticle: AppendedFile;
  /** Where each article's elements lie in `datesByArticle`: offset and length, article after article. */
  private readonly dateSpans: number[] = [];
  private readonly vectors: AppendedFile;
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
    this.vectors = new AppendedFile(join(dir, INDEX_FILES.vectors));
  }

  /** Writes `batch`'s articles, their catalog rows, sentence vectors, passages and passage vectors, and keeps its entities. */
  add(batch: DerivedBatch): void {
    let row = 0;
    for (const article of batch.stored) {
      const vectors = batch.sentenceVectors.subarray(row * this.dimensions, (row += article.sentences.length) * this.dimensions);
      this.catalog.push(catalogRowOf(article, this.articles.push(article), vectors));
      this.days.push(article.date);
      this.ids.push(article.id);
      this.sentences.append(vectors);
      const { people, dates, quotations } = article.entities;
      // The directory reads the people; attribution only quotations a name or a pronoun is given for.
      const spoken = quotations?.filter(({ speaker }) => isAttributable(speaker));
      this.entities.push({
        id: article.id,
        date: article.date,
        entities: { people, dates: [], ...(spoken ? { quotations: spoken } : {}) },
      });
      const elements = dates.map((mention) => JSON.stringify({ articleId: article.id, mention })).join(',');
      this.dateSpans.push(this.datesByArticle.bytes, Buffer.byteLength(elements));
      this.datesByArticle.append(elements);
    }
    for (const passage of batch.passages) this.passages.push(passage);
    this.vectors.append(batch.vectors);
  }

  /**
   * What the people directory and the quotation table read of every article, in corpus order: its people and its
   * quotations with a named speaker (its dates are on disk, see `writeDates`). Handed over: the writer keeps none.
   */
  takeEntitiesRows(): readonly ArticleEntitiesRow[] {
    const rows = this.entities;
    this.entities = [];
    return rows;
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
    const people = new AppendedFile(join(this.dir, INDEX_FILES.people));
    people.append(JSON.stringify(tables.people));
    this.sums[INDEX_FILES.people] = people.close();
  }

  /**
   * Writes the manifest with every file's checksum (those written by other code, `others`, read back to hash them);
   * written last: a folder with a manifest is a finished one. Returns the manifest as written.
   */
  seal(unsealed: Omit<IndexManifest, 'files'>, others: string[]): IndexManifest {
    const manifest = { ...unsealed, files: { ...this.sums, ...checksumFiles(this.dir, others) } };
    writeFileDurable(join(this.dir, INDEX_FILES.manifest), JSON.stringify(manifest, null, 2));
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
    const { days, ids } = this;
    const order = [...days.keys()].sort((a, b) => compare(days[a], days[b]) || compare(ids[a], ids[b]));
    const dates = new AppendedFile(join(this.dir, INDEX_FILES.dates));
    const fd = openSync(parts, 'r');
    try {
      dates.append('[');
      let first = true;
      for (const article of order) {
        const [offset, bytes] = [this.dateSpans[2 * article], this.dateSpans[2 * article + 1]];
        if (bytes === 0) continue;
        const elements = Buffer.alloc(bytes);
        for (let read = 0; read < bytes;) {
          const got = readSync(fd, elements, read, bytes - read, offset + read);
          if (got === 0) throw new Error(`${DATES_BY_ARTICLE} ended before what was written to it`);
          read += got;
        }
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
