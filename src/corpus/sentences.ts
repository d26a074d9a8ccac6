// Splits article text into sentences with exact character offsets, so quotes stay verbatim.
import type { Sentence } from '../domain/article.ts';
import { breakSentences } from './sentenceBreaks.ts';

const BLANK_LINE = /\n[ \t\r]*\n/g;
/** A sentence that ends in a lone capital initial ("J.") or begins lower-case was cut too early. */
const ENDS_WITH_INITIAL = /(?:^|[\s("'“‘])[A-Z]\.$/;
const STARTS_LOWER = /^["'“‘(]?[a-z]/;
/** Initials and short forms the library ends a sentence at when a capitalised word follows ("U.S. Congress", "O.C. Davis", "St. Paul"). */
const ENDS_WITH_SHORT_FORM = /(?:^|[\s(<"“'-])(?:(?:[A-Z]\.){2,}|Ste?\.|Mt\.|Ft\.)$/;
const FIRST_WORD = /^["'“‘(]?([A-Z][\w'’-]*)/;
/** Words that usually open a sentence: after a short form, they mark a real boundary ("...in the U.S. The..."). */
const SENTENCE_OPENERS = new Set(
  (
    'A An The This That These Those There Here It Its He She They We I You His Her Their Our My Your ' +
    'In On At By For From To With Without Of Under Over After Before During Since Until When While If As ' +
    'But And Or So Yet Also However Meanwhile Although Though Still Then Now Last Next Some Many Most Other ' +
    'No Not One Two Three Both Each Every All Such What Who Which Where Why How'
  ).split(' '),
);
/** A full stop glued to the next sentence ("the record.Earlier"): word of 2+ lower-case letters, stop, capitalised word. */
const GLUED = /[a-z]{2}[.!?]["'”’)]?(?=[A-Z][a-z])/g;
/** A quotation that ends a sentence inside it: `...data." Then` (the library keeps it joined). */
const QUOTE_END = /[.!?]["”’](?=\s+["“‘]?[A-Z])/g;

/**
 * Splits `text` into sentences; each is `text.slice(start, end)` with surrounding whitespace trimmed.
 * Paragraphs (blank lines) always end a sentence.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const paragraph of paragraphs(text)) {
    const pieces = librarySentences(text, paragraph);
    for (const piece of mergeFalseBreaks(text, pieces)) {
      for (const part of splitMissedBreaks(text, piece)) {
        const trimmed = trim(text, part);
        if (trimmed) sentences.push(trimmed);
      }
    }
  }
  return sentences;
}

function paragraphs(text: string): Sentence[] {
  const result: Sentence[] = [];
  let start = 0;
  for (const match of text.matchAll(BLANK_LINE)) {
    result.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  result.push({ start, end: text.length });
  return result.filter((range) => text.slice(range.start, range.end).trim());
}

/**
 * The library's sentences, further cut at the sentence ends inside quotations: it keeps a quoted
 * speech of several sentences as one, too long to quote or highlight.
 */
function librarySentences(text: string, range: Sentence): Sentence[] {
  const body = text.slice(range.start, range.end);
  const sentences: Sentence[] = [];
  for (const broken of breakSentences(body)) {
    const sentence = { start: range.start + broken.start, end: range.start + broken.end };
    const cuts = broken.pairs.flatMap((pair) => {
      const inner = { start: range.start + pair.start + 1, end: range.start + pair.end - 1 };
      return mergeFalseBreaks(text, librarySentences(text, inner))
        .slice(0, -1)
        .map((piece) => piece.end);
    });
    sentences.push(...cutAt(sentence, cuts));
  }
  return sentences;
}

function mergeFalseBreaks(text: string, pieces: Sentence[]): Sentence[] {
  const merged: Sentence[] = [];
  for (const piece of pieces) {
    const previous = merged.at(-1);
    if (previous) {
      const before = text.slice(previous.start, previous.end).trimEnd();
      const after = text.slice(piece.start, piece.end).trimStart();
      if (ENDS_WITH_INITIAL.test(before) || STARTS_LOWER.test(after) || continuesShortForm(before, after)) {
        previous.end = piece.end;
        continue;
      }
    }
    merged.push({ ...piece });
  }
  return merged;
}

function continuesShortForm(before: string, after: string): boolean {
  const next = FIRST_WORD.exec(after)?.[1];
  return next !== undefined && ENDS_WITH_SHORT_FORM.test(before) && !SENTENCE_OPENERS.has(next);
}

function splitMissedBreaks(text: string, piece: Sentence): Sentence[] {
  const body = text.slice(piece.start, piece.end);
  const cuts: number[] = [];
  for (const pattern of [GLUED, QUOTE_END]) {
    for (const match of body.matchAll(pattern)) cuts.push(piece.start + match.index + match[0].length);
  }
  return cutAt(piece, cuts);
}

/** `range` cut at the given absolute offsets (ignoring ones outside it). */
function cutAt(range: Sentence, cuts: number[]): Sentence[] {
  const parts: Sentence[] = [];
  let start = range.start;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= range.end) continue;
    parts.push({ start, end: cut });
    start = cut;
  }
  parts.push({ start, end: range.end });
  return parts;
}

function trim(text: string, range: Sentence): Sentence | undefined {
  let { start, end } = range;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start < end ? { start, end } : undefined;
}
