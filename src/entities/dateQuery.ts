// Reads the dates people type (`--date 2022-09`, `/date from:2022-09-01`) and the time a free-text question is about.
import type { DateRange } from '../domain/lookups.ts';
import { isRealDay, isoDay, monthRange, yearRange } from './days.ts';
import { findInSentence } from './findDates.ts';
import { UserError } from '../domain/errors.ts';

const EXAMPLES = 'use YYYY-MM-DD (2022-09-30), YYYY-MM (2022-09, the whole month) or YYYY (2022, the whole year)';

/** A date a user typed that is malformed, impossible, or a backwards range; the message says what would work. */
export class DateQueryError extends UserError {
  override name = 'DateQueryError';
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`${reason}: ${EXAMPLES}`);
  }
}

export interface DateQueryInput {
  on?: string;
  from?: string;
  to?: string;
}

/** The earliest and latest days a one-sided range reaches. */
export const OPEN_START = '0001-01-01';
export const OPEN_END = '9999-12-31';

/** A range as people read it: "2022-09-30", "2022-09-01 to 2022-09-30", "since 2022-09-01", "until 2022-09-30". */
export function describeRange(range: DateRange): string {
  if (range.from === range.to) return range.from;
  if (range.to === OPEN_END) return range.from === OPEN_START ? 'any date' : `since ${range.from}`;
  if (range.from === OPEN_START) return `until ${range.to}`;
  return `${range.from} to ${range.to}`;
}

/**
 * The inclusive range of days asked for: `on` alone (a day, a month or a year), or `from` and/or
 * `to` (each a day, month or year; `from` takes its first day, `to` its last). Throws DateQueryError.
 */
export function parseDateQuery(input: DateQueryInput): DateRange {
  const on = input.on?.trim() || undefined;
  const from = input.from?.trim() || undefined;
  const to = input.to?.trim() || undefined;
  if (on && (from || to)) throw new DateQueryError(on, 'give either a date or a from/to range, not both');
  if (on) return parseDateText(on);
  if (!from && !to) throw new DateQueryError('', 'no date given');
  const range = { from: from ? parseDateText(from).from : OPEN_START, to: to ? parseDateText(to).to : OPEN_END };
  if (range.from > range.to) throw new DateQueryError(`${from}..${to}`, `"${from}" is after "${to}"`);
  return range;
}

/** One typed date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as the range of days it covers. */
export function parseDateText(text: string): DateRange {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (!match) throw new DateQueryError(text, `"${text}" is not a date`);
  const year = Number(match[1]);
  if (match[2] === undefined) return yearRange(year);
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw new DateQueryError(text, `"${text}" has no month ${month}`);
  if (match[3] === undefined) return monthRange(year, month);
  const day = Number(match[3]);
  if (!isRealDay(year, month, day)) throw new DateQueryError(text, `"${text}" is not a day of the calendar`);
  const iso = isoDay(year, month, day);
  return { from: iso, to: iso };
}

/**
 * What every time expression the date finder reads holds: a digit, or a word starting as a month, a weekday, a unit
 * of time or a relative day does ("Sept", "Tues", "weeks", "yesterday", "tonight", "ago"). A question with none names
 * no time, and is answered without loading the date parser. Loose on purpose: a false match only costs the parse.
 */
const MAY_NAME_A_TIME =
  /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today|tonight|tomorrow|overmorrow|tmr|yesterday|now|noon|midnight|morning|afternoon|evening|night|ago|later|earlier|within|week|fortnight|month|quarter|year|day|hour|min|sec|decade|centur|season|spring|summer|autumn|fall|winter|christmas|easter|eve|last|next|past|previous|coming|this|recent|current|since|until|till|before|after|ever|once|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|a few|several|half)/i;

/** Whether `text` may name a time (see `MAY_NAME_A_TIME`): false only for a text the date finder finds no time in. */
export function mayNameATime(text: string): boolean {
  return MAY_NAME_A_TIME.test(text);
}

/**
 * The time a free-text question asks about ("in September 2022", "last year", "on 30 September 2022"),
 * resolved against `today`; the span of all its time expressions, or undefined if it has none.
 */
export function timeOfQuestion(question: string, today: Date = new Date()): DateRange | undefined {
  if (!mayNameATime(question)) return undefined;
  const reference = isoDay(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate());
  const found = findInSentence(question, reference, undefined, { bareYears: true });
  if (found.length === 0) return undefined;
  return {
    from: found.map((candidate) => candidate.from).sort()[0],
    to: found
      .map((candidate) => candidate.to)
      .sort()
      .at(-1)!,
  };
}
