// "As of" a day: whether a question is about now, and how much a passage's age counts against it.

/** Words that make a question about the time it is asked ("this week", "recently", "the latest", "new"). */
const ABOUT_NOW =
  /\b(?:this (?:week|weekend|month|year|season)|last (?:week|weekend)|recent(?:ly)?|new(?:ly)?|latest|current(?:ly)?|now|today|tonight|yesterday|so far|just|upcoming|(?:on |last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?)\b/i;

export function isAboutNow(question: string): boolean {
  return ABOUT_NOW.test(question);
}

/** How the age of an article (days before the as-of day) weighs on its passages' retrieval scores. */
export interface RecencyOptions {
  /** Days after which an article's recency factor has halved. */
  halfLifeDays: number;
  /** Share of a passage's score that depends on recency when the question is about now (0 = none). */
  nowWeight: number;
  /** The same for any other question. */
  otherWeight: number;
  /**
   * Share of a quote's final score that depends on its article's age (0 = none): retrieval's preference reaches
   * sentences only through the retrieval weight, so an older story's echoing sentence can still win.
   */
  quoteWeight: number;
}

const DAY_MS = 86_400_000;

/**
 * The factor a passage's score is multiplied by: 1 for an article of the as-of day, falling towards
 * `1 - weight` as the article ages.
 */
export function recencyFactor(articleDate: string, asOf: string, weight: number, halfLifeDays: number): number {
  if (weight <= 0) return 1;
  const age = Math.max(0, (Date.parse(asOf) - Date.parse(articleDate)) / DAY_MS);
  return 1 - weight + weight * 0.5 ** (age / halfLifeDays);
}
