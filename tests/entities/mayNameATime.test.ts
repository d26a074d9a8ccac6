// The filter that spares a question the date parser must never drop a text the date finder reads a time in: checked
// over texts built from chrono-node's own English vocabulary (the dictionaries and casual words its parsers match).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHRONO_WORDS } from './chronoVocabulary.ts';
import { mayNameATime } from '../../src/entities/dateQuery.ts';
import { findInSentence } from '../../src/entities/findDates.ts';

const OTHER_WORDS = 'what did Imran Khan say about cypher who warned officials WhatsApp links audio leak minister said , . ?'.split(' ');

const word = fc.oneof(fc.constantFrom(...CHRONO_WORDS), fc.constantFrom(...OTHER_WORDS), fc.integer({ min: 0, max: 2100 }).map(String));
const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));

const timeIn = (text: string) => findInSentence(text, '2023-08-25', undefined, { bareYears: true });

describe('mayNameATime', () => {
  it("lets through each of chrono-node's words the date finder reads alone", () => {
    const dropped = CHRONO_WORDS.filter((word) => timeIn(word).length > 0 && !mayNameATime(word));
    expect(dropped).toEqual([]);
  });

  it('lets through every text the date finder reads a time in', () => {
    fc.assert(
      fc.property(text, (question) => {
        const found = timeIn(question);
        expect(found.length === 0 || mayNameATime(question), `${question} → ${JSON.stringify(found)}`).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('spares the parser a question naming no time', () => {
    expect(mayNameATime('Who warned officials about WhatsApp links?')).toBe(false);
    expect(mayNameATime('What did Imran Khan say about the cypher?')).toBe(false);
  });
});
