// Each date rule of src/entities/findDates.ts with its own cases: the sentence, the article's date, what it resolves to.
import { describe, expect, it } from 'vitest';
import type { DateRule } from '../../src/domain/mentions.ts';
import { findInSentence } from '../../src/entities/findDates.ts';

const PUBLISHED = '2022-09-28'; // a Wednesday

const cases: [DateRule, string, string, string, string][] = [
  // rule, sentence, expression, from, to
  ['absolute', 'The audio surfaced on September 25, 2022.', 'September 25, 2022', '2022-09-25', '2022-09-25'],
  ['absolute-range', 'Talks ran from 16 to 20 September 2022.', '16 to 20 September 2022', '2022-09-16', '2022-09-20'],
  ['absolute-year', 'The cypher was sent in 2021.', '2021', '2021-01-01', '2021-12-31'],
  ['absolute-month', 'He resigned in May 2022.', 'May 2022', '2022-05-01', '2022-05-31'],
  ['absolute-month-range', 'Prices rose from May to July 2022.', 'May to July 2022', '2022-05-01', '2022-07-31'],
  ['numeric', 'The leak came on Friday (09/30).', 'Friday (09/30)', '2022-09-30', '2022-09-30'],
  ['year-from-article-date', 'The audio surfaced on September 25.', 'September 25', '2022-09-25', '2022-09-25'],
  ['month-past', 'The meeting took place in May.', 'May', '2022-05-01', '2022-05-31'],
  ['month-future', 'Elections will be held in March.', 'March', '2023-03-01', '2023-03-31'],
  ['relative-day', 'The minister spoke yesterday.', 'yesterday', '2022-09-27', '2022-09-27'],
  ['relative-week', 'The files appeared last week.', 'last week', '2022-09-19', '2022-09-25'], // weeks run Monday to Sunday
  ['relative-month', 'The hacking began last month.', 'last month', '2022-08-01', '2022-08-31'],
  ['relative-year', 'The cypher arrived last year.', 'last year', '2021-01-01', '2021-12-31'],
  ['relative-weekday-past', 'The PM spoke on Monday.', 'Monday', '2022-09-26', '2022-09-26'],
  ['relative-weekday-future', 'The committee will meet on Friday.', 'Friday', '2022-09-30', '2022-09-30'],
  ['relative-ago', 'The files leaked 10 days ago.', '10 days ago', '2022-09-18', '2022-09-18'],
  ['relative-ago-approximate', 'The files leaked a few days ago.', 'a few days ago', '2022-09-22', '2022-09-26'],
];

describe('date rules', () => {
  it.each(cases)('%s: "%s" reads "%s" as %s..%s', (rule, sentence, expression, from, to) => {
    const found = findInSentence(sentence, PUBLISHED).map((candidate) => ({
      expression: sentence.slice(candidate.start, candidate.end),
      from: candidate.from,
      to: candidate.to,
      rule: candidate.rule,
    }));
    expect(found).toContainEqual({ expression, from, to, rule });
  });

  it('carries a month and year to a later year-less date (year-from-context)', () => {
    const [first] = findInSentence('Last year in September the cypher arrived.', PUBLISHED);
    expect(first).toMatchObject({ from: '2021-09-01', to: '2021-09-30', rule: 'month-of-relative-year' });
    const [later] = findInSentence('On September 25 it was read out.', PUBLISHED, first.context);
    expect(later).toMatchObject({ from: '2021-09-25', rule: 'year-from-context' });
  });

  it('reads a lone year only in questions (bareYears)', () => {
    expect(findInSentence('Imran Khan 2022', PUBLISHED)).toEqual([]);
    expect(findInSentence('Imran Khan 2022', PUBLISHED, undefined, { bareYears: true })).toMatchObject([
      { from: '2022-01-01', to: '2022-12-31', rule: 'absolute-year' },
    ]);
  });
});
