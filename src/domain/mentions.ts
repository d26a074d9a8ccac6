// People, dates and quotations found in an article's text, with offsets so they can be quoted.
import type { Quotation } from './quotation.ts';

/** A person's name as written in one sentence of an article. */
export interface PersonMention {
  /** The name as written (`text.slice(start, end)`), e.g. "Shehbaz" or "Shehbaz Sharif". */
  name: string;
  start: number;
  end: number;
  /** Index of the sentence holding the mention. */
  sentence: number;
  /**
   * The fullest form of the name this article uses for the same person ("Shehbaz" → "Shehbaz Sharif",
   * "Dar" → "Ishaq Dar"); the person directory merges these across articles.
   */
  person: string;
  /** Why the name was taken for a person's (src/entities/findPeople.ts has the rules). */
  evidence: PersonEvidence;
}

/** The evidence a person mention rests on, as recorded on it. */
export type PersonEvidence =
  | 'title-before'
  | 'role-before'
  | 'role-after'
  | 'tagged-name'
  | 'south-asian-name'
  | 'speaks'
  | 'bracketed-given-name'
  | 'headline-name'
  | 'full-form-of-a-name'
  | 'short-form-of-a-full-name';

/** The ways a date mention is resolved, as recorded on it. */
export type DateRule =
  | 'absolute'
  | 'absolute-range'
  | 'absolute-year'
  | 'absolute-month'
  | 'absolute-month-range'
  | 'numeric'
  | 'year-from-context'
  | 'year-from-context-range'
  | 'year-from-article-date'
  | 'year-from-article-date-range'
  | 'month-year-from-context'
  | 'month-of-year'
  | 'month-of-relative-year'
  | 'month-past'
  | 'month-future'
  | 'relative-day'
  | 'relative-week'
  | 'relative-month'
  | 'relative-year'
  | 'relative-weekday-past'
  | 'relative-weekday-future'
  | 'relative-ago'
  | 'relative-ago-approximate';

/** A date or range mentioned in the text, resolved against the article's date. */
export interface DateMention {
  /** The expression as written, e.g. "Friday (09/30)" or "last year". */
  expression: string;
  start: number;
  end: number;
  sentence: number;
  /** Resolved range, `YYYY-MM-DD`, inclusive; `from === to` for an exact day. */
  from: string;
  to: string;
  /** How it was resolved (src/entities/findDates.ts has the rules). */
  rule: DateRule;
}

export interface ArticleEntities {
  people: PersonMention[];
  dates: DateMention[];
  /** Direct quotations and their speakers; absent in indexes built before quotations were extracted (rebuild to get them). */
  quotations?: Quotation[];
}
