// What the engine answers: verbatim, dated quotes.

export interface Quote {
  article: string;
  date: string;
  title?: string;
  /** How a reader recognises the article: its title, else its opening words (see corpus/label.ts). */
  label?: string;
  /** The article's web address, when the corpus gives one. */
  url?: string;
  /** 1–3 consecutive sentences, an exact substring of the article's text. */
  text: string;
  /** The sentence that best answers, an exact substring of `text`. */
  highlight: string;
  score: number;
  /** Who is speaking, when the highlighted sentence lies in a direct quotation the archive attributes. */
  speaker?: string;
  /** Shown only when the engine abstains: close, but not an answer. */
  nearMiss?: boolean;
}

export interface Answer {
  query: string;
  answered: boolean;
  quotes: Quote[];
}

export interface AskOptions {
  /** How many quotes to return (default 3). */
  k?: number;
  /** Inclusive bounds on the article's publication date, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  /**
   * The day the question is asked, `YYYY-MM-DD` (default: today): articles published after it are not
   * quoted, and "this week", "recently", "latest" are read relative to it.
   */
  asOf?: string;
}
