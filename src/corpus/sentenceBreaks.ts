// Where sentence-splitter ends sentences in plain text, found in one pass over the characters: the library's own rules
// and word lists, without the parser objects it builds per character (six times its cost on news text; see README).
import { English } from 'sentence-splitter/lang';

/** A sentence as the library splits it: offsets into the text, and the pair marks ("…", (…)) closed inside it. */
export interface BrokenSentence {
  start: number;
  end: number;
  /** Offsets of each opening mark and of its closing mark. */
  pairs: { start: number; end: number }[];
}

const lowerCased = (words: readonly string[]) => new Set(words.map((word) => word.toLowerCase()));
/** Compared regardless of case, as the library compares them. */
const ABBREVIATIONS = lowerCased(English.ABBREVIATIONS);
const PREPOSITIVE_ABBREVIATIONS = lowerCased(English.PREPOSITIVE_ABBREVIATIONS);
const EXCLAMATION_WORDS = lowerCased(English.EXCLAMATION_WORDS);
const SEPARATORS = new Set(['.', '．', '。', '?', '!', '？', '！']);
/** The library's pair marks, opening → closing; a mark of a kind already open does not open another (at most one of each is open). */
const PAIR_MARKS = new Map([
  ['"', '"'],
  ['[', ']'],
  ['(', ')'],
  ['{', '}'],
  ['「', '」'],
  ['（', '）'],
  ['『', '』'],
  ['｛', '｝'],
  ['［', '］'],
  ['〚', '〛'],
  ['【', '】'],
  ['《', '》'],
]);
const CLOSING_MARKS = new Map([...PAIR_MARKS].map(([opening, closing]) => [closing, opening]));
/** By character code, whether an ASCII character ends a sentence: most characters do not. */
const ASCII_SEPARATOR = asciiTable(SEPARATORS);
/** By character code, whether an ASCII character is a pair mark, opening or closing: most characters are neither. */
const ASCII_PAIR_MARK = asciiTable([...PAIR_MARKS.keys(), ...CLOSING_MARKS.keys()]);

/** A table by character code of which ASCII characters are among `chars` (one-character strings). */
function asciiTable(chars: Iterable<string>): Uint8Array {
  const table = new Uint8Array(128);
  for (const char of chars) if (char.charCodeAt(0) < 128) table[char.charCodeAt(0)] = 1;
  return table;
}
const SEVERAL_INITIALS = /^([a-zA-Z]\.){3,}$/;
const NUMBERED_LINE = /^\d+\.$/;
const CAPITAL_INITIAL = /^\p{Uppercase_Letter}\./u;
const CAPITALISED = /^\p{Uppercase_Letter}/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** One UTF-16 unit at a time, as the library reads text. */
function isSpace(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 128 ? code === 32 || (code >= 9 && code <= 13) : /\s/.test(char);
}
const isNewline = (char: string) => char === '\n' || char === '\r';
const endsWord = (char: string) => isSpace(char) || (char.charCodeAt(0) >= 128 && CJK.test(char));

/**
 * The sentences of `text` exactly as sentence-splitter's `split` gives them (its Sentence nodes' ranges and the pair
 * marks they hold): a sentence ends at `?` or `!`, or at `.` before a space, outside pair marks and abbreviations;
 * a line break does not end one.
 */
export function breakSentences(text: string): BrokenSentence[] {
  const sentences: BrokenSentence[] = [];
  const openMarks: { closing: string; at: number }[] = [];
  const closedPairs: { start: number; end: number }[] = [];
  /** Abbreviations are marked from where they start, always at or before the current offset: one end covers them all. */
  let abbreviationEnd = 0;
  let sentenceStart = -1;
  /** Pairs closed before the open sentence began lie before it: only later ones are looked at. */
  let pairsBefore = 0;

  const wordAt = (at: number): string => {
    let end = at;
    while (end < text.length && !endsWord(text[end])) end++;
    return text.slice(at, end);
  };
  const isSeparator = (at: number): boolean => {
    const code = text.charCodeAt(at);
    if ((code < 128 && ASCII_SEPARATOR[code] === 0) || openMarks.length > 0 || at < abbreviationEnd || !SEPARATORS.has(text[at]))
      return false;
    return text[at] !== '.' || at + 1 >= text.length || isSpace(text[at + 1]);
  };
  const markAbbreviation = (at: number): void => {
    if (at < abbreviationEnd || (at > 0 && !endsWord(text[at - 1]))) return;
    const word = wordAt(at);
    if (!word) return;
    const key = word.toLowerCase();
    if (SEVERAL_INITIALS.test(word) || EXCLAMATION_WORDS.has(key) || PREPOSITIVE_ABBREVIATIONS.has(key) || NUMBERED_LINE.test(word)) {
      abbreviationEnd = Math.max(abbreviationEnd, at + word.length);
      return;
    }
    const known = ABBREVIATIONS.has(key);
    if (!known && !CAPITAL_INITIAL.test(word)) return;
    let before = at - 1;
    while (before >= 0 && isSpace(text[before])) before--;
    while (before >= 0 && !isSpace(text[before])) before--;
    const previous = wordAt(before + 1);
    const next = wordAt(at + word.length + 1);
    // "Albert I. Jones": an initial between capitalised words; "A.M. is": a known abbreviation before a lower-case word.
    const initial = CAPITALISED.test(previous) && CAPITAL_INITIAL.test(word) && CAPITALISED.test(next);
    if (initial || (known && !CAPITALISED.test(next))) abbreviationEnd = Math.max(abbreviationEnd, at + word.length);
  };
  const markPair = (at: number): void => {
    const code = text.charCodeAt(at);
    if (code < 128 && ASCII_PAIR_MARK[code] === 0) return;
    const char = text[at];
    const closing = PAIR_MARKS.get(char) ?? (CLOSING_MARKS.has(char) ? char : undefined);
    if (closing === undefined) return;
    const open = openMarks.findIndex((mark) => mark.closing === closing);
    if (open < 0) {
      if (PAIR_MARKS.has(char)) openMarks.push({ closing, at });
    } else if (char === closing) {
      closedPairs.push({ start: openMarks[open].at, end: at });
      openMarks.splice(open, 1);
    }
  };
  const close = (end: number): void => {
    if (sentenceStart < 0) return;
    const pairs = closedPairs
      .slice(pairsBefore)
      .filter((pair) => pair.start >= sentenceStart)
      .sort((a, b) => a.start - b.start);
    sentences.push({ start: sentenceStart, end, pairs });
    sentenceStart = -1;
  };

  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (isNewline(char)) {
      while (at < text.length && isNewline(text[at])) at++;
    } else if (isSpace(char)) {
      while (at < text.length && isSpace(text[at]) && !isNewline(text[at])) at++;
    } else if (isSeparator(at)) {
      while (at < text.length && isSeparator(at)) at++;
      close(at);
    } else {
      if (sentenceStart < 0) {
        sentenceStart = at;
        pairsBefore = closedPairs.length;
      }
      do {
        markAbbreviation(at);
        markPair(at);
        at++;
      } while (at < text.length && !isNewline(text[at]) && !isSeparator(at));
    }
  }
  close(text.length);
  return sentences;
}
