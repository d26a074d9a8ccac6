// The benchmark's questions: varied, reproducible, drawn from the archive itself.
import type { StoredArticle } from '../src/domain/article.ts';

/**
 * `count` queries: `first`, then article titles (lower-cased) and sentence openings of 4–11 words picked by a
 * fixed-seed generator, so every run and every engine gets the same ones.
 */
export function benchmarkQueries(
  articles: ReadonlyMap<string, Pick<StoredArticle, 'title' | 'text' | 'sentences'>>,
  count: number,
  first: string[] = [],
): string[] {
  const random = mulberry32(42);
  const queries: string[] = [...first];
  const list = [...articles.values()];
  while (queries.length < count) {
    const article = list[Math.floor(random() * list.length)];
    if (article.title && random() < 0.5) {
      queries.push(article.title.toLowerCase());
      continue;
    }
    const sentence = article.sentences[Math.floor(random() * article.sentences.length)];
    const words = article.text
      .slice(sentence.start, sentence.end)
      .split(/\s+/)
      .slice(0, 4 + Math.floor(random() * 8));
    const query = words.join(' ').trim();
    if (query) queries.push(query.slice(0, 1000));
  }
  return queries.slice(0, count);
}

/** A small seeded generator, so every run benchmarks the same queries. */
export function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
