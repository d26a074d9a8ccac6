// Turns sentence ranges of an article into a Quote: verbatim slices, never rewritten text.
import type { Article, Sentence } from '../domain/article.ts';
import type { Quote } from '../domain/answer.ts';
import { citationOf } from './label.ts';

export interface QuotedArticle extends Article {
  sentences: Sentence[];
}

/** Longest quote we cut, in characters, before we stop adding context sentences. */
export const MAX_QUOTE_CHARS = 600;

/** The verbatim text of sentences `first..last` (inclusive) of `article`. */
export function sentenceText(article: QuotedArticle, first: number, last: number = first): string {
  return article.text.slice(article.sentences[first].start, article.sentences[last].end);
}

/**
 * Quotes sentences `first..last` (inclusive) of `article`, highlighting sentence `highlight`
 * (which must lie in the range). Both texts are exact substrings of `article.text`.
 */
export function makeQuote(article: QuotedArticle, first: number, last: number, highlight: number, score: number): Quote {
  if (!(first <= highlight && highlight <= last)) {
    throw new RangeError(`highlight sentence ${highlight} is outside ${first}..${last} of ${article.id}`);
  }
  return {
    ...citationOf(article),
    text: sentenceText(article, first, last),
    highlight: sentenceText(article, highlight),
    score,
  };
}
