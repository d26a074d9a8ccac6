import { describe, expect, it } from 'vitest';
import { DateQueryError, describeRange, OPEN_END, OPEN_START, parseDateQuery, timeOfQuestion } from '../../src/entities/dateQuery.ts';

describe('parseDateQuery', () => {
  it('reads a day, a whole month and a whole year', () => {
    expect(parseDateQuery({ on: '2022-09-30' })).toEqual({ from: '2022-09-30', to: '2022-09-30' });
    expect(parseDateQuery({ on: '2022-09' })).toEqual({ from: '2022-09-01', to: '2022-09-30' });
    expect(parseDateQuery({ on: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(parseDateQuery({ on: '2022' })).toEqual({ from: '2022-01-01', to: '2022-12-31' });
  });

  it('reads from/to ranges, each end at its own precision, and open ends', () => {
    expect(parseDateQuery({ from: '2022-09', to: '2023' })).toEqual({ from: '2022-09-01', to: '2023-12-31' });
    expect(parseDateQuery({ from: '2022-09-28' })).toEqual({ from: '2022-09-28', to: OPEN_END });
    expect(parseDateQuery({ to: '2022-09' })).toEqual({ from: OPEN_START, to: '2022-09-30' });
  });

  it.each([
    [{ on: '2022-02-30' }, /not a day of the calendar/],
    [{ on: '2022-13' }, /no month 13/],
    [{ on: 'yesterday-ish' }, /not a date/],
    [{ on: '30/09/2022' }, /not a date/],
    [{ from: '2023-01-01', to: '2022-12-31' }, /is after/],
    [{ on: '2022-09-30', from: '2022-09-01' }, /not both/],
    [{}, /no date given/],
  ])('rejects %j with a DateQueryError giving examples', (input, reason) => {
    let error: unknown;
    try {
      parseDateQuery(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DateQueryError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toContain('YYYY-MM-DD (2022-09-30)');
  });
});

describe('timeOfQuestion', () => {
  const today = new Date('2023-08-25T10:00:00Z');

  it('finds the time a question is about', () => {
    expect(timeOfQuestion('What happened in September 2022?', today)).toEqual({ from: '2022-09-01', to: '2022-09-30' });
    expect(timeOfQuestion('what did Imran Khan say last year', today)).toEqual({ from: '2022-01-01', to: '2022-12-31' });
    expect(timeOfQuestion('audio leaks on 30 September 2022', today)).toEqual({ from: '2022-09-30', to: '2022-09-30' });
    expect(timeOfQuestion('Imran Khan 2022', today)).toEqual({ from: '2022-01-01', to: '2022-12-31' });
    expect(timeOfQuestion('from May to July 2022', today)).toEqual({ from: '2022-05-01', to: '2022-07-31' });
  });

  it('is undefined when the question names no time', () => {
    expect(timeOfQuestion('who is Ishaq Dar?', today)).toBeUndefined();
    expect(timeOfQuestion('What did the PM Office say about WhatsApp links?', today)).toBeUndefined();
  });
});

describe('describeRange', () => {
  it('reads one-sided ranges as since/until, never as sentinel years', () => {
    expect(describeRange(parseDateQuery({ on: '2022-09-30' }))).toBe('2022-09-30');
    expect(describeRange(parseDateQuery({ on: '2022-09' }))).toBe('2022-09-01 to 2022-09-30');
    expect(describeRange(parseDateQuery({ from: '2022-09-01' }))).toBe('since 2022-09-01');
    expect(describeRange(parseDateQuery({ to: '2022-09' }))).toBe('until 2022-09-30');
    expect(describeRange({ from: OPEN_START, to: OPEN_END })).toBe('any date');
  });
});
