// The date finder skips a chrono-node parser on a sentence without what its pattern needs (PARSER_NEEDS): checked on
// every parser over texts built from chrono's English vocabulary, numbers and the punctuation dates are written with.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import type * as Chrono from 'chrono-node';
import { describe, expect, it } from 'vitest';
import { CHRONO_WORDS } from './chronoVocabulary.ts';
import { PARSER_NEEDS } from '../../src/entities/findDates.ts';

const require = createRequire(import.meta.url);
const chrono = require('chrono-node') as typeof Chrono;
const OTHER_WORDS = 'Imran Khan said the minister shares rose pct mln dlrs , . ? ( ) : - / + ~'.split(' ');
const number = fc.oneof(
  fc.integer({ min: 0, max: 2100 }).map(String),
  fc
    .tuple(fc.integer({ min: 0, max: 31 }), fc.constantFrom('/', '-', '.', ':'), fc.integer({ min: 0, max: 2030 }))
    .map((parts) => parts.join('')),
);
const word = fc.oneof(fc.constantFrom(...CHRONO_WORDS), fc.constantFrom(...OTHER_WORDS), number);
const text = fc
  .array(fc.tuple(word, fc.constantFrom(' ', '', '  ', ', ', '-')), { minLength: 1, maxLength: 10 })
  .map((words) => words.map(([each, gap]) => each + gap).join(''));

const context = { option: {}, refDate: new Date(Date.UTC(2022, 8, 30, 12)), reference: { instant: new Date(Date.UTC(2022, 8, 30, 12)) } };
const gatedParsers = chrono.casual.parsers.filter((parser) => Object.hasOwn(PARSER_NEEDS, parser.constructor.name));

/** Whether `parser`'s pattern matches `text` anywhere while what it needs is missing from `text`. */
const missed = (parser: Chrono.Parser, text: string) =>
  !PARSER_NEEDS[parser.constructor.name].test(text) && parser.pattern(context as unknown as Chrono.ParsingContext).test(text);

describe("the date finder's chrono-node parser gates", () => {
  it('name parsers of chrono-node', () => {
    expect(gatedParsers.map((parser) => parser.constructor.name).sort()).toEqual(Object.keys(PARSER_NEEDS).sort());
  });

  it('never skip a parser whose pattern matches: generated texts', () => {
    fc.assert(
      fc.property(text, (sample) => gatedParsers.every((parser) => !missed(parser, sample))),
      { numRuns: 3000 },
    );
  });

  it('never skip a parser whose pattern matches: each word alone, and the seed articles', () => {
    const seeds = readdirSync('seeds').map((file) => readFileSync(resolve('seeds', file), 'utf8'));
    for (const sample of [...CHRONO_WORDS, ...seeds, ...seeds.flatMap((seed) => seed.split('\n'))]) {
      expect(gatedParsers.filter((parser) => missed(parser, sample)).map((parser) => parser.constructor.name)).toEqual([]);
    }
  });
});
