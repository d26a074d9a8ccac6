import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTerm, termsOf } from '../../src/corpus/terms.ts';
import { QuestionTerms, type SoughtTerm, type TermMatching } from '../../src/search/termMatch.ts';

/** What skipping words must give: every term of the text compared with every sought term and spelling. */
function heldInEveryTerm(sought: readonly SoughtTerm[], text: string, matching: TermMatching): boolean[] {
  const terms = termsOf(text);
  return sought.map(({ term, variants }) =>
    terms.some(
      (candidate) =>
        candidate === term ||
        (matching === 'prefix' && term.length >= 5 && candidate.startsWith(term)) ||
        (variants?.includes(candidate) ?? false),
    ),
  );
}

/**
 * Words whose terms start differently from how they are written, or not at all: capitals, accents (composed and
 * combining), letters whose lower case is longer ("İ"), ligatures, full-width digits, apostrophes, dots, endings the
 * stemmer trims, stopwords, numbers and times.
 */
const WORDS = [
  'Resign',
  'resignation',
  'resigned',
  'RESIGNS',
  'companies',
  'Company',
  'company’s',
  "O'Neill",
  'Oneill',
  'U.S.',
  'us',
  'the',
  'The',
  'Élysée',
  'elysee',
  'e\u0301lyse\u0301e',
  'İstanbul',
  'istanbul',
  'ﬁnance',
  'finance',
  'Straße',
  'strasse',
  'Ωmega',
  'ωmega',
  '１２',
  '12',
  '1987',
  '9:30',
  '09/30',
  'stepped',
  'step',
  'leaks',
  'leaked',
  'Leaking',
  'glasses',
  'glass',
  'Tesla',
  'tesla',
  'Ørsted',
  'orsted',
  'Über',
  'uber',
  'x',
  'X',
];

const spellingOf = fc.constantFrom(...WORDS).map((word) => normalizeTerm(word) ?? word.toLowerCase());

describe('QuestionTerms', () => {
  it.each<[string, SoughtTerm[], TermMatching, boolean[]]>([
    ['finds a term by an inflected word', [{ term: 'resign' }], 'exact', [true]],
    ['finds a longer term by prefix only when asked', [{ term: 'resign' }, { term: 'tesla' }], 'prefix', [true, false]],
    ['finds a misspelt name by its archive spelling', [{ term: 'smyth', variants: ['smith'] }, { term: 'tezla' }], 'exact', [true, false]],
  ])('%s', (_, sought, matching, expected) => {
    expect(new QuestionTerms(sought).heldIn('Mr Smith resigned; the resignation came late.', matching)).toEqual(expected);
  });

  it('holds what comparing every term of the text holds, whatever the words and the sought terms', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WORDS), { maxLength: 30 }),
        fc.array(fc.record({ term: spellingOf, variants: fc.option(fc.array(spellingOf, { maxLength: 3 }), { nil: undefined }) }), {
          maxLength: 6,
        }),
        fc.constantFrom<TermMatching>('exact', 'prefix'),
        (words, sought, matching) => {
          const text = words.join(' ');
          expect(new QuestionTerms(sought).heldIn(text, matching)).toEqual(heldInEveryTerm(sought, text, matching));
        },
      ),
      { seed: 24, numRuns: 3_000 },
    );
  });
});
