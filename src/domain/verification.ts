// What checking a quotation against the archive answers: one verdict and the archive's wording as evidence.
import type { ArticleCitation } from './article.ts';

/**
 * - `verbatim`: found word for word (case, punctuation, quotation marks and marked omissions aside);
 * - `differences`: found with a few words added, missing or changed;
 * - `misattributed`: found, but the archive credits the words to someone other than the speaker given (or to no one);
 * - `partial`: the checked text is a fragment of a longer quotation or sentence;
 * - `absent`: not in the archive — never "false": the archive may simply not hold it.
 */
export type Verdict = 'verbatim' | 'differences' | 'misattributed' | 'partial' | 'absent';

/** One place where the checked wording and the archive's differ, with offsets into the match's `text`. */
export interface WordingDifference {
  /** `missing`: words the archive has and the checked text lacks; `added`: the reverse; `changed`: one for the other. */
  kind: 'missing' | 'added' | 'changed';
  /** The archive's words (empty for `added`), `text.slice(start, end)`. */
  archive: string;
  /** The checked text's words (empty for `missing`). */
  checked: string;
  /** Where the archive's words are in the match's `text` (`start === end` for `added`: where the words would go). */
  start: number;
  end: number;
}

/** An occurrence of the checked wording in one article. */
export interface VerifiedMatch extends ArticleCitation {
  /** The archive's closest wording, an exact substring of the article. */
  text: string;
  /** Who the article credits the words to (a person's name or a description as written); absent when no one. */
  speaker?: string;
  /** Where the checked wording differs from `text`; absent when it does not. */
  differences?: WordingDifference[];
  /** For a fragment: the whole quotation or sentence it was cut from, an exact substring of the article. */
  whole?: string;
}

export interface VerifyOptions {
  /** Who the quotation is said to be by: any name or alias the archive knows, or a description. */
  speaker?: string;
}

export interface Verification {
  /** The text that was checked, as given. */
  quote: string;
  speaker?: string;
  verdict: Verdict;
  /** The best occurrence first, then every other article holding the same wording, earliest first. Empty when absent. */
  matches: VerifiedMatch[];
}
