// The benchmark's questions: varied, reproducible, drawn from the archive itself.
import type { StoredArticle } from '../src/domain/article.ts';
import { mulberry32 } from './random.ts';

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
