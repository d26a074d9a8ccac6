// People and dates found in an article's text, with offsets so they can be quoted.

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
}

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
  /** How it was resolved, e.g. "absolute", "numeric", "relative-weekday", "year-from-context". */
  rule: string;
}

export interface ArticleEntities {
  people: PersonMention[];
  dates: DateMention[];
}
