// The attribution rules: where the reporting words sit around a quotation and where their speaker is, as a table of named patterns.
import { ADVERBS, FINITE_CUES, PARTICIPLE_CUES } from './cues.ts';

/**
 * One way news writing attributes a quotation. `pattern` reads the words right after the closing mark
 * (`side: 'after'`, anchored at their start) or the clause right before the opening mark (`'before'`,
 * anchored at its end); its `cue` group is the reporting words. `speaker` says where the speaker phrase is:
 * just before the cue, just after it (an inverted "said Khan", or the object of "quoted him"), or the
 * subject of the clause a participle hangs from ("…, saying: '…'").
 */
export interface AttributionRule {
  name: string;
  side: 'before' | 'after';
  pattern: RegExp;
  speaker: 'before-cue' | 'after-cue' | 'clause-subject' | 'name-or-subject';
  /** The quotation must open with a capital: after a participle, a lower-case one is a phrase of the narration ("calling him “a total stiff”"). */
  capitalised?: boolean;
  /**
   * The quotation must open its paragraph; its attribution may then also be the whole next paragraph when the
   * quotation fills its own (a quotation set apart, signed below it: `"…"` / `- Sanders.`).
   */
  setApart?: boolean;
  /** A sentence the rule attributes, for the tests and for readers. */
  example: string;
}

const LEAD = String.raw`^\s*[,—–―-]?\s*`;
const NOT_THAT = String.raw`(?:(?!\bthat\b)[^"“”])`;
/** A reporting verb in the passive ("When asked why, Sembler responded:", "he was told") is not the speaker's: the next one is. */
const ACTIVE = String.raw`(?<!\b(?:[Ww]hen|[Ii]f|[Aa]s|[Oo]nce|[Ww]hile|[Uu]nless|was|were|is|are|be|been|being)\s+)`;
/** A few words of narration (lower-case: the quotation's sentence goes on) between a closing mark and its attribution, up to a comma. */
const NARRATION = String.raw`\s+(?=[a-z])[^"“”,.;:!?]{1,100}?,\s*`;

/** Tried in order; the first that matches (with a speaker phrase where it expects one) attributes the quotation. */
export const ATTRIBUTION_RULES: AttributionRule[] = [
  {
    name: 'quote-verb-speaker',
    side: 'after',
    pattern: new RegExp(`${LEAD}(?<cue>${FINITE_CUES})\\b`, 'i'),
    speaker: 'after-cue',
    example: '"We will win," said Steven Law, a former aide.',
  },
  {
    name: 'quote-other-verb-name',
    side: 'after',
    pattern: new RegExp(String.raw`${LEAD}(?<cue>\p{Ll}{3,}ed)\s+(?=\p{Lu})[^"“”,;:!?]{2,60}?\.?\s*$`, 'u'),
    speaker: 'after-cue',
    example: '“What sport is he talking about?” reacted Trump.',
  },
  {
    name: 'quote-according-to',
    side: 'after',
    pattern: new RegExp(`${LEAD}(?<cue>according to)\\b`, 'i'),
    speaker: 'after-cue',
    example: '"It was a mistake," according to the statement.',
  },
  {
    name: 'quote-speaker-verb',
    side: 'after',
    pattern: new RegExp(`${LEAD}[^"“”]{1,200}?\\s+${ADVERBS}(?<cue>${FINITE_CUES})\\b`, 'i'),
    speaker: 'before-cue',
    example: '"Besides, officers have been instructed," the communique added.',
  },
  {
    name: 'quote-narration-verb-speaker',
    side: 'after',
    pattern: new RegExp(`^(?<narration>${NARRATION})(?<cue>${FINITE_CUES})\\b`),
    speaker: 'after-cue',
    example: '"We\'re extremely happy" about the decision, said RoseAnn DeMoro, the union\'s director.',
  },
  {
    name: 'quote-narration-speaker-verb',
    side: 'after',
    pattern: new RegExp(`^(?<narration>${NARRATION})[^"“”,.;:!?]{1,100}?\\s+${ADVERBS}(?<cue>${FINITE_CUES})\\b`),
    speaker: 'before-cue',
    example: '"The politics are just so blatant" in the legislature, he said in an interview.',
  },
  {
    name: 'quote-dash-speaker',
    side: 'after',
    pattern: /^\s*(?<cue>[—–―]|--?)\s*(?=\p{Lu})[^"“”\n]{2,100}$/u,
    speaker: 'after-cue',
    setApart: true,
    example: '“The lines were long, but we waited.” ― Ana Ruiz, a voter in Reno',
  },
  {
    name: 'according-to-quote',
    side: 'before',
    pattern: /\b(?<cue>[Aa]ccording to)\s[^"“”]{1,100}?[,:]\s*$/,
    speaker: 'after-cue',
    example: 'According to the dark web message, "Hopefully this release will bring betterment."',
  },
  {
    name: 'speaker-verb-colon-quote',
    side: 'before',
    pattern: new RegExp(`${ACTIVE}\\b(?<cue>${FINITE_CUES})\\b${NOT_THAT}{0,150}?[,:—–―]\\s*$`),
    speaker: 'before-cue',
    example: 'In a statement, the PM Office said: "Security agencies have unearthed an attempt."',
  },
  {
    name: 'verb-speaker-quote',
    side: 'before',
    pattern: /^\s*(?<cue>Said|Says|Added|Adds|Asked|Asks|Wrote|Writes|Recalled|Recalls)\s+(?=\p{Lu})[^"“”]{2,150}?[,:]\s*$/u,
    speaker: 'after-cue',
    example: 'Said Dorothy Poynter, who grew up with Ali in the neighborhood, “We were all so proud of him.”',
  },
  {
    name: 'speaker-verb-quote',
    side: 'before',
    pattern: new RegExp(`\\b(?<cue>${FINITE_CUES})\\s*$`),
    speaker: 'before-cue',
    example: 'In the ad he declares "The purpose of our life is to cooperate."',
  },
  {
    name: 'participle-quote',
    side: 'before',
    pattern: new RegExp(`\\b(?<cue>${PARTICIPLE_CUES})(?:(?:\\s+(?!that\\b)[^"“”\\s,:]+){0,3}?\\s*[,:])?\\s*$`),
    speaker: 'clause-subject',
    capitalised: true,
    example: 'Imran Khan can be heard saying "Let\'s play with it."',
  },
  {
    name: 'colon-quote',
    side: 'before',
    pattern: /(?<cue>:)\s*$/,
    speaker: 'name-or-subject',
    example: 'The surge does not surprise pollster Daron Shaw: "Lesser-known candidates get the biggest boost."',
  },
];
