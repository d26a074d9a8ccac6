// Guards the single "is this a real day" rule: `--from`/`--to` (checkDay) and `--date`/`/date` (parseDateText) agree.
import { describe, expect, it } from 'vitest';
import { parseDateText } from '../../src/entities/dateQuery.ts';
import { readIsoDay } from '../../src/entities/days.ts';
import { checkDay } from '../../src/search/validate.ts';

const accepts = (read: () => unknown): boolean => {
  try {
    read();
    return true;
  } catch {
    return false;
  }
};

describe('one rule for a real day', () => {
  it.each([
    ['2022-09-28', true],
    ['0099-01-01', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2022-9-28', false],
    ['2022-09-8', false],
    ['2022-13-01', false],
    ['28-09-2022', false],
  ])('%s is a day: %s, for every front door', (text, real) => {
    expect(readIsoDay(text) !== undefined).toBe(real);
    expect(accepts(() => checkDay(text, 'from'))).toBe(real);
    expect(accepts(() => parseDateText(text))).toBe(real);
  });

  it('reads a month only with two digits (2022-9 is not September)', () => {
    expect(parseDateText('2022-09')).toEqual({ from: '2022-09-01', to: '2022-09-30' });
    expect(accepts(() => parseDateText('2022-9'))).toBe(false);
  });
});
