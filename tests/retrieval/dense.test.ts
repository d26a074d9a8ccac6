import { describe, expect, it } from 'vitest';
import { HnswRetriever } from '../../src/retrieval/dense.ts';

/** `count` unit vectors from a seeded generator, with rows 5 and 6 copies of row 4 (ties). */
function vectors(count: number, dimensions: number): Float32Array {
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const all = new Float32Array(count * dimensions);
  for (let row = 0; row < count; row++) {
    const source = row === 5 || row === 6 ? 4 : row;
    let norm = 0;
    for (let d = 0; d < dimensions; d++)
      norm += (all[row * dimensions + d] = source === row ? random() : all[source * dimensions + d]) ** 2;
    for (let d = 0; d < dimensions; d++) all[row * dimensions + d] /= Math.sqrt(norm);
  }
  return all;
}

describe('exact dense search', () => {
  const dimensions = 16;
  const all = vectors(300, dimensions);
  const dense = HnswRetriever.build(all, dimensions, { m: 8, efConstruction: 50 });
  /** Every row's cosine, sorted best first (ties by lower id): what the scan must return the head of. */
  const sorted = (query: Float32Array, ids: number[]) =>
    ids
      .map((id) => {
        let dot = 0;
        for (let d = 0; d < dimensions; d++) dot += query[d] * all[id * dimensions + d];
        return { passageId: id, score: dot };
      })
      .sort((a, b) => b.score - a.score || a.passageId - b.passageId);

  it('returns the best `limit` passages by cosine, ties by lower id, over all passages or the allowed ones', () => {
    const every = Array.from({ length: 300 }, (_, i) => i);
    for (const row of [0, 4, 17, 299]) {
      const query = all.slice(row * dimensions, (row + 1) * dimensions);
      expect(dense.exact(query, 10)).toEqual(sorted(query, every).slice(0, 10));
      const allowed = new Set([299, 6, 5, 4, ...every.filter((id) => id % 7 === 0)]);
      expect(dense.exact(query, 10, allowed)).toEqual(sorted(query, [...allowed]).slice(0, 10));
      expect(dense.exact(query, 500, new Set([3, 1]))).toEqual(sorted(query, [1, 3]));
    }
  });
});
