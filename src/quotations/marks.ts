// Finds the quoted spans of a text: pairs opening and closing quotation marks of every style, across paragraphs that continue a quotation.

/** How a mark can be read: only as an opening, only as a closing, or either (decided by the characters around it). */
type MarkRole = 'open' | 'close' | 'either';

/** The double quotation marks we pair, longest first so `''` is read before a lone `'`. */
export const QUOTATION_MARKS: { mark: string; role: MarkRole }[] = [
  { mark: '``', role: 'open' },
  { mark: "''", role: 'either' },
  { mark: '“', role: 'either' },
  { mark: '”', role: 'either' },
  { mark: '„', role: 'open' },
  { mark: '«', role: 'open' },
  { mark: '»', role: 'close' },
  { mark: '"', role: 'either' },
];

/** Markup whose quotation marks are not quotations: `<tweet tweet-id="…">`. */
const MARKUP = /<[a-z][^<>\n]*>|<\/?[a-z]+\/?>/gi;
const MARK_PATTERN = new RegExp(QUOTATION_MARKS.map(({ mark }) => mark.replace(/[`]/g, '\\`')).join('|'), 'g');
/** Invisible direction marks that pasted social-media text carries (U+202A before a quoted post). */
export const DIRECTION_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Before an opening mark: start, space, an opening bracket or dash, a colon, or a direction mark. */
const OPENS_AFTER = /[\s([{\u2014\u2013\u2015:/\u200e\u200f\u202a-\u202e\u2066-\u2069-]$|^$/;
/** After a closing mark: end, space, punctuation. */
const CLOSES_BEFORE = /^(?:$|[\s.,;:!?)\]}\u2014\u2013\u2015/'’-])/;

export interface QuotedSpan {
  /** Offsets of the opening mark's start and the closing mark's end (or the paragraph end when never closed). */
  start: number;
  end: number;
  /** One piece per paragraph: a quotation continued in the next paragraph (no closing mark, next opens one) has several. */
  pieces: { start: number; end: number }[];
  closed: boolean;
}

interface Mark {
  start: number;
  end: number;
  canOpen: boolean;
  canClose: boolean;
}

/** Paragraphs of `text`: runs between line breaks. */
export function paragraphRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  const pattern = /[^\n]+/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0].trim()) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges;
}

function marksIn(text: string, start: number, end: number, masked: boolean[]): Mark[] {
  const marks: Mark[] = [];
  const body = text.slice(start, end);
  for (const match of body.matchAll(MARK_PATTERN)) {
    // `'''` after a word closes a single mark and then the double one: "the word 'old-school,''' said Slayton".
    const at =
      start +
      match.index +
      (match[0] === "''" && text[start + match.index + 2] === "'" && /\S/.test(text[start + match.index - 1] ?? ' ') ? 1 : 0);
    if (masked[at]) continue;
    const role = QUOTATION_MARKS.find(({ mark }) => mark === match[0])!.role;
    const before = text.slice(Math.max(start, at - 1), at);
    const after = text.slice(at + match[0].length, Math.min(end, at + match[0].length + 1));
    const spaceBefore = OPENS_AFTER.test(before);
    const spaceAfter = CLOSES_BEFORE.test(after);
    let canOpen = role !== 'close' && spaceBefore && !/^\s/.test(after) && after !== '';
    let canClose = role !== 'open' && (!spaceBefore || spaceAfter);
    // A lone apostrophe pair inside a word ("rock''n''roll") is neither.
    if (match[0] === "''" && !spaceBefore && !spaceAfter) canClose = false;
    if (match[0] === '“' && canOpen) canClose = false;
    if (match[0] === '”' && canClose) canOpen = false;
    if (!canOpen && !canClose) continue;
    if (canOpen && canClose) canOpen = spaceBefore && !spaceAfter;
    marks.push({ start: at, end: at + match[0].length, canOpen, canClose: canClose && !canOpen });
  }
  return marks;
}

/** Every quoted span of `text`, in order: double quotation marks, then single ones outside them. */
export function findQuotedSpans(text: string): QuotedSpan[] {
  const double = findDoubleQuotedSpans(text);
  return [...double, ...findSingleQuotedSpans(text, double)].sort((a, b) => a.start - b.start);
}

/**
 * Single quotation marks (`‘…’`, `'…'`) told apart from apostrophes: an opening mark follows a space, a dash,
 * a colon or the start of a line and comes before a letter or digit ("don’t", "’90s", "Sanders’ " never
 * open); the closing mark is the first one after a non-space that no letter follows. Pairs stay within a
 * paragraph and outside double quotation marks (a quotation inside a quotation is part of it).
 * Train figures (PolNeAR): 32 gold quotations open with a single mark; see README for what the rules attribute.
 */
const SINGLE_OPENING = /(?<=^|[\s([\u2014\u2013\u2015:—-])(?:‘|'(?!'))(?=[\p{L}\p{N}$])/gu;
const SINGLE_CLOSING = /(?<=[^\s'])(?:’|')(?!['\p{L}\p{N}])/gu;

function findSingleQuotedSpans(text: string, double: QuotedSpan[]): QuotedSpan[] {
  const inDouble = (offset: number) => double.some((span) => offset >= span.start && offset < span.end);
  const spans: QuotedSpan[] = [];
  for (const paragraph of paragraphRanges(text)) {
    const body = text.slice(paragraph.start, paragraph.end);
    let from = 0;
    for (const opening of body.matchAll(SINGLE_OPENING)) {
      const start = paragraph.start + opening.index;
      if (opening.index < from || inDouble(start) || (text[start - 1] === "'" && text[start] === "'")) continue;
      SINGLE_CLOSING.lastIndex = opening.index + 1;
      const closing = SINGLE_CLOSING.exec(body);
      if (!closing) break;
      const end = paragraph.start + closing.index + 1;
      from = closing.index + 1;
      if (inDouble(end - 1)) continue;
      spans.push({ start, end, pieces: [{ start, end }], closed: true });
    }
  }
  return spans;
}

function findDoubleQuotedSpans(text: string): QuotedSpan[] {
  const masked: boolean[] = new Array(text.length).fill(false);
  for (const match of text.matchAll(MARKUP)) for (let i = match.index; i < match.index + match[0].length; i++) masked[i] = true;
  const spans: QuotedSpan[] = [];
  let open: { start: number; pieces: { start: number; end: number }[]; pieceStart: number } | undefined;
  const paragraphs = paragraphRanges(text);
  for (const [index, paragraph] of paragraphs.entries()) {
    const marks = marksIn(text, paragraph.start, paragraph.end, masked);
    let first = true;
    for (const mark of marks) {
      if (open) {
        if (mark.canClose) {
          open.pieces.push({ start: open.pieceStart, end: mark.end });
          spans.push({ start: open.start, end: mark.end, pieces: open.pieces, closed: true });
          open = undefined;
        } else if (first && mark.start === paragraph.start && open.pieces.length > 0 && open.pieceStart === -1) {
          open.pieceStart = mark.start; // the opening mark of a continuing paragraph
        }
      } else if (mark.canOpen) {
        open = { start: mark.start, pieces: [], pieceStart: mark.start };
      }
      first = false;
    }
    if (open) {
      // Never closed in this paragraph: it goes on only if the next paragraph opens with a quotation mark.
      const end = trimEnd(text, paragraph.start, paragraph.end);
      if (open.pieceStart === -1) open.pieceStart = paragraph.start;
      open.pieces.push({ start: open.pieceStart, end });
      const next = paragraphs[index + 1];
      const continues =
        next !== undefined &&
        marksIn(text, next.start, next.end, masked)[0]?.start === next.start &&
        marksIn(text, next.start, next.end, masked)[0].canOpen;
      if (continues) open.pieceStart = -1;
      else {
        spans.push({ start: open.start, end, pieces: open.pieces, closed: false });
        open = undefined;
      }
    }
  }
  return spans;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
