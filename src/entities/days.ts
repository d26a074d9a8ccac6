// Calendar arithmetic on `YYYY-MM-DD` days, in UTC so a day never shifts with the machine's time zone.

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The parts of a `YYYY-MM-DD` day; month and day are 1-based. */
export function parseDay(day: string): { year: number; month: number; day: number } {
  const [year, month, date] = day.split('-').map(Number);
  return { year, month, day: date };
}

/** "2024-03-05" → 20240305, ordered as the days are (a date string in ISO form; "2024-03-05T…" counts its day). */
export function dayNumber(date: string): number {
  return Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}

/** `text` if it is a real calendar day written `YYYY-MM-DD` (two-digit month and day), else undefined. */
export function readIsoDay(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match && isRealDay(Number(match[1]), Number(match[2]), Number(match[3])) ? text : undefined;
}

/** True if `year-month-day` is a real calendar day. */
export function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function addDays(day: string, count: number): string {
  const { year, month, day: date } = parseDay(day);
  const moved = new Date(Date.UTC(year, month - 1, date + count));
  return isoDay(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function monthRange(year: number, month: number): { from: string; to: string } {
  return { from: isoDay(year, month, 1), to: isoDay(year, month, daysInMonth(year, month)) };
}

export function yearRange(year: number): { from: string; to: string } {
  return { from: isoDay(year, 1, 1), to: isoDay(year, 12, 31) };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  const { year, month, day: date } = parseDay(day);
  return new Date(Date.UTC(year, month - 1, date)).getUTCDay();
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  const toTime = (day: string) => {
    const { year, month, day: date } = parseDay(day);
    return Date.UTC(year, month - 1, date);
  };
  return Math.round((toTime(b) - toTime(a)) / 86_400_000);
}

/** The Monday–Sunday week holding `day`. */
export function weekRange(day: string): { from: string; to: string } {
  const sinceMonday = (weekdayOf(day) + 6) % 7;
  const from = addDays(day, -sinceMonday);
  return { from, to: addDays(from, 6) };
}
