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
  /**
   * Clears the answer bar but adds nothing the answers before it lack (the same article, no candidate of the
   * asked-for kind): shown behind "More passages", not as an answer.
   */
  further?: boolean;
}

export interface Answer {
  query: string;
  answered: boolean;
  quotes: Quote[];
}

/**
 * A question and everything that qualifies it: one value, made by a front door (CLI, bot) and read unchanged by the
 * engine and the lookups, so no option is lost on the way.
 */
export interface Query {
  /** The question as asked; a lookup of someone's words (`said`) needs none. */
  question?: string;
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
  /** Whose own words are asked for: the name given to `said`, or read from "What did X say?". */
  speaker?: string;
  /** With `speaker`: words the quotations should contain (those with all of them first, then with any). */
  about?: string;
  /** Only these articles are searched (by id): how a follow asks whether newly added articles answer its topic. */
  articles?: readonly string[];
}

/** A query the engine answers: it has a question. */
export type AskQuery = Query & { question: string };

/** A query for someone's own words: it names them. */
export type SaidQuery = Query & { speaker: string };
