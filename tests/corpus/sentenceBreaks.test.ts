// breakSentences reproduces sentence-splitter's `split` (its Sentence ranges and the pair marks inside them) exactly.
import fc from 'fast-check';
import { split } from 'sentence-splitter';
import { describe, expect, it } from 'vitest';
import { breakSentences } from '../../src/corpus/sentenceBreaks.ts';

interface LibraryNode {
  type: string;
  range: readonly [number, number];
  contexts?: { range: readonly [number, number] }[];
}

function librarySentences(text: string) {
  return (split(text) as LibraryNode[])
    .filter((node) => node.type === 'Sentence')
    .map((node) => ({
      start: node.range[0],
      end: node.range[1],
      pairs: (node.contexts ?? [])
        .filter((context) => context.range[0] >= node.range[0] && context.range[1] <= node.range[1])
        .map((context) => ({ start: context.range[0], end: context.range[1] }))
        .sort((a, b) => a.start - b.start),
    }));
}

/** Pieces news text is made of, and the marks the library's rules turn on. */
const PIECES = [
  ...' . . .  ? ! \n \n\n \r\n \t \u00a0 , ; "'.split(' '),
  ' ',
  '(',
  ')',
  '[',
  ']',
  '「',
  '」',
  '。',
  '！',
  '漢',
  'Mr.',
  'Dr.',
  'Gen.',
  'Co.',
  'Inc.',
  'a.m.',
  'U.S.',
  'U.S.A.',
  'J.',
  'St.',
  'Yahoo!',
  '12.',
  '1.5',
  'He',
  'Khan',
  'said',
  'the',
  'Jones',
  'étude',
  'Über',
];

describe('breakSentences', () => {
  it.each([
    ['plain sentences', 'One. Two? Three! Four'],
    ['abbreviations and initials', 'Mr. Khan met Gen. Zia at 9 a.m. today. Albert I. Jones left. The U.S.A. won.'],
    ['a quotation of two sentences', 'He said: "We won. We left." Then he went.'],
    ['a line break does not end a sentence', 'First line\nsecond line. Next one.'],
    ['an unclosed bracket swallows the rest', 'It (is open. Still open. And more.'],
    ['numbered lines', '1. First item 2. Second item. Done.'],
  ])('%s: the library’s sentences', (_name, text) => {
    expect(breakSentences(text)).toEqual(librarySentences(text));
  });

  it('agrees with the library on text made of news pieces and marks', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(breakSentences(text)).toEqual(librarySentences(text));
      }),
      { numRuns: 2_000, seed: 24 },
    );
  });
});
