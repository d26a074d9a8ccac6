// Writes an index folder as the build produces it, batch of articles after batch: articles, sentence vectors and
// passages go to their files at once; what the rest of the build needs of the whole archive is kept, compact.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredArticle } from '../domain/article.ts';
import type { StoredDirectory } from '../entities/people.ts';
import type { AttributedQuotation, MentionedDate } from './archiveStore.ts';
import { catalogRowOf, type CatalogRow } from './catalog.ts';
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

export class IndexWriter {
  private readonly articles: JsonArrayWriter;
  private readonly sentences: AppendedFile;
  private readonly passages: JsonArrayWriter;
  private readonly rows: CatalogRow[] = [];
  private readonly entities: ArticleEntitiesRow[] = [];
  private vectors: Float32Array;
  private passageCount = 0;
  private readonly sums: FileChecksums = {};

  constructor(
    readonly dir: string,
    private readonly dimensions: number,
  ) {
    this.articles = new JsonArrayWriter(new AppendedFile(join(dir, INDEX_FILES.articles)));
    this.sentences = new AppendedFile(join(dir, INDEX_FILES.sentenceVectors));
    this.passages = new JsonArrayWriter(new AppendedFile(join(dir, INDEX_FILES.passages)));
    this.vectors = new Float32Array(1_024 * dimensions);
  }

  /** Writes `batch`'s articles, sentence vectors and passages, and keeps its passage vectors and entities. */
  add(batch: DerivedBatch): void {
    let row = 0;
    for (const article of batch.stored) {
      const vectors = batch.sentenceVectors.subarray(row * this.dimensions, (row += article.sentences.length) * this.dimensions);
      this.rows.push(catalogRowOf(article, this.articles.push(article), vectors));
      this.sentences.append(vectors);
      this.entities.push({ id: article.id, date: article.date, entities: article.entities });
    }
    for (const passage of batch.passages) this.passages.push(passage);
    this.keepVectors(batch.vectors);
  }

  /** Every article's entities, in corpus order: what the people directory and the quotation table are made from. */
  entitiesRows(): readonly ArticleEntitiesRow[] {
    return this.entities;
  }

  /** Every passage's vector so far, row = passage id (a view of the writer's buffer). */
  passageVectors(): Float32Array {
    return this.vectors.subarray(0, this.passageCount * this.dimensions);
  }

  /** Closes articles, sentence vectors and passages, and writes the catalog, the lookups' tables and the passage vectors. */
  writeTables(tables: ArchiveTables): void {
    this.sums[INDEX_FILES.articles] = this.articles.close();
    this.sums[INDEX_FILES.sentenceVectors] = this.sentences.close();
    this.sums[INDEX_FILES.passages] = this.passages.close();
    this.sums[INDEX_FILES.catalog] = writeJsonArray(join(this.dir, INDEX_FILES.catalog), this.rows);
    this.sums[INDEX_FILES.quotations] = writeJsonArray(join(this.dir, INDEX_FILES.quotations), tables.quotations);
    this.sums[INDEX_FILES.dates] = writeJsonArray(join(this.dir, INDEX_FILES.dates), datesByPublication(this.entities));
    const vectors = new AppendedFile(join(this.dir, INDEX_FILES.vectors));
    vectors.append(this.passageVectors());
    this.sums[INDEX_FILES.vectors] = vectors.close();
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

  private keepVectors(batch: Float32Array): void {
    const needed = this.passageCount * this.dimensions + batch.length;
    if (needed > this.vectors.length) {
      const grown = new Float32Array(Math.max(needed, this.vectors.length * 2));
      grown.set(this.passageVectors());
      this.vectors = grown;
    }
    this.vectors.set(batch, this.passageCount * this.dimensions);
    this.passageCount += batch.length / this.dimensions;
  }
}

/** Every date mention of `articles`, articles by publication (oldest first, ties by id). */
function* datesByPublication(articles: readonly ArticleEntitiesRow[]): Generator<MentionedDate> {
  const byPublication = [...articles].sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
  for (const article of byPublication) for (const mention of article.entities.dates) yield { articleId: article.id, mention };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
