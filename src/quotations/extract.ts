// Finds an article's direct quotations, their reporting words and their speakers, by the rules in rules.ts.
import type { Sentence } from '../domain/article.ts';
import { splitSentences } from '../corpus/sentences.ts';
import { findPeople } from '../entities/findPeople.ts';
import type { PersonMention } from '../domain/mentions.ts';
import { FINITE_CUES, PARTICIPLE_CUES, speakerIsObject } from './cues.ts';
import { DIRECTION_MARKS, findQuotedSpans, paragraphRanges, type QuotedSpan } from './marks.ts';
import { notAQuotation } from './notQuotations.ts';
import { isPronoun, phraseAfter, phraseBefore, type Span } from './phrases.ts';
import { ATTRIBUTION_RULES, type AttributionRule } from './rules.ts';
import { classifySpeaker, resolveDescription, resolvePronoun, type NamedSpeaker } from './speakers.ts';
import type { Quotation, Speaker } from '../domain/quotation.ts';

/** Short forms whose full stop does not end a sentence (a party-and-state tag too: "Rep. Earl Blumenauer (D-Ore.) said"). */
const ABBREVIATED =
  /(?:\(\p{Lu}-[\p{L}.]+|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Prof|Rev|St|Jr|Sr|Hon|Mt|Ft|No|vs|etc|Inc|Corp|Co|Jan|Feb|Aug|Sept|Oct|Nov|Dec)|\b[A-Z]|(?:[A-Z]\.)+[A-Z])\.$/u;
const UNKNOWN: Speaker = { kind: 'unknown', name: null };
/** A reporting word between two quoted spans: the second is reported anew ("…," he said, adding that it was "…"), not a further piece. */
const FURTHER_CUE = new RegExp(`\\b(?:${FINITE_CUES}|${PARTICIPLE_CUES})\\b`, 'i');

interface Found {
  span: QuotedSpan;
  paragraph: number;
  /** Where the clause before the quotation starts. */
  clauseStart: number;
  cue?: Span;
  speaker: Speaker;
  /** End of the attribution after the quotation (its speaker phrase or cue), for telling interruptions. */
  attributionEnd?: number;
  rule?: string;
  pieces: { start: number; end: number }[];
}

export interface QuotationInput {
  text: string;
  /** The article's sentences and people, when already computed (the index build has them). */
  sentences?: Sentence[];
  people?: PersonMention[];
}

/** Every direct quotation of an article, in text order, with its cue and speaker. */
export function findQuotations(input: QuotationInput): Quotation[] {
  const { text } = input;
  const people = input.people ?? findPeople(text, input.sentences ?? splitSentences(text));
  const paragraphs = paragraphRanges(text);
  const paragraphOf = (offset: number) => paragraphs.findIndex((range) => offset >= range.start && offset < range.end);
  const spans = findQuotedSpans(text).filter((span) => notAQuotation(text, span) === undefined);
  const found: Found[] = spans.map((span, i) => {
    const paragraph = paragraphOf(span.start);
    const previous = spans[i - 1];
    const floor = Math.max(paragraphs[paragraph].start, previous && previous.end <= span.start ? previous.end : 0);
    // A paragraph that opens with a quotation after one ending in a colon ("In a 1963 speech, he declared:") is introduced by it.
    const introduced =
      span.start === paragraphs[paragraph].start &&
      paragraph > 0 &&
      /:\s*$/.test(text.slice(paragraphs[paragraph - 1].start, paragraphs[paragraph - 1].end));
    const clauseStart = introduced
      ? sentenceStartBefore(text, Math.max(paragraphs[paragraph - 1].start, previous?.end ?? 0), paragraphs[paragraph - 1].end)
      : sentenceStartBefore(text, floor, span.start);
    return { span, paragraph, clauseStart, speaker: UNKNOWN, pieces: span.pieces };
  });
  for (const [i, item] of found.entries()) attribute(text, item, found[i + 1], paragraphs[paragraphOf(item.span.end - 1)].end, people);

  const quotations = joinContinuations(text, found).filter((item) => item.rule !== undefined);
  const quoted = (offset: number) => quotations.some((item) => item.pieces.some((piece) => offset >= piece.start && offset < piece.end));
  let lastSpeaker: NamedSpeaker | undefined;
  for (const item of quotations) {
    const speaker = item.speaker;
    if (speaker.kind === 'pronoun' && speaker.start !== undefined) {
      const windowStart = Math.max(0, sentenceStartBefore(text, paragraphs[Math.max(0, item.paragraph - 1)].start, item.span.start));
      const resolved = resolvePronoun(text.slice(speaker.start, speaker.end), speaker.start, lastSpeaker, people, quoted, windowStart);
      if (resolved) item.speaker = { ...speaker, name: resolved.name, resolvedBy: resolved.rule };
    } else if (speaker.kind === 'description') {
      const resolved = resolveDescription(text, speaker, people);
      if (resolved) item.speaker = { ...speaker, kind: 'name', name: resolved.name, resolvedBy: resolved.rule };
    }
    if (item.speaker.name !== null && item.speaker.kind !== 'description') lastSpeaker = { name: item.speaker.name, at: item.span.end };
  }
  return oneQuotationPerWording(text, quotations).map((item) => ({
    start: item.pieces[0].start,
    end: item.pieces[item.pieces.length - 1].end,
    pieces: item.pieces,
    cue: item.cue ? text.slice(item.cue.start, item.cue.end) : '',
    ...(item.cue ? { cueStart: item.cue.start, cueEnd: item.cue.end } : {}),
    speaker: item.speaker,
    rule: item.rule!,
  }));
}

/**
 * Quotations with the same words (punctuation and case aside) in one article are one quotation: the first is
 * kept (`"Let's play with it."` in one paragraph, `"Let's play with it,"` in the next). PolNeAR train annotates
 * 7 such repeats among 4,017 direct quotations.
 */
function oneQuotationPerWording(text: string, quotations: Found[]): Found[] {
  const seen = new Set<string>();
  return quotations.filter((item) => {
    const words = item.pieces
      .map(
        (piece) =>
          text
            .slice(piece.start, piece.end)
            .toLowerCase()
            .match(/[\p{L}\p{N}]+/gu)
            ?.join(' ') ?? '',
      )
      .join(' ');
    if (seen.has(words)) return false;
    seen.add(words);
    return true;
  });
}

/** Applies the first rule that fits; a quotation no rule attributes stays unattributed (a phrase in scare quotes, a title). */
function attribute(text: string, item: Found, next: Found | undefined, paragraphEnd: number, people: PersonMention[]): void {
  const { span } = item;
  const before = text.slice(item.clauseStart, span.start).replace(DIRECTION_MARKS, '');
  const afterEnd = Math.min(
    sentenceEndAfter(text, span.end, paragraphEnd),
    next && next.span.start >= span.end ? next.span.start : paragraphEnd,
  );
  // A quotation that ends its sentence ("…officials.") takes the clause before it first; one that ends in a comma, the words after.
  const endsSentence = span.closed && /[.]\s*\S{1,2}$/.test(text.slice(span.start, span.end));
  const order = endsSentence ? ['before', 'after'] : ['after', 'before'];
  // Words before the quotation in its clause make it a quoted phrase of someone's sentence, not a quotation ("should resign "if he had any shame," media reports said");
  // an opening bracket does not: `(“I don’t want fisticuffs,” said one party activist.)` (train: 5 more found, 4 right).
  const opensClause = /^\s*$|[,:;—–―(-]\s*$/.test(before);
  const setApart = setApartEnd(text, span, afterEnd, paragraphEnd);
  for (const side of order) {
    if (side === 'after' && !opensClause) continue;
    for (const rule of ATTRIBUTION_RULES.filter((candidate) => candidate.side === side)) {
      if (rule.setApart && setApart === undefined) continue;
      const contextEnd = rule.setApart ? setApart! : afterEnd;
      const context = side === 'after' ? text.slice(span.end, contextEnd) : before;
      const offset = side === 'after' ? span.end : item.clauseStart;
      const match = rule.pattern.exec(context);
      if (!match?.groups?.cue) continue;
      if (rule.capitalised && !opensCapitalised(text, span)) continue;
      if (side === 'before' && splitsContent(text, item, span, offset + match.index)) continue;
      const cue = locateCue(text, offset + match.index, offset + match.index + match[0].length, match.groups.cue);
      // After a quotation that ends its sentence, "X said" must be a short sentence of its own ("…." Trump said on Monday.);
      // a longer one introduces what follows ("…quo.” She went on to say that …").
      if (side === 'after' && endsSentence && rule.speaker === 'before-cue' && wordCount(text.slice(cue.end, contextEnd)) > 6) continue;
      // A rule may let a few words of narration sit between the closing mark and the attribution; the speaker comes after them.
      const from = span.end + (match.groups.narration?.length ?? 0);
      const phrase = speakerPhrase(text, rule, cue, item, span, from, contextEnd, side);
      if (rule.speaker !== 'clause-subject' && !phrase) continue;
      item.cue = cue;
      item.rule = rule.name;
      item.speaker = phrase ? classifySpeaker(text, phrase, people) : UNKNOWN;
      if (side === 'after') item.attributionEnd = Math.max(cue.end, phrase?.end ?? 0);
      return;
    }
  }
}

const wordCount = (words: string) => words.split(/\s+/).filter(Boolean).length;

function locateCue(text: string, from: number, to: number, cue: string): Span {
  const at = text.slice(from, to).lastIndexOf(cue);
  return { start: from + at, end: from + at + cue.length };
}

function speakerPhrase(
  text: string,
  rule: AttributionRule,
  cue: Span,
  item: Found,
  span: QuotedSpan,
  from: number,
  afterEnd: number,
  side: string,
): Span | undefined {
  const inverted = rule.speaker === 'after-cue' || speakerIsObject(text.slice(cue.start, cue.end));
  if (inverted) return phraseAfter(text, cue.end, side === 'after' ? afterEnd : span.start);
  if (rule.speaker === 'before-cue') {
    const floor = side === 'after' ? from : item.clauseStart;
    const phrase = phraseBefore(text, floor, cue.start);
    // After a quotation, the phrase must fill the words up to the verb (`", which he said` is no attribution), or all of them be one.
    if (phrase && side === 'after' && !/^[\s,—–―-]*$/.test(text.slice(from, phrase.start))) return wholeGap(text, from, cue.start);
    if (!phrase && side === 'after') return headBeforeAppositive(text, from, cue.start);
    // "Carson did not mention them, but told his supporters:": the verb's subject is the clause's.
    if (!phrase && side === 'before' && /\b(?:and|but|then)\s+$/.test(text.slice(floor, cue.start)))
      return clauseSubject(text, item.clauseStart, cue.start);
    if (!phrase && side === 'before') return nameBeforeAppositive(text, floor, cue.start);
    return phrase;
  }
  if (rule.speaker === 'name-or-subject') {
    const phrase = phraseBefore(text, item.clauseStart, cue.start);
    // "pollster Daron Shaw:" names its speaker; "Cruz called them on it:" does not, its subject does.
    const last = phrase ? text.slice(phrase.start, phrase.end).split(/\s+/).at(-1)! : '';
    if (phrase && /^\p{Lu}/u.test(last) && !isPronoun(last)) return phrase;
  }
  return clauseSubject(text, item.clauseStart, cue.start);
}

/**
 * The words between a closing mark and its verb as one speaker phrase, when they are a short noun phrase the
 * backward reading stopped inside ("the Florida senator and Republican presidential candidate said", "a
 * voice-over in the ad states"); a relative clause (`", which he said`) is none.
 */
function wholeGap(text: string, from: number, cueStart: number): Span | undefined {
  const gap = /^[\s,—–―-]*(?<phrase>(?:\p{Lu}|(?:the|a|an)\s)[^,;:"“”()]*?)\s*$/u.exec(text.slice(from, cueStart));
  if (!gap?.groups?.phrase || gap.groups.phrase.split(/\s+/).length > 8) return undefined;
  if (
    /\b(?:which|who|that|whom|whose|when|where|as|if|is|was|were|are|be|been|has|have|had|do|does|did|will|would|can|could|should|may|might|must|to|not)\b|^(?:I|He|She|It|We|They|You)\b/i.test(
      gap.groups.phrase,
    )
  )
    return undefined;
  const start = from + gap[0].indexOf(gap.groups.phrase);
  return { start, end: start + gap.groups.phrase.length };
}

/**
 * The speaker named right after a quotation and before an appositive of any shape, up to its verb:
 * `"…," Benjamin J. Rhodes, Mr. Obama's deputy national security adviser, said` → "Benjamin J. Rhodes";
 * `"…," Jim Bennett, 57, said` → "Jim Bennett".
 */
function headBeforeAppositive(text: string, from: number, cueStart: number): Span | undefined {
  const match = /^[\s,—–―-]*(?<head>[^,"“”]{2,60}?),[^"“”]*,\s*(?:\p{Ll}+ly\s+|also\s+)?$/u.exec(text.slice(from, cueStart));
  if (!match?.groups?.head || match.groups.head.split(/\s+/).length > 8) return undefined;
  const start = from + match[0].indexOf(match.groups.head);
  return phraseAfter(text, start, start + match.groups.head.length + 1);
}

/**
 * The name that a clause opens with before an appositive of any shape, up to its verb:
 * `Tad Devine, Sanders's chief strategist, said, "…"` → "Tad Devine" (the first comma-separated chunk that ends in a name).
 */
function nameBeforeAppositive(text: string, from: number, cueStart: number): Span | undefined {
  const clause = text.slice(from, cueStart);
  if (!/,\s*(?:\p{Ll}+ly\s+|also\s+)?$/u.test(clause)) return undefined;
  let at = 0;
  for (const chunk of clause.split(/,\s/).slice(0, -1)) {
    const start = from + at + (chunk.length - chunk.trimStart().length);
    at += chunk.length + 2;
    if (
      chunk.trim().split(/\s+/).length > 6 ||
      !/^\s*\p{Lu}/u.test(chunk) ||
      /^\s*(?:In|On|At|During|After|Before|When|While|Asked|Speaking|But|And)\b/.test(chunk)
    )
      continue;
    const phrase = phraseAfter(text, start, start + chunk.trim().length + 1);
    if (phrase && /\p{Lu}\p{L}*$/u.test(text.slice(phrase.start, phrase.end))) return phrase;
  }
  return undefined;
}

/**
 * What may open a sentence before its subject: a conjunction and an introductory phrase up to a comma ("In a
 * statement,", "Back in 1999,", "But back on American soil,", "And then").
 */
const SENTENCE_OPENING =
  /^(?:(?:and|but|so|yet|then|now|still|also)\s+)?(?:(?:in|on|at|during|after|before|earlier|later|speaking|asked|responding|writing|since|here|there|back|ever|when|while|as|if|once|even|instead|meanwhile)\b[^,]{0,80},\s*)?(?:(?:and|but|so|yet|then|now|still|also)\s+(?:then\s+|so\s+|now\s+)?)?/i;

/**
 * The subject of the clause a participle hangs from: the phrase after the last "as"/"when"/"and", else the one
 * after the sentence's opening words ("Back in 1999, Mr. Trump praised him, telling CNBC:" → "Mr. Trump", not
 * "Back"); when no subject follows them, the sentence's first phrase, as before.
 */
function clauseSubject(text: string, start: number, end: number): Span | undefined {
  const clause = text.slice(start, end);
  const later = [...clause.matchAll(/\b(?:as|when|while|because|and|but|where|after)\s+/g)].map((match) => match.index + match[0].length);
  for (const at of [...later.reverse(), SENTENCE_OPENING.exec(clause)![0].length, 0]) {
    const phrase = phraseAfter(text, start + at, end);
    if (phrase && /^(?:\p{Lu}|(?:he|she|they|it|we|I)\b)/u.test(text.slice(phrase.start, phrase.end))) return phrase;
  }
  return undefined;
}

/**
 * Where the attribution of a quotation set apart may end, when the quotation opens its paragraph: the paragraph's
 * end, or the next paragraph's when nothing follows the quotation in its own (`"…"` / `- Sanders.`).
 */
function setApartEnd(text: string, span: QuotedSpan, afterEnd: number, paragraphEnd: number): number | undefined {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  if (text.slice(lineStart, span.start).replace(DIRECTION_MARKS, '').trim() !== '') return undefined;
  if (text.slice(span.end, paragraphEnd).trim() !== '') return afterEnd;
  const next = /^\s*[^\n]*/.exec(text.slice(paragraphEnd));
  return paragraphEnd + (next?.[0].length ?? 0);
}

const opensCapitalised = (text: string, span: QuotedSpan) => /^\P{L}*\p{Lu}/u.test(text.slice(span.start, span.end));

/**
 * Whether a lower-case quotation after a parenthetical "…, he said," continues a sentence that started before
 * the speaker ("An economic downturn, he said, “could be a good time…”"): then the quoted words are a piece of
 * paraphrased content, not a quotation on its own. A capitalised quotation opens its own sentence
 * ("Holding open a book, Beck said, “I just want to ask you…”": +0.011 recall on train at −0.003 precision).
 */
function splitsContent(text: string, item: Found, span: QuotedSpan, cueClauseAt: number): boolean {
  if (opensCapitalised(text, span) || !/,\s*$/.test(text.slice(item.clauseStart, span.start))) return false;
  const lead = text.slice(item.clauseStart, cueClauseAt).replace(/\s+$/, '');
  return /,\s*\S+(?:\s+\S+){0,6}\s*$/.test(lead + ' ');
}

/**
 * When a quoted span is a further piece of the quotation before it (one quotation, several spans), as a table
 * of named rules tried in order. Train figures (PolNeAR, `npm run eval -- --set quotations --split train`):
 * joining the sentence and paragraph continuations raised exact-span F1 from 0.763 to 0.836 and the
 * "continued" class's recall from 0.841 to 0.920, at equal quotation recall. Requiring punctuation before the
 * next piece and no further cue in between ("…," Anderson said, adding that Sanders is "…": two quotations)
 * raised exact-span F1 on train from 0.855 to 0.863 (dev 0.840 → 0.852), quotation figures unchanged.
 */
export const CONTINUATIONS: { name: string; example: string; joins: (text: string, previous: Found, item: Found) => boolean }[] = [
  {
    name: 'interrupted-by-attribution',
    example: '"There was carnage on the road," Bouhlel said. "Bodies everywhere."',
    joins: (text, previous, item) => {
      if (previous.paragraph !== item.paragraph || previous.attributionEnd === undefined) return false;
      const sameCue = item.cue !== undefined && previous.cue !== undefined && item.cue.start === previous.cue.start;
      // Between the attribution and the next piece: a few words ending in punctuation ("Bouhlel said. ", "he said, "), perhaps a
      // conjunction ("he said outside the building. But "), no further cue.
      const between = text.slice(previous.attributionEnd, item.span.start);
      return (
        (item.rule === undefined || sameCue) &&
        /^[^.!?"“”]{0,80}[.,:;—–―-]\s*(?:(?:But|And|Yet|Still|So)\s+)?$/.test(between) &&
        !FURTHER_CUE.test(between)
      );
    },
  },
  {
    name: 'next-sentence-or-paragraph',
    example: '"We will appeal," Azam Khan said on Monday after the hearing.\n\n"The court was wrong."',
    joins: (text, previous, item) =>
      item.rule === undefined &&
      /^\s*$/.test(text.slice(item.clauseStart, item.span.start)) &&
      item.paragraph - previous.paragraph <= 1 &&
      previous.speaker.kind !== 'unknown',
  },
];

/** Joins each quoted span that continues the attributed quotation before it into that quotation, as a further piece. */
function joinContinuations(text: string, found: Found[]): Found[] {
  const kept: Found[] = [];
  // The last attributed quotation, past quoted spans no rule attributed (a title in its attribution: `he said on "Meet the Press." "…"`).
  let previous: Found | undefined;
  for (const item of found) {
    const before = previous;
    if (before && CONTINUATIONS.some((continuation) => continuation.joins(text, before, item))) {
      before.pieces = [...before.pieces, ...item.pieces];
      before.span = { ...before.span, end: item.span.end };
      continue;
    }
    kept.push(item);
    if (item.rule !== undefined) previous = item;
  }
  return kept;
}

/** Start of the sentence holding `at` (not before `floor`): just after the last full stop, question or exclamation mark that ends a sentence. */
function sentenceStartBefore(text: string, floor: number, at: number): number {
  const body = text.slice(floor, at);
  let start = floor;
  for (const match of body.matchAll(/[.!?]["”'’)]*\s+/g)) {
    const upTo = body.slice(0, match.index + 1);
    if (ABBREVIATED.test(upTo)) continue;
    start = floor + match.index + match[0].length;
  }
  return start;
}

/** End of the sentence that goes on at `from` (not past `ceiling`). */
function sentenceEndAfter(text: string, from: number, ceiling: number): number {
  const body = text.slice(from, ceiling);
  for (const match of body.matchAll(/[.!?](?=["”'’)]*(?:\s|$))/g)) {
    if (ABBREVIATED.test(body.slice(0, match.index + 1))) continue;
    return from + match.index + 1;
  }
  return ceiling;
}
