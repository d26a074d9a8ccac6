// Turns sentence ranges of an article into a Quote: verbatim slices, never rewritten text.
import type { Article, Sentence } from '../domain/article.ts';
import type { Quote } from '../domain/answer.ts';

export interface QuotedArticle extends Article {
  sentences: Sentence[];
}

/**
 * Quotes sentences `first..last` (inclusive) of `article`, highlighting sentence `highlight`
 * (which must lie in the range). Both texts are exact substrings of `article.text`.
 */
export function makeQuote(
  article: QuotedArticle,
  first: number,
  last: number,
  highlight: number,
  score: number,
): Quote {
  if (!(first <= highlight && highlight <= last)) {
    throw new RangeError(`highlight sentence ${highlight} is outside ${first}..${last} of ${article.id}`);
  }
  const { sentences, text } = article;
  return {
    article: article.id,
    date: article.date,
    ...(article.title ? { title: article.title } : {}),
    text: text.slice(sentences[first].start, sentences[last].end),
    highlight: text.slice(sentences[highlight].start, sentences[highlight].end),
    score,
  };
}
