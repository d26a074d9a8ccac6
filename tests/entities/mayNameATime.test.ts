// The filter that spares a question the date parser must never drop a text the date finder reads a time in: checked
// over texts built from chrono-node's own English vocabulary (the dictionaries and casual words its parsers match).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayNameATime } from '../../src/entities/dateQuery.ts';
import { findInSentence } from '../../src/entities/findDates.ts';

const require = createRequire(import.meta.url);
/** chrono-node's English dictionaries; its package exports do not name the file, so it is required by path. */
const dictionaries = require(resolve('node_modules/chrono-node/dist/cjs/locales/en/constants.js')) as Record<
  string,
  Record<string, unknown>
>;

const CHRONO_WORDS = [
  ...['WEEKDAY_DICTIONARY', 'MONTH_DICTIONARY', 'INTEGER_WORD_DICTIONARY', 'ORDINAL_WORD_DICTIONARY', 'TIME_UNIT_DICTIONARY'].flatMap(
    (name) => Object.keys(dictionaries[name]),
  ),
  // The casual date and time parsers' words (ENCasualDateParser, ENCasualTimeParser, ENEndOfCurrentMonthParser).
  ...'now today tonight tomorrow overmorrow tmr tmrw yesterday night morning afternoon evening midnight midday noon end'.split(' '),
  // Words the relative, ago, later and within parsers put around a number and a unit.
  ...'this last past next after before ago earlier later from henceforth forward out within in for on at the a an few several couple of half about around BC AD am pm'.split(
    ' ',
  ),
];
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
