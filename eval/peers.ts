// What a user would pick instead of the engine's parts, measured beside them by `npm run bench`: a plain MiniSearch
// (its defaults) over the same passages, and an exact nearest-neighbour search written as the tightest plain loop.
import MiniSearch from 'minisearch';
import type { Passage, StoredArticle } from '../src/domain/article.ts';

/** Passages matching `question`, best first, as MiniSearch ranks them out of the box (BM25, any word, no fuzzy). */
export type PeerSearch = (question: string, limit: number) => number[];

/** A MiniSearch index with its default options over each passage's text (and its article's title on the first). */
export function plainMiniSearch(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): PeerSearch {
  const search = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  search.addAll(
    passages.map((passage) => {
      const article = articles.get(passage.articleId)!;
      const title = passage.firstSentence === 0 && article.title ? `${article.title}\n` : '';
      return { id: passage.id, text: title + article.text.slice(passage.start, passage.end) };
    }),
  );
  return (question, limit) =>
    search
      .search(question)
      .slice(0, limit)
      .map((result) => result.id as number);
}

/**
 * The `limit` rows of `vectors` (unit rows of `dimensions`) closest to `query` by cosine: every dot product into one
 * array, then the best picked by a bounded insertion — no objects per row, no sort of them all.
 */
export function bruteForceNearest(vectors: Float32Array, dimensions: number, query: Float32Array, limit: number): number[] {
  const rows = vectors.length / dimensions;
  const best = new Int32Array(limit).fill(-1);
  const scores = new Float32Array(limit).fill(-Infinity);
  for (let row = 0; row < rows; row++) {
    let dot = 0;
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) dot += vectors[offset + d] * query[d];
    if (dot <= scores[limit - 1]) continue;
    let at = limit - 1;
    while (at > 0 && scores[at - 1] < dot) {
      scores[at] = scores[at - 1];
      best[at] = best[at - 1];
      at--;
    }
    scores[at] = dot;
    best[at] = row;
  }
  return [...best].filter((row) => row >= 0);
}
