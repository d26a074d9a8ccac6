// The word splitter the name finder uses (src/entities/words.ts) against compromise's own tokeniser, which it replaces.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../src/entities/words.ts';

interface LibraryWord {
  text: string;
  pre: string;
  post: string;
  normal: string;
}
const world = nlp.world() as {
  methods: {
    one: {
      tokenize: { splitSentences(text: string, world: unknown): string[]; fromString(text: string, world: unknown): LibraryWord[][] };
    };
  };
};
const { splitSentences, fromString } = world.methods.one.tokenize;

const asLibrary = (sentence: string) =>
  fromString(sentence, world)
    .flat()
    .map(({ text, pre, post, normal }) => ({ text, pre, post, normal }));
const asOurs = (sentence: string) => wordsOf(sentence).map(({ text, pre, post, normal }) => ({ text, pre, post, normal }));

describe('wordsOf', () => {
  it("splits every sentence of the seed articles as compromise's tokeniser does", () => {
    const folder = new URL('../../seeds/', import.meta.url);
    const texts = readdirSync(folder)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => readFileSync(new URL(name, folder), 'utf8'));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) for (const sentence of splitSentences(text, world)) expect(asOurs(sentence)).toEqual(asLibrary(sentence));
  });

  it('splits generated news text as compromise does: hyphens, slashes, ranges, acronyms, quotes, accents', () => {
    const piece = fc.constantFrom(
      'Baker',
      "O'Reilly's",
      'U.S.',
      'co-operation',
      'Abdul-Rahim',
      '10-20',
      '1986/87',
      'dlrs/tonne',
      'Nestlé',
      '3.5',
      '(Alan)',
      '"We',
      "think'",
      'said,',
      'Pay',
      "'N",
      'Pak.',
      '--',
      '...',
      ':)',
      'A.',
      'e.g.',
      '<IBM>',
      '1,000',
      '—',
      'mid-1987',
      'pre-tax',
      'Jones’s',
      '+5',
      '(3)',
    );
    const space = fc.constantFrom(' ', ' ', '  ', '\n', ' - ', ', ');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, space), { minLength: 1, maxLength: 25 }), (parts) => {
        const text = parts.flat().join('');
        for (const sentence of splitSentences(text, world)) expect(asOurs(sentence)).toEqual(asLibrary(sentence));
      }),
      { seed: 24, numRuns: 400 },
    );
  });
});
