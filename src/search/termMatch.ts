// Which of a question's search terms a text holds, reading only the words that could be one of them.
import { normalizeTerm, tokenize } from '../corpus/terms.ts';

/** A question's search term, with the archive's spellings of it when it is a misspelt name. */
export interface SoughtTerm {
  term: string;
  variants?: readonly string[];
}

/** How a text's term may meet a sought one: only equal, or also by starting with a sought term of 5+ letters ("resign" → "resignation"). */
export type TermMatching = 'exact' | 'prefix';

/** A sought term this long also matches the longer terms it starts ("resign" → "resignation"). */
const PREFIX_MIN_LENGTH = 5;

/**
 * The terms of one question, looked for in many texts (the sentences quote selection scores, the article it quotes).
 * Normalising a word is the cost of `termsOf`; a word whose first letter starts none of the sought terms and spellings
 * is skipped unread, since normalising keeps a word's first letter (it lower-cases, then only trims endings). Gives
 * what checking every term of `termsOf(text)` gives.
 */
export class QuestionTerms {
  /** First UTF-16 units that some sought term or spelling starts with. */
  private readonly firstUnits = new Set<number>();

  constructor(readonly sought: readonly SoughtTerm[]) {
    for (const { term, variants } of sought) {
      for (const spelling of [term, ...(variants ?? [])]) if (spelling.length > 0) this.firstUnits.add(spelling.charCodeAt(0));
    }
  }

  /** Per sought term, in order, whether `text` holds it (or one of its spellings). */
  heldIn(text: string, matching: TermMatching): boolean[] {
    const held = this.sought.map(() => false);
    let missing = held.length;
    for (const token of missing > 0 ? tokenize(text) : []) {
      const first = token.charCodeAt(0);
      // An ASCII first letter stays the term's first letter, lower-cased; any other is read in full.
      if (first < 128 && !this.firstUnits.has(first >= 65 && first <= 90 ? first + 32 : first)) continue;
      const term = normalizeTerm(token);
      if (term === null) continue;
      for (let at = 0; at < held.length; at++) {
        if (held[at] || !meets(this.sought[at], term, matching)) continue;
        held[at] = true;
        missing--;
      }
      if (missing === 0) break;
    }
    return held;
  }
}

function meets({ term, variants }: SoughtTerm, candidate: string, matching: TermMatching): boolean {
  return (
    candidate === term ||
    (matching === 'prefix' && term.length >= PREFIX_MIN_LENGTH && candidate.startsWith(term)) ||
    (variants?.includes(candidate) ?? false)
  );
}
