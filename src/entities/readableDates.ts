// Dates as a reader reads them, in Discord and on a terminal: "28 Sep 2022", "16–20 Sep 2022", "Sep 2022".
import type { DateRange } from '../domain/lookups.ts';
import { OPEN_END, OPEN_START } from './dateQuery.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(day: string): { year: string; month: string; day: number } {
  const [year, month, date] = day.split('-');
  return { year, month: MONTHS[Number(month) - 1] ?? month, day: Number(date) };
}

function lastDayOfMonth(day: string): number {
  const [year, month] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2022-09-28" → "28 Sep 2022". */
export function humanDay(day: string): string {
  const { year, month, day: date } = parts(day);
  return `${date} ${month} ${year}`;
}

/** A range of days, as short as it reads unambiguously: "28 Sep 2022", "16–20 Sep 2022", "Sep 2022", "30 Sep – 2 Oct 2022". */
export function humanRange(range: DateRange): string {
  const { from, to } = range;
  if (from === OPEN_START && to === OPEN_END) return 'any date';
  if (to === OPEN_END) return `since ${humanDay(from)}`;
  if (from === OPEN_START) return `until ${humanDay(to)}`;
  if (from === to) return humanDay(from);
  const a = parts(from);
  const b = parts(to);
  const wholeMonths = a.day === 1 && b.day === lastDayOfMonth(to);
  if (wholeMonths && a.year === b.year && from.slice(5, 7) === '01' && to.slice(5, 7) === '12') return a.year;
  if (wholeMonths && from.slice(0, 7) === to.slice(0, 7)) return `${a.month} ${a.year}`;
  if (wholeMonths) return a.year === b.year ? `${a.month} – ${b.month} ${a.year}` : `${a.month} ${a.year} – ${b.month} ${b.year}`;
  if (from.slice(0, 7) === to.slice(0, 7)) return `${a.day}–${b.day} ${a.month} ${a.year}`;
  if (a.year === b.year) return `${a.day} ${a.month} – ${b.day} ${b.month} ${a.year}`;
  return `${humanDay(from)} – ${humanDay(to)}`;
}
