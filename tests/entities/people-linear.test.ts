// Issue 23: finding people in an article without sentence punctuation is linear in its length, counted in steps, not timed.
import { describe, expect, it, vi } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.ts';
import { findPeople } from '../../src/entities/findPeople.ts';

/** Name comparisons findPeople makes: each call to containsRun, each lookup of names by word and each name it returns. */
const steps = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/entities/runs.ts', async (importOriginal) => {
  const runs = await importOriginal<typeof import('../../src/entities/runs.ts')>();
  class CountedNames extends runs.NamesByWord {
    override containing(part: string[], endsOnly: boolean): string[][] {
      const found = super.containing(part, endsOnly);
      steps.count += 1 + found.length;
      return found;
    }
  }
  return {
    ...runs,
    NamesByWord: CountedNames,
    containsRun: (whole: string[], part: string[], endsOnly: boolean) => {
      steps.count++;
      return runs.containsRun(whole, part, endsOnly);
    },
  };
});

/** "Chairman Babton Cde said …": `length` characters of distinct titled names and no full stop. */
function distinctNamesWithoutStops(length: number): string {
  const word = (n: number) => [0, 1, 2].map((i) => String.fromCharCode(97 + (Math.floor(n / 26 ** i) % 26))).join('');
  const capital = (text: string) => text[0].toUpperCase() + text.slice(1);
  let text = '';
  for (let n = 0; text.length < length; n++) text += `Chairman ${capital(word(n))}ton ${capital(word(n * 7 + 3))} said `;
  return text;
}

describe('people in an article without sentence punctuation', () => {
  it('compares names a number of times linear in the article length', () => {
    const ladder = [10_000, 20_000, 40_000].map((length) => {
      const text = distinctNamesWithoutStops(length);
      steps.count = 0;
      const people = new Set(findPeople(text, splitSentences(text)).map((mention) => mention.person)).size;
      return { people, steps: steps.count };
    });
    const [small, , large] = ladder;
    expect(large.people).toBeGreaterThan(3.5 * small.people);
    // Four times the text, four times the names: pairing every name with every other would be sixteen times the steps.
    expect(large.steps / small.steps).toBeLessThan(6);
  });
});
