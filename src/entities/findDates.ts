// Finds dates mentioned in an article and resolves each against the article's publication date, recording the rule used.
import * as chrono from 'chrono-node';
import type { Sentence } from '../domain/article.ts';
import {
  WEEKDAYS,
  addDays,
  daysBetween,
  isRealDay,
  isoDay,
  monthRange,
  parseDay,
  weekRange,
  weekdayOf,
  yearRange,
} from './days.ts';
import type { DateMention } from '../domain/mentions.ts';

export interface DateCandidate {
  /** Offsets into the sentence. */
  start: number;
  end: number;
  from: string;
  to: string;
  rule: string;
  /** Relative to the time of speaking ("yesterday", "on Friday"): meaningless inside a quotation. */
  deictic: boolean;
  /** A year this mention establishes for later year-less dates ("Last year in September"). */
  context?: { year: number; month?: number };
}

/** The month and year an earlier sentence established, for "September 25" after "Last year in September". */
export interface YearContext {
  year: number;
  month?: number;
}

const FUTURE_CUE = /\b(will|shall|would|going to|is due|are due|due to|scheduled|expected to|set to|plans? to|next|coming)\b|'ll\b/i;
const MONTH_PREPOSITION =
  /\b(in|since|during|by|until|till|through|throughout|of|early|late|mid|last|next|this|from|to|between|and|before|after|end of|beginning of|start of)[\s-]*$/i;
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30,
};
const AGO =
  /\b(?:(some|about|around|nearly|roughly|almost|approximately|over|more than|less than)\s+)?(\d{1,3}|a few|a couple of|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\s+(days?|weeks?|months?|years?)\s+(ago|back|earlier)\b/gi;
const YEAR_AFTER_PREPOSITION =
  /\b(?:in|since|during|by|until|till|through|of|early|late|mid-?|before|after|from|for|year|fiscal|calendar)\s+((?:1[89]|20)\d\d)\b(?!\s*(?:[-/–]\d|pct|%|percent|mln|billion|dlrs|tonnes|shares))/gi;
const BARE_YEAR = /(?<![\d/-])(?:1[89]|20)\d\d(?![\d/-])/g;
const RELATIVE_WEEK = /\b(?:(earlier|later)\s+)?(last|this|next|past|previous|coming)\s+week\b/gi;
const NUMERIC_AFTER_WEEKDAY = /^\s*\((\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?\)/;

/**
 * Every date mentioned in `text`, per sentence, resolved against `published` (`YYYY-MM-DD`).
 * Dates relative to the time of speaking ("yesterday", "on Friday") inside quotation marks are skipped:
 * the speaker's day is unknown.
 */
export function findDates(text: string, sentences: Sentence[], published: string): DateMention[] {
  const insideQuote = quotationMap(text);
  const mentions: DateMention[] = [];
  let context: YearContext | undefined;
  sentences.forEach((sentence, index) => {
    const sentenceText = text.slice(sentence.start, sentence.end);
    for (const candidate of findInSentence(sentenceText, published, context)) {
      const start = sentence.start + candidate.start;
      if (candidate.deictic && insideQuote(start)) continue;
      mentions.push({
        expression: text.slice(start, sentence.start + candidate.end),
        start,
        end: sentence.start + candidate.end,
        sentence: index,
        from: candidate.from,
        to: candidate.to,
        rule: candidate.rule,
      });
      if (candidate.context) context = candidate.context;
    }
  });
  return mentions;
}

/**
 * Dates in one piece of text (a sentence, or a user's question), non-overlapping, in text order.
 * `bareYears` also reads a year standing alone ("2022") as that year.
 */
export function findInSentence(
  sentence: string,
  published: string,
  context?: YearContext,
  options: { bareYears?: boolean } = {},
): DateCandidate[] {
  const candidates = [
    ...ruleCandidates(sentence, published, options.bareYears ?? false),
    ...chronoCandidates(sentence, published, context),
  ];
  // Longest first; rule matches were pushed first so they win ties against chrono's reading.
  const ordered = candidates
    .map((candidate, order) => ({ candidate, order }))
    .sort((a, b) => b.candidate.end - b.candidate.start - (a.candidate.end - a.candidate.start) || a.order - b.order);
  const kept: DateCandidate[] = [];
  for (const { candidate } of ordered) {
    if (kept.some((other) => candidate.start < other.end && other.start < candidate.end)) continue;
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function ruleCandidates(sentence: string, published: string, bareYears: boolean): DateCandidate[] {
  const found: DateCandidate[] = [];
  for (const match of sentence.matchAll(AGO)) {
    const [, qualifier, countText, unitText] = match;
    const unit = unitText.toLowerCase().replace(/s$/, '') as AgoUnit;
    const span = agoSpan(countText.toLowerCase(), Boolean(qualifier), unit);
    found.push({
      start: match.index,
      end: match.index + match[0].length,
      ...agoRange(published, span, unit),
      rule: span.exact ? 'relative-ago' : 'relative-ago-approximate',
      deictic: true,
    });
  }
  for (const match of sentence.matchAll(YEAR_AFTER_PREPOSITION)) {
    const year = Number(match[1]);
    const start = match.index + match[0].length - match[1].length;
    found.push({ start, end: start + 4, ...yearRange(year), rule: 'absolute-year', deictic: false, context: { year } });
  }
  if (bareYears) {
    // In a short question a lone year is a time ("Imran Khan 2022"); in an article it is too often a number.
    for (const match of sentence.matchAll(BARE_YEAR)) {
      const year = Number(match[0]);
      found.push({ start: match.index, end: match.index + 4, ...yearRange(year), rule: 'absolute-year', deictic: false, context: { year } });
    }
  }
  for (const match of sentence.matchAll(RELATIVE_WEEK)) {
    const [, earlierOrLater, which] = match;
    const shift = /last|past|previous/i.test(which) ? -7 : /next|coming/i.test(which) ? 7 : 0;
    const week = weekRange(addDays(published, shift));
    // "Earlier this week" ends at publication; "later this week" starts there.
    const from = shift === 0 && /later/i.test(earlierOrLater ?? '') ? published : week.from;
    const to = shift === 0 && /earlier/i.test(earlierOrLater ?? '') ? published : week.to;
    found.push({ start: match.index, end: match.index + match[0].length, from, to, rule: 'relative-week', deictic: true });
  }
  return found;
}

type AgoUnit = 'day' | 'week' | 'month' | 'year';

/** How many units back, as a span: "10 days" is exactly 10; "some 10 days" 8–12; "a few days" 2–6; "two weeks" 11–17 days. */
function agoSpan(countText: string, qualified: boolean, unit: AgoUnit): { low: number; high: number; exact: boolean } {
  if (countText === 'a few') return { low: 2, high: 6, exact: false };
  if (countText === 'a couple of') return { low: 2, high: 3, exact: false };
  if (countText === 'several') return { low: 3, high: 9, exact: false };
  const count = Number(countText) || NUMBER_WORDS[countText] || 1;
  if (qualified) {
    const slack = Math.ceil(count / 5);
    return { low: Math.max(count - slack, 1), high: count + slack, exact: false };
  }
  return { low: count, high: count, exact: unit === 'day' };
}

function agoRange(published: string, span: { low: number; high: number }, unit: AgoUnit): { from: string; to: string } {
  if (unit === 'day') return { from: addDays(published, -span.high), to: addDays(published, -span.low) };
  if (unit === 'week') return { from: addDays(published, -span.high * 7 - 3), to: addDays(published, -span.low * 7 + 3) };
  const { year, month } = parseDay(published);
  if (unit === 'month') {
    const back = (count: number) => {
      const index = year * 12 + (month - 1) - count;
      return { year: Math.floor(index / 12), month: (index % 12) + 1 };
    };
    const far = back(span.high);
    const near = back(span.low);
    return { from: monthRange(far.year, far.month).from, to: monthRange(near.year, near.month).to };
  }
  return { from: yearRange(year - span.high).from, to: yearRange(year - span.low).to };
}

function chronoCandidates(sentence: string, published: string, context: YearContext | undefined): DateCandidate[] {
  const { year: pubYear, month: pubMonth, day: pubDay } = parseDay(published);
  const reference = { instant: new Date(Date.UTC(pubYear, pubMonth - 1, pubDay, 12)), timezone: 0 };
  const results = chrono.parse(sentence, reference);
  const found: DateCandidate[] = [];
  let previous: { end: number; year?: number; relativeYear: boolean } | undefined;
  for (const result of results) {
    let start = result.index;
    let end = trimEnd(sentence, start, start + result.text.length);
    const words = sentence.slice(start, end);
    const parts = result.start;
    const certain = (unit: 'year' | 'month' | 'day' | 'weekday') => parts.isCertain(unit);
    const before = sentence.slice(0, start);
    const after = sentence.slice(end);
    let candidate: DateCandidate | undefined;

    if (/\b(ago|later|from now|within|hence)\b|^(right |just )?now$/i.test(words)) {
      candidate = undefined; // "N days ago" is the rules' job (chrono reads "a few" as exactly three); "now" names no day.
    } else if (/^(on\s+)?(this\s+|last\s+|next\s+|coming\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i.test(words)) {
      if (/^on\s+/i.test(words)) start += words.match(/^on\s+/i)![0].length;
      const weekday = WEEKDAYS.indexOf(words.match(/(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i)![1].toLowerCase() as (typeof WEEKDAYS)[number]);
      const numeric = NUMERIC_AFTER_WEEKDAY.exec(after);
      if (numeric) {
        const weekdayStart = start + sentence.slice(start, end).search(/(monday|tuesday|wednesday|thursday|friday|saturday|sunday)/i);
        const resolved = numericDay(Number(numeric[1]), Number(numeric[2]), numeric[3], published);
        if (resolved) {
          candidate = { start: weekdayStart, end: end + numeric[0].length, from: resolved, to: resolved, rule: 'numeric', deictic: false };
        }
      } else {
        const nextAfter = /^\s+next\b/i.exec(after);
        if (nextAfter) end += nextAfter[0].length;
        const future = /next|coming/i.test(words) || Boolean(nextAfter) || (!/last/i.test(words) && FUTURE_CUE.test(before.slice(-40)));
        const day = future ? upcomingWeekday(published, weekday, /next/i.test(words)) : pastWeekday(published, weekday, /last/i.test(words));
        candidate = { start, end, from: day, to: day, rule: future ? 'relative-weekday-future' : 'relative-weekday-past', deictic: true };
      }
    } else if (/^\d{1,2}\/\d{1,2}(\/\d{2,4})?$/.test(words)) {
      // Bare "1/2" is usually a fraction; accept a numeric date only with a year or after "on".
      const [month, day, year] = words.split('/');
      if (year || /\bon\s+$/i.test(before)) {
        const resolved = numericDay(Number(month), Number(day), year, published);
        if (resolved) candidate = { start, end, from: resolved, to: resolved, rule: 'numeric', deictic: false };
      }
    } else if (/\b(yesterday|today|tomorrow|tonight|last night)\b/i.test(words) && certain('day')) {
      const day = isoDay(parts.get('year')!, parts.get('month')!, parts.get('day')!);
      candidate = { start, end, from: day, to: day, rule: 'relative-day', deictic: true };
    } else if (certain('month') && certain('day')) {
      const month = parts.get('month')!;
      const day = parts.get('day')!;
      let year: number;
      let rule: string;
      if (certain('year')) {
        year = parts.get('year')!;
        rule = 'absolute';
      } else if (context?.month === month) {
        year = context.year;
        rule = 'year-from-context';
      } else {
        year = nearestYear(published, month, day);
        rule = 'year-from-article-date';
      }
      if (isRealDay(year, month, day)) {
        const from = isoDay(year, month, day);
        let to = from;
        if (result.end && result.end.isCertain('day')) {
          const endMonth = result.end.get('month') ?? month;
          const endYear = result.end.isCertain('year') ? result.end.get('year')! : endMonth < month ? year + 1 : year;
          const endDay = result.end.get('day')!;
          if (isRealDay(endYear, endMonth, endDay)) to = isoDay(endYear, endMonth, endDay);
        }
        candidate = { start, end, from, to: to < from ? from : to, rule: to > from ? `${rule}-range` : rule, deictic: false, context: { year, month } };
      }
    } else if (certain('month') && !/\b(last|this|next|past)\s+month\b/i.test(words)) {
      const month = parts.get('month')!;
      const until = result.end?.isCertain('month') && result.end.isCertain('year') ? result.end : undefined;
      if (until) {
        // "May to July 2022": the start takes the end's year.
        const endYear = until.get('year')!;
        const endMonth = until.get('month')!;
        const year = certain('year') ? parts.get('year')! : month <= endMonth ? endYear : endYear - 1;
        const to = until.isCertain('day') ? isoDay(endYear, endMonth, until.get('day')!) : monthRange(endYear, endMonth).to;
        candidate = { start, end, from: monthRange(year, month).from, to, rule: 'absolute-month-range', deictic: false, context: { year: endYear, month: endMonth } };
      } else if (certain('year')) {
        const year = parts.get('year')!;
        candidate = { start, end, ...monthRange(year, month), rule: 'absolute-month', deictic: false, context: { year, month } };
      } else if (MONTH_PREPOSITION.test(before) || /^(in|from|since|during|until|through|of|between)\s/i.test(words)) {
        let year: number;
        let rule: string;
        const gap = previous ? sentence.slice(previous.end, start) : '';
        if (previous?.year !== undefined && /^[\s,]*(in|of|,)?[\s,]*$/i.test(gap)) {
          // "Last year in September": one mention, the month of that year.
          year = previous.year;
          rule = previous.relativeYear ? 'month-of-relative-year' : 'month-of-year';
          start = found.pop()?.start ?? start;
        } else if (context?.month === month) {
          year = context.year;
          rule = 'month-year-from-context';
        } else if (FUTURE_CUE.test(before.slice(-40))) {
          year = month >= pubMonth ? pubYear : pubYear + 1;
          rule = 'month-future';
        } else {
          year = month <= pubMonth ? pubYear : pubYear - 1;
          rule = 'month-past';
        }
        candidate = { start, end, ...monthRange(year, month), rule, deictic: rule === 'month-past' || rule === 'month-future', context: { year, month } };
      }
    } else if (certain('year') && certain('month') && /\bmonth\b/i.test(words)) {
      const year = parts.get('year')!;
      const month = parts.get('month')!;
      candidate = { start, end, ...monthRange(year, month), rule: 'relative-month', deictic: true, context: { year, month } };
    } else if (certain('year') && /\byear\b/i.test(words) && !/\bweek\b/i.test(words)) {
      const year = parts.get('year')!;
      candidate = { start, end, ...yearRange(year), rule: 'relative-year', deictic: true, context: { year } };
    }

    if (candidate) {
      found.push(candidate);
      previous = {
        end: candidate.end,
        year: candidate.rule === 'relative-year' ? Number(candidate.from.slice(0, 4)) : undefined,
        relativeYear: candidate.rule === 'relative-year',
      };
    }
  }
  return found;
}

function trimEnd(sentence: string, start: number, end: number): number {
  while (end > start && /[\s,.;:!?)"'”’]/.test(sentence[end - 1])) end--;
  return end;
}

/** Month/day with an optional (2- or 4-digit) year; without one, the year nearest the article's date. */
function numericDay(month: number, day: number, yearText: string | undefined, published: string): string | undefined {
  let year: number;
  if (yearText) {
    year = Number(yearText);
    if (yearText.length === 2) {
      // "4/2/87" in 1987 is 1987: the century that puts the year nearest the article's.
      const century = Math.floor(parseDay(published).year / 100) * 100;
      year = [century - 100, century, century + 100]
        .map((start) => start + year)
        .reduce((best, candidate) => (Math.abs(candidate - parseDay(published).year) < Math.abs(best - parseDay(published).year) ? candidate : best));
    }
  } else {
    year = nearestYear(published, month, day);
  }
  return isRealDay(year, month, day) ? isoDay(year, month, day) : undefined;
}

/** News gives no year for dates near publication: take the year that puts `month/day` closest to it. */
function nearestYear(published: string, month: number, day: number): number {
  const { year } = parseDay(published);
  const options = [year - 1, year, year + 1].filter((candidate) => isRealDay(candidate, month, day));
  if (options.length === 0) return year;
  return options.reduce((best, candidate) =>
    Math.abs(daysBetween(published, isoDay(candidate, month, day))) < Math.abs(daysBetween(published, isoDay(best, month, day)))
      ? candidate
      : best,
  );
}

/** The latest `weekday` on or before publication ("on Friday" in a report is usually past); "last Friday" skips publication day. */
function pastWeekday(published: string, weekday: number, last: boolean): string {
  let back = (weekdayOf(published) - weekday + 7) % 7;
  if (last && back === 0) back = 7;
  return addDays(published, -back);
}

function upcomingWeekday(published: string, weekday: number, next: boolean): string {
  let ahead = (weekday - weekdayOf(published) + 7) % 7;
  if (next && ahead === 0) ahead = 7;
  return addDays(published, ahead);
}

/** Whether a character offset lies inside a quotation; quotes close at the latest at a paragraph break. */
function quotationMap(text: string): (offset: number) => boolean {
  const inside = new Uint8Array(text.length);
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n' && text[i + 1] === '\n') open = false;
    if (char === '“') open = true;
    else if (char === '”') open = false;
    else if (char === '"') open = !open;
    inside[i] = open ? 1 : 0;
  }
  return (offset) => inside[offset] === 1;
}
