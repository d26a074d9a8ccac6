import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PassagesByDate } from '../../src/index/passagesByDate.ts';

const day = fc
  .record({ year: fc.integer({ min: 1985, max: 2040 }), month: fc.integer({ min: 1, max: 12 }), date: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, date }) => `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`);

describe('passages by publication day', () => {
  it('holds, and lists in ascending ids, exactly the passages a filter over every date string keeps', () => {
    fc.assert(
      fc.property(
        fc.array(day, { maxLength: 60 }),
        fc.option(day, { nil: undefined }),
        fc.option(day, { nil: undefined }),
        (dates, from, to) => {
          const passages = dates.map((date, id) => ({ id, date }));
          const expected = passages.filter(({ date }) => (!from || date >= from) && (!to || date <= to)).map(({ id }) => id);
          const published = new PassagesByDate(passages).between({ from, to });
          expect([...published]).toEqual(expected);
          expect(published.size).toBe(expected.length);
          for (const id of [-1, ...passages.map(({ id }) => id), passages.length]) expect(published.has(id)).toBe(expected.includes(id));
          const visited: number[] = [];
          published.forEach((id) => visited.push(id));
          expect(visited).toEqual(expected);
        },
      ),
      { seed: 24, numRuns: 300 },
    );
  });
});
