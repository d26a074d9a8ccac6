import { describe, expect, it } from 'vitest';
import { isAboutNow, recencyFactor } from '../../src/search/recency.ts';

describe('as of a day', () => {
  it.each([
    ['Which airline grounded its jets this week?', true],
    ['Who is the new speaker of the House?', true],
    ['What did the report recently find?', true],
    ['Who replaced Miftah Ismail as finance minister?', false],
  ])('"%s" is about now: %s', (question, expected) => {
    expect(isAboutNow(question)).toBe(expected);
  });

  it('weighs an article less the older it is on the as-of day, down to 1 - weight', () => {
    expect(recencyFactor('2024-03-15', '2024-03-15', 0.3, 14)).toBe(1);
    expect(recencyFactor('2024-03-01', '2024-03-15', 0.3, 14)).toBeCloseTo(0.85);
    expect(recencyFactor('2020-01-01', '2024-03-15', 0.3, 14)).toBeCloseTo(0.7);
    expect(recencyFactor('2020-01-01', '2024-03-15', 0, 14)).toBe(1);
  });
});
