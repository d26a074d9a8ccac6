// What the index builder stores per article: the people and dates its text mentions.
import type { Article, Sentence } from '../domain/article.ts';
import { findDates } from './findDates.ts';
import { findPeople } from './findPeople.ts';
import type { ArticleEntities } from '../domain/mentions.ts';

/**
 * People and dates mentioned in `article.text`, with offsets into it and the index of the sentence
 * (of `sentences`) holding each. Dates are resolved against `article.date`. Pure: same input, same output.
 */
export function extractEntities(article: Article, sentences: Sentence[]): ArticleEntities {
  return {
    people: findPeople(article.text, sentences),
    dates: findDates(article.text, sentences, article.date),
  };
}
