import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractPhrases, foldForPhrase } from '../../src/corpus/terms.ts';
import { boostPhrases, PHRASE_CHECK_DEPTH } from '../../src/retrieval/phrases.ts';
import type { RankedPassage } from '../../src/retrieval/retriever.ts';

const QUESTION = 'What did Paul Volcker and Tip O’Neill Jr say of "the dollar" at 9:30?';
const TEXTS = [
  'Paul Volcker said',
  'the dollar fell',
  'at 9:30 am',
  'nothing here',
  'PAUL   VOLCKER on the Dollar at 9:30',
  "Tip O'Neill Jr spoke",
  'tip o‘neill\njr and the\u00a0dollar',
  'Paul, Volcker, Tip, O, Neill',
];

/** Every one of the first PHRASE_CHECK_DEPTH passages boosted, re-sorted and cut: what stopping early must give. */
function boostedWhole(ranked: RankedPassage[], textOf: (id: number) => string, limit: number): RankedPassage[] {
  const phrases = extractPhrases(QUESTION).map(foldForPhrase);
  return ranked
    .slice(0, Math.max(PHRASE_CHECK_DEPTH, limit))
    .map(({ passageId, score }) => {
      const text = foldForPhrase(textOf(passageId));
      return { passageId, score: score * (1 + phrases.filter((phrase) => text.includes(phrase)).length / phrases.length) };
    })
    .sort((a, b) => b.score - a.score || a.passageId - b.passageId)
    .slice(0, limit);
}

describe('phrase boosts', () => {
  it('rank as boosting every checked passage would, though they stop reading texts that cannot reach the top', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: TEXTS.length - 1 })), { maxLength: 300 }),
        fc.integer({ min: 1, max: 60 }),
        (items, limit) => {
          // Scores in steps, so ties (equal scores, equal doubled scores) are common; ranked best first, ties by id.
          const ranked = items
            .map(([score], passageId) => ({ passageId, score: score / 8 }))
            .sort((a, b) => b.score - a.score || a.passageId - b.passageId);
          const read: number[] = [];
          const textOf = (id: number) => (read.push(id), TEXTS[items[id][1]]);
          const expected = boostedWhole(
            ranked.map((item) => ({ ...item })),
            (id) => TEXTS[items[id][1]],
            limit,
          );
          expect(boostPhrases(QUESTION, ranked, textOf, limit)).toEqual(expected);
          expect(read.length).toBeLessThanOrEqual(Math.max(PHRASE_CHECK_DEPTH, limit));
        },
      ),
      { seed: 23, numRuns: 300 },
    );
  });

  it('read no text past the point where a doubled score falls below the best `limit`', () => {
    const ranked = Array.from({ length: 300 }, (_, passageId) => ({ passageId, score: passageId < 50 ? 100 : 10 }));
    const read: number[] = [];
    boostPhrases(QUESTION, ranked, (id) => (read.push(id), TEXTS[id % TEXTS.length]), 50);
    expect(read).toEqual(ranked.slice(0, 50).map(({ passageId }) => passageId));
  });
});
