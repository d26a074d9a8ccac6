// Every sentence's vector, embedded at build time so answering a question embeds only the question.
import type { Sentence } from '../domain/article.ts';

interface Sentenced {
  id: string;
  sentences: readonly Sentence[];
}

/** Each article's sentence vectors: a SentenceVectors, or read from the index files as asked for (catalog.ts). */
export interface SentenceRows {
  /** The unit vector of sentence `index` of article `articleId`. */
  of(articleId: string, index: number): Float32Array;
  /** All of article `articleId`'s rows, its sentences in order. */
  rowsOf(articleId: string): Float32Array;
  has(articleId: string): boolean;
}

/**
 * Rows of `vectors` in article order, each article's sentences in order: sentence i of an article is row
 * `first row of the article + i`. The same layout in `sentences.f32` and in the Postgres store.
 */
export class SentenceVectors implements SentenceRows {
  private readonly firstRow = new Map<string, number>();
  private readonly sentenceCount = new Map<string, number>();

  constructor(
    readonly vectors: Float32Array,
    readonly dimensions: number,
    articles: Iterable<Sentenced>,
  ) {
    let row = 0;
    for (const article of articles) {
      this.firstRow.set(article.id, row);
      this.sentenceCount.set(article.id, article.sentences.length);
      row += article.sentences.length;
    }
    if (row * dimensions !== vectors.length) {
      throw new RangeError(`${vectors.length / dimensions} sentence vectors for ${row} sentences`);
    }
  }

  /** Sentences in `articles`, the rows a table of them holds. */
  static count(articles: Iterable<Sentenced>): number {
    let rows = 0;
    for (const article of articles) rows += article.sentences.length;
    return rows;
  }

  /** The unit vector of sentence `index` of article `articleId` (a view, not a copy). */
  of(articleId: string, index: number): Float32Array {
    const first = this.firstRow.get(articleId);
    if (first === undefined) throw new RangeError(`no sentence vectors for article ${articleId}`);
    return this.vectors.subarray((first + index) * this.dimensions, (first + index + 1) * this.dimensions);
  }

  /** All of article `articleId`'s rows, its sentences in order (a view). */
  rowsOf(articleId: string): Float32Array {
    const first = this.firstRow.get(articleId);
    if (first === undefined) throw new RangeError(`no sentence vectors for article ${articleId}`);
    const next = first + this.sentenceCount.get(articleId)!;
    return this.vectors.subarray(first * this.dimensions, next * this.dimensions);
  }

  /** Whether article `articleId` has rows here (a previous build's table, when reusing it). */
  has(articleId: string): boolean {
    return this.firstRow.has(articleId);
  }
}
