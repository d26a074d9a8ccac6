import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PostingsMerger, type WeightedPostings } from '../../src/retrieval/bm25Merge.ts';

const PASSAGES = 5_000;

/** Ascending distinct passage ids, each with an impact: a term's postings. */
const postings = (least: number, most: number) =>
  fc.uniqueArray(fc.record({ doc: fc.integer({ min: 0, max: PASSAGES - 1 }), impact: fc.double({ min: 0.01, max: 30, noNaN: true }) }), {
    selector: ({ doc }) => doc,
    minLength: least,
    maxLength: most,
  });

/** A common word's long list beside a few lists of its longer forms, or lists of similar sizes, weighted as the search weighs them. */
const matches = fc
  .tuple(postings(300, 3_000), fc.array(fc.oneof(postings(0, 150), postings(0, 10)), { maxLength: 6 }), fc.integer({ min: 0, max: 6 }))
  .chain(([long, others, at]) => {
    const lists = [...others];
    lists.splice(Math.min(at, lists.length), 0, long);
    return fc.tuple(...lists.map((list) => fc.constantFrom(1, 0.375, 0.33, 0.41).map((weight) => ({ list, weight }))));
  })
  .map((lists) =>
    lists.map(({ list, weight }): WeightedPostings => {
      const sorted = [...list].sort((a, b) => a.doc - b.doc);
      return { docs: Uint32Array.from(sorted, ({ doc }) => doc), impacts: Float64Array.from(sorted, ({ impact }) => impact), weight };
    }),
  );

/** Summed per passage from zero in list order, as exhaustive scoring does. */
function reference(lists: readonly WeightedPostings[]): { docs: number[]; impacts: number[] } {
  const sums = new Map<number, number>();
  for (const { docs, impacts, weight } of lists) docs.forEach((doc, i) => sums.set(doc, (sums.get(doc) ?? 0) + weight * impacts[i]));
  const docs = [...sums.keys()].sort((a, b) => a - b);
  return { docs, impacts: docs.map((doc) => sums.get(doc)!) };
}

describe('merging a question term’s matches', () => {
  it('gives the same passages and the same bits along the longest list, scattered, and as the merge picks', () => {
    const merger = new PostingsMerger(PASSAGES);
    fc.assert(
      fc.property(matches, (lists) => {
        const expected = reference(lists);
        const longest = lists.reduce((best, { docs }, j) => (docs.length > lists[best].docs.length ? j : best), 0);
        const room = lists.reduce((sum, { docs }) => sum + docs.length, 0);
        for (const merge of [
          (into: WeightedPostings) => merger.alongLongest(lists, longest, into),
          (into: WeightedPostings) => merger.scattered(lists, into),
          (into: WeightedPostings) => merger.merge(lists, into),
        ]) {
          const into = { docs: new Uint32Array(room), impacts: new Float64Array(room), weight: 1 };
          const count = merge(into);
          expect([...into.docs.subarray(0, count)]).toEqual(expected.docs);
          expect([...into.impacts.subarray(0, count)]).toEqual(expected.impacts);
        }
      }),
      { seed: 24, numRuns: 300 },
    );
  });
});
