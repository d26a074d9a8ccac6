// The words of a text as quotation checking compares them: case, accents, apostrophe styles and punctuation aside, with offsets.

/**
 * A word: letters or digits, with inner apostrophes ("don't", "Khan’s"); a number keeps its separators ("4,898,000",
 * "9:30", "220.84" are one word each: a changed figure is one changed word). Hyphens and other marks separate words.
 */
const WORD = /\p{N}+(?:[.,:]\p{N}+)*(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:['’ʼ][\p{L}\p{N}]+)*/gu;
/** An ellipsis in a checked quotation: words were left out there. */
const ELLIPSIS = /…|\.\s*\.\s*\./g;
const MARKS = /\p{M}/gu;

export interface Words {
  /** The compared form of each word (lower case, no accents, straight apostrophes). */
  keys: string[];
  starts: number[];
  ends: number[];
}

/** The compared form of a word as written. */
export function wordKey(word: string): string {
  return word.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(/[’ʼ]/g, "'");
}

export function wordsOf(text: string): Words {
  const words: Words = { keys: [], starts: [], ends: [] };
  for (const match of text.matchAll(WORD)) {
    words.keys.push(wordKey(match[0]));
    words.starts.push(match.index);
    words.ends.push(match.index + match[0].length);
  }
  return words;
}

/** The checked quotation's words, and before which of them an ellipsis stood for omitted words. */
export function checkedWords(text: string): Words & { omissionBefore: Set<number> } {
  const words = wordsOf(text);
  const omissionBefore = new Set<number>();
  for (const match of text.matchAll(ELLIPSIS)) {
    const next = words.starts.findIndex((start) => start >= match.index);
    omissionBefore.add(next < 0 ? words.keys.length : next);
  }
  return { ...words, omissionBefore };
}
