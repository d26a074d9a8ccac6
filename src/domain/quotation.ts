// Direct quotations found in an article and who is speaking, with offsets into the article's text.
import type { ArticleCitation } from './article.ts';

/** What the speaker mention is: a person's name, a pronoun standing for one, or a description ("the statement"). */
export type SpeakerKind = 'name' | 'pronoun' | 'description' | 'unknown';

export interface Speaker {
  kind: SpeakerKind;
  /**
   * Who is speaking: the person's fullest name in the article ("Azam Khan") for a name or a resolved
   * pronoun, the description as written for a description ("the PM Office"), null when unknown.
   */
  name: string | null;
  /** The mention the attribution rests on (`text.slice(start, end)`): "Azam Khan", "he", "the communique"; absent when unknown. */
  start?: number;
  end?: number;
  /** The named rule that resolved a pronoun or a description to a person, e.g. "pronoun-last-speaker". */
  resolvedBy?: string;
}

/** A direct quotation: the quoted words, marks included, possibly interrupted by its attribution. */
export interface Quotation {
  /** Offsets of the whole quotation, from its opening to its closing mark (an interruption included). */
  start: number;
  end: number;
  /** The quoted pieces (marks included): one, or several when "he said" or a paragraph break interrupts. */
  pieces: { start: number; end: number }[];
  /** The reporting words as written ("said", "told", "according to"), empty when none is in the text. */
  cue: string;
  cueStart?: number;
  cueEnd?: number;
  speaker: Speaker;
  /** The attribution rule that fired (see ATTRIBUTION_RULES), e.g. "quote-comma-speaker-verb". */
  rule: string;
}

/** A direct quotation as the lookups show it: the quoted words (marks included), who said them, where and when it was published. */
export interface SpokenQuote extends ArticleCitation {
  /** The quotation as written, an exact substring of the article (an interruption included). */
  text: string;
  /** Who is speaking: the person's canonical name. */
  speaker: string;
  /** The reporting words as written ("said"), empty when none. */
  cue: string;
}

/** A person's own quotations, newest first. */
export interface SaidFound {
  found: true;
  person: string;
  quotations: SpokenQuote[];
}
