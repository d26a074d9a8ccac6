// What a user could pick instead of the project's retrievers, measured by the bench over the same passages and questions.
import MiniSearch from 'minisearch';
import type { Passage, StoredArticle } from '../src/domain/article.ts';

/** Plain MiniSearch with its defaults (its own tokeniser, no stemming, no boosts): the usual in-process full-text pick. */
export function plainMiniSearch(
  passages: readonly Passage[],
  articles: ReadonlyMap<string, StoredArticle>,
): (question: string, limit: number) => number[] {
  const search = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  for (const passage of passages) {
    search.add({ id: passage.id, text: articles.get(passage.articleId)!.text.slice(passage.start, passage.end) });
  }
  return (question, limit) =>
    search
      .search(question)
      .slice(0, limit)
      .map((result) => result.id as number);
}

/**
 * Exact nearest neighbours by the tightest plain-JavaScript loop: one dot product per row of the flat
 * vector array, the best `limit` kept in a small sorted buffer (no object per row, no full sort).
 */
export function bruteForce(vectors: Float32Array, dimensions: number): (query: Float32Array, limit: number) => Int32Array {
  const rows = vectors.length / dimensions;
  return (query, limit) => {
    const ids = new Int32Array(limit).fill(-1);
    const scores = new Float32Array(limit).fill(-Infinity);
    for (let row = 0, offset = 0; row < rows; row++, offset += dimensions) {
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += query[d] * vectors[offset + d];
      if (dot <= scores[limit - 1]) continue;
      let at = limit - 1;
      while (at > 0 && scores[at - 1] < dot) {
        scores[at] = scores[at - 1];
        ids[at] = ids[at - 1];
        at--;
      }
      scores[at] = dot;
      ids[at] = row;
    }
    return ids;
  };
}
