// The archive's vocabulary: articles, their sentences and the passages we embed.
import type { ArticleEntities } from './mentions.ts';

/** One dated news article, as read from the corpus. `text` is never altered: quotes are substrings of it. */
export interface Article {
  id: string;
  /** Publication date, `YYYY-MM-DD`. */
  date: string;
  title?: string;
  text: string;
  /** Where the article came from: its web address or the outlet's name (JSONL `source`, or `url`). */
  source?: string;
}

/** A sentence as character offsets into its article's `text` (`text.slice(start, end)`). */
export interface Sentence {
  start: number;
  end: number;
}

/** A run of whole sentences of one article, the unit we embed and search. */
export interface Passage {
  /** Position in the index; also the HNSW label. */
  id: number;
  articleId: string;
  date: string;
  /** Index of the first and last sentence (inclusive) in the article's sentence list. */
  firstSentence: number;
  lastSentence: number;
  /** Character offsets into the article's `text`. */
  start: number;
  end: number;
}

/** An article as stored in the index: the verbatim text plus what was derived from it. */
export interface StoredArticle extends Article {
  sentences: Sentence[];
  entities: ArticleEntities;
}

/** Where a passage's words are read from: an article's text alone, without its sentences and mentions. */
export interface ArticleTexts {
  /** The text of article `id`, or undefined when there is none. */
  textOf(id: string): string | undefined;
}

/** The archive's articles as answering reads them: whole by id, or a text alone (what the phrase check needs). */
export interface ArticleLibrary extends ReadonlyMap<string, StoredArticle>, ArticleTexts {}

/** How a reply names the article a piece of text comes from: its id, publication day, and what a reader recognises. */
export interface ArticleCitation {
  article: string;
  /** Publication date, `YYYY-MM-DD`. */
  date: string;
  title?: string;
  /** The article's title, else its opening words (see corpus/label.ts). */
  label: string;
  /** The article's web address, when the corpus gives one. */
  url?: string;
}
