import { describe, expect, it } from 'vitest';
import { evaluatePeople } from '../../eval/people.ts';

describe('evaluatePeople', () => {
  it('scores the labelled seeds: every person found, nothing else', () => {
    const score = evaluatePeople('tests/fixtures/people/seeds.json');
    expect(score).toMatchObject({ set: 'seeds', articles: 2, expected: 15, found: 15, correct: 15, precision: 1, recall: 1, errors: [] });
  });
});
