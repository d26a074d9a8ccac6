// Finds dates mentioned in an article and resolves each against the article's publication date, recording the rule used.
import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';
import type { Sentence } from '../domain/article.ts';
import { WEEKDAYS, addDays, daysBetween, isRealDay, isoDay, monthRange, parseDay, weekRange, weekdayOf, yearRange } from './days.ts';
import type { DateMention, DateRule } from '../domain/mentions.ts';

export interface DateCandidate {
  /** Offsets into the sentence. */
  start: number;
  end: number;
  from: string;
  to: string;
  rule: DateRule;
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

const require = createRequire(import.meta.url);
let gatedChrono: Chrono.Chrono | undefined;
/**
 * chrono-node's casual English parser, each of its parsers gated (PARSER_NEEDS); loaded when a sentence is first read:
 * loading it costs ~150 ms of CPU, which a question naming no time never needs.
 */
function chrono(): Chrono.Chrono {
  if (!gatedChrono) {
    const library = require('chrono-node') as typeof Chrono;
    gatedChrono = new library.Chrono({ parsers: library.casual.parsers.map(gated), refiners: library.casual.refiners });
  }
  return gatedChrono;
}

const MONTH = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
/**
 * By chrono-node's parser (its class name), what a text holds wherever the parser's pattern matches in it, cheaper to
 * search for: a literal the pattern cannot match without, under the same case-insensitive matching. A text without it
 * gives that parser no match, so it is not searched (most of chrono's time was its patterns searching sentences naming
 * no time). A parser not listed here always searches; those left out need only a number and a unit ("in two days").
 */
export const PARSER_NEEDS: Readonly<Record<string, RegExp>> = {
  ENYearMonthDayParser: /\d{4}/, // "2022-09-30", "2022/Sep/30"
  ISOFormatParser: /\d{4}-\d/,
  SlashDateFormatParser: /\d[/.-]\d/, // "9/30", "30.09.2022"
  ENMonthNameLittleEndianParser: MONTH, // "30 September"
  ENMonthNameMiddleEndianParser: MONTH, // "September 30"
  ENWeekdayParser: /sun|mon|tue|wed|thu|fri|sat|week/i, // "on Friday", "weekend"
  ENSlashMonthFormatParser: /\d\/\d/, // "9/2022"
  ENTimeExpressionParser: /\d/, // "at 10:30"
  ENTimeUnitAgoFormatParser: /ago|before|earlier/i, // "two days ago"
  ENTimeUnitLaterFormatParser: /later|after|from now|henceforth|forward|out/i, // "two days later"
  ENYearMonthNameParser: /\d/, // "2022 September"
  ENCasualDateParser: /now|today|tonight|tomorrow|overmorrow|tmr|yesterday|night/i, // "last night"
  ENCasualTimeParser: /morning|afternoon|evening|night|midday|noon/i, // "midnight"
  ENEndOfCurrentMonthParser: /month/i, // "end of the month"
  ENMonthNameParser: MONTH, // "in September"
  ENRelativeDateFormatParser: /this|last|past|next/i, // "last week", "after this month"
  ENTimeUnitCasualRelativeFormatParser: /this|last|past|next|after|[+-]/i, // "next two weeks", "+2 days"
};
/** A pattern that fails at once: `^` ties it to the start of the text, where `(?!)` fails. */
const NO_MATCH = /^(?!)/;

function gated(parser: Chrono.Parser): Chrono.Parser {
  const needs = PARSER_NEEDS[parser.constructor.name];
  if (!needs) return parser;
  return {
    pattern: (context) => (needs.test(context.text) ? parser.pattern(context) : NO_MATCH),
    extract: (context, match) => parser.extract(context, match),
  };
}

const FUTURE_CUE = /\b(will|shall|would|going to|is due|are due|due to|scheduled|expected to|set to|plans? to|next|coming)\b|'ll\b/i;
const MONTH_PREPOSITION =
  /\b(in|since|during|by|until|till|through|throughout|of|early|late|mid|last|next|this|from|to|between|and|before|after|end of|beginning of|start of)[\s-]*$/i;
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
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
    ...patternCandidates(sentence, published, options.bareYears ?? false),
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

/** What a pattern rule sees: one match in a sentence, the article's date, whether lone years count. */
interface PatternMatch {
  match: RegExpMatchArray & { index: number };
  published: string;
}

interface PatternRule {
  name: string;
  pattern: RegExp;
  /** What a sentence holds wherever `pattern` matches in it, cheaper to test: a sentence without it is not searched. */
  within: RegExp;
  /** Only when the caller reads lone years as times (a user's question, not an article). */
  bareYearsOnly?: boolean;
  read(found: PatternMatch): DateCandidate;
}

/**
 * Date expressions chrono-node misreads or misses, found by pattern; tried before chrono's readings, which they
 * win ties against.
 */
const PATTERN_RULES: readonly PatternRule[] = [
  {
    name: 'counted back ("10 days ago", "some two weeks ago", "a few months back")',
    pattern: AGO,
    within: /\b(?:ago|back|earlier)\b/i,
    read: ({ match, published }) => {
      const [, qualifier, countText, unitText] = match;
      const unit = unitText.toLowerCase().replace(/s$/, '') as AgoUnit;
      const span = agoSpan(countText.toLowerCase(), Boolean(qualifier), unit);
      return {
        start: match.index,
        end: match.index + match[0].length,
        ...agoRange(published, span, unit),
        rule: span.exact ? 'relative-ago' : 'relative-ago-approximate',
        deictic: true,
      };
    },
  },
  {
    name: 'a year after a preposition ("in 2021", "fiscal 1987")',
    pattern: YEAR_AFTER_PREPOSITION,
    within: /(?:1[89]|20)\d\d/,
    read: ({ match }) => {
      const year = Number(match[1]);
      const start = match.index + match[0].length - match[1].length;
      return { start, end: start + 4, ...yearRange(year), rule: 'absolute-year', deictic: false, context: { year } };
    },
  },
  {
    // In a short question a lone year is a time ("Imran Khan 2022"); in an article it is too often a number.
    name: 'a lone year, in questions only ("Imran Khan 2022")',
    pattern: BARE_YEAR,
    within: /(?:1[89]|20)\d\d/,
    bareYearsOnly: true,
    read: ({ match }) => {
      const year = Number(match[0]);
      return { start: match.index, end: match.index + 4, ...yearRange(year), rule: 'absolute-year', deictic: false, context: { year } };
    },
  },
  {
    name: 'a week relative to publication ("last week", "earlier this week")',
    pattern: RELATIVE_WEEK,
    within: /\bweek\b/i,
    read: ({ match, published }) => {
      const [, earlierOrLater, which] = match;
      const shift = /last|past|previous/i.test(which) ? -7 : /next|coming/i.test(which) ? 7 : 0;
      const week = weekRange(addDays(published, shift));
      // "Earlier this week" ends at publication; "later this week" starts there.
      const from = shift === 0 && /later/i.test(earlierOrLater ?? '') ? published : week.from;
      const to = shift === 0 && /earlier/i.test(earlierOrLater ?? '') ? published : week.to;
      return { start: match.index, end: match.index + match[0].length, from, to, rule: 'relative-week', deictic: true };
    },
  },
];

function patternCandidates(sentence: string, published: string, bareYears: boolean): DateCandidate[] {
  const found: DateCandidate[] = [];
  for (const rule of PATTERN_RULES) {
    if ((rule.bareYearsOnly && !bareYears) || !rule.within.test(sentence)) continue;
    for (const match of sentence.matchAll(rule.pattern)) found.push(rule.read({ match: match as PatternMatch['match'], published }));
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

/** One of chrono-node's readings of a sentence, as the chrono rules see it. */
interface ChronoReading {
  sentence: string;
  published: string;
  /** A month and year an earlier sentence established. */
  context?: YearContext;
  result: Chrono.ParsedResult;
  /** Offsets of the expression in the sentence; a rule may widen them. */
  start: number;
  end: number;
  /** The expression, and the text before and after it. */
  words: string;
  before: string;
  after: string;
  certain(unit: 'year' | 'month' | 'day' | 'weekday'): boolean;
  get(unit: 'year' | 'month' | 'day'): number;
  /** The previous kept mention of this sentence, for "Last year in September". */
  previous?: { end: number; year?: number; relativeYear: boolean };
  /** The candidates so far; a rule that merges with the previous mention takes it back. */
  found: DateCandidate[];
}

interface ChronoRule {
  name: string;
  /** Whether this rule decides the reading; the first that does, in table order, reads it (or drops it). */
  decides(reading: ChronoReading): boolean;
  read(reading: ChronoReading): DateCandidate | undefined;
}

const WEEKDAY_NAME = /(monday|tuesday|wednesday|thursday|friday|saturday|sunday)/i;

/** How chrono-node's readings become dated mentions, in order: the first rule that decides a reading reads it. */
const CHRONO_RULES: readonly ChronoRule[] = [
  {
    // "N days ago" is the pattern rules' job (chrono reads "a few" as exactly three); "now" names no day.
    name: 'left to the pattern rules, or no day ("ago", "within", "now")',
    decides: ({ words }) => /\b(ago|later|from now|within|hence)\b|^(right |just )?now$/i.test(words),
    read: () => undefined,
  },
  {
    name: 'a weekday ("on Friday", "Friday (09/30)", "next Tuesday")',
    decides: ({ words }) =>
      /^(on\s+)?(this\s+|last\s+|next\s+|coming\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i.test(words),
    read: (reading) => {
      const { sentence, published, words, before, after } = reading;
      let { start, end } = reading;
      if (/^on\s+/i.test(words)) start += words.match(/^on\s+/i)![0].length;
      const weekday = WEEKDAYS.indexOf(
        words.match(/(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i)![1].toLowerCase() as (typeof WEEKDAYS)[number],
      );
      const numeric = NUMERIC_AFTER_WEEKDAY.exec(after);
      if (numeric) {
        const weekdayStart = start + sentence.slice(start, end).search(WEEKDAY_NAME);
        const resolved = numericDay(Number(numeric[1]), Number(numeric[2]), numeric[3], published);
        return resolved
          ? { start: weekdayStart, end: end + numeric[0].length, from: resolved, to: resolved, rule: 'numeric', deictic: false }
          : undefined;
      }
      const nextAfter = /^\s+next\b/i.exec(after);
      if (nextAfter) end += nextAfter[0].length;
      const future = /next|coming/i.test(words) || Boolean(nextAfter) || (!/last/i.test(words) && FUTURE_CUE.test(before.slice(-40)));
      const day = future ? upcomingWeekday(published, weekday, /next/i.test(words)) : pastWeekday(published, weekday, /last/i.test(words));
      return { start, end, from: day, to: day, rule: future ? 'relative-weekday-future' : 'relative-weekday-past', deictic: true };
    },
  },
  {
    // Bare "1/2" is usually a fraction; accept a numeric date only with a year or after "on".
    name: 'a numeric date ("4/2/87", "on 9/30")',
    decides: ({ words }) => /^\d{1,2}\/\d{1,2}(\/\d{2,4})?$/.test(words),
    read: ({ words, before, published, start, end }) => {
      const [month, day, year] = words.split('/');
      if (!year && !/\bon\s+$/i.test(before)) return undefined;
      const resolved = numericDay(Number(month), Number(day), year, published);
      return resolved ? { start, end, from: resolved, to: resolved, rule: 'numeric', deictic: false } : undefined;
    },
  },
  {
    name: 'a day relative to publication ("yesterday", "last night")',
    decides: ({ words, certain }) => /\b(yesterday|today|tomorrow|tonight|last night)\b/i.test(words) && certain('day'),
    read: ({ get, start, end }) => {
      const day = isoDay(get('year'), get('month'), get('day'));
      return { start, end, from: day, to: day, rule: 'relative-day', deictic: true };
    },
  },
  {
    name: 'a month and day, or a range of days ("September 25", "16-20 September 2022")',
    decides: ({ certain }) => certain('month') && certain('day'),
    read: ({ result, context, published, certain, get, start, end }) => {
      const month = get('month');
      const day = get('day');
      const [year, rule]: [number, keyof typeof RANGE_OF] = certain('year')
        ? [get('year'), 'absolute']
        : context?.month === month
          ? [context.year, 'year-from-context']
          : [nearestYear(published, month, day), 'year-from-article-date'];
      if (!isRealDay(year, month, day)) return undefined;
      const from = isoDay(year, month, day);
      let to = from;
      if (result.end && result.end.isCertain('day')) {
        const endMonth = result.end.get('month') ?? month;
        const endYear = result.end.isCertain('year') ? result.end.get('year')! : endMonth < month ? year + 1 : year;
        const endDay = result.end.get('day')!;
        if (isRealDay(endYear, endMonth, endDay)) to = isoDay(endYear, endMonth, endDay);
      }
      return {
        start,
        end,
        from,
        to: to < from ? from : to,
        rule: to > from ? RANGE_OF[rule] : rule,
        deictic: false,
        context: { year, month },
      };
    },
  },
  {
    name: 'a month ("in May", "May 2022", "May to July 2022", "last year in September")',
    decides: ({ certain, words }) => certain('month') && !/\b(last|this|next|past)\s+month\b/i.test(words),
    read: (reading) => {
      const { result, sentence, context, published, words, before, previous, found, certain, get, end } = reading;
      let { start } = reading;
      const month = get('month');
      const until = result.end?.isCertain('month') && result.end.isCertain('year') ? result.end : undefined;
      if (until) {
        // "May to July 2022": the start takes the end's year.
        const endYear = until.get('year')!;
        const endMonth = until.get('month')!;
        const year = certain('year') ? get('year') : month <= endMonth ? endYear : endYear - 1;
        const to = until.isCertain('day') ? isoDay(endYear, endMonth, until.get('day')!) : monthRange(endYear, endMonth).to;
        return {
          start,
          end,
          from: monthRange(year, month).from,
          to,
          rule: 'absolute-month-range',
          deictic: false,
          context: { year: endYear, month: endMonth },
        };
      }
      if (certain('year')) {
        const year = get('year');
        return { start, end, ...monthRange(year, month), rule: 'absolute-month', deictic: false, context: { year, month } };
      }
      if (!MONTH_PREPOSITION.test(before) && !/^(in|from|since|during|until|through|of|between)\s/i.test(words)) return undefined;
      const { year: pubYear, month: pubMonth } = parseDay(published);
      let year: number;
      let rule: DateRule;
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
      return {
        start,
        end,
        ...monthRange(year, month),
        rule,
        deictic: rule === 'month-past' || rule === 'month-future',
        context: { year, month },
      };
    },
  },
  {
    name: 'a month relative to publication ("last month")',
    decides: ({ certain, words }) => certain('year') && certain('month') && /\bmonth\b/i.test(words),
    read: ({ get, start, end }) => {
      const year = get('year');
      const month = get('month');
      return { start, end, ...monthRange(year, month), rule: 'relative-month', deictic: true, context: { year, month } };
    },
  },
  {
    name: 'a year relative to publication ("last year")',
    decides: ({ certain, words }) => certain('year') && /\byear\b/i.test(words) && !/\bweek\b/i.test(words),
    read: ({ get, start, end }) => {
      const year = get('year');
      return { start, end, ...yearRange(year), rule: 'relative-year', deictic: true, context: { year } };
    },
  },
];

/** A day rule's name when the expression spans several days ("16-20 September"). */
const RANGE_OF: Record<'absolute' | 'year-from-context' | 'year-from-article-date', DateRule> = {
  absolute: 'absolute-range',
  'year-from-context': 'year-from-context-range',
  'year-from-article-date': 'year-from-article-date-range',
};

/** chrono's reference for an article published on `published`: noon UTC that day; the last one made, for the article's next sentence. */
let lastReference: { published: string; reference: Chrono.ParsingReference } | undefined;

function referenceFor(published: string): Chrono.ParsingReference {
  if (lastReference?.published !== published) {
    const { year, month, day } = parseDay(published);
    lastReference = { published, reference: { instant: new Date(Date.UTC(year, month - 1, day, 12)), timezone: 0 } };
  }
  return lastReference.reference;
}

function chronoCandidates(sentence: string, published: string, context: YearContext | undefined): DateCandidate[] {
  const found: DateCandidate[] = [];
  let previous: ChronoReading['previous'];
  for (const result of chrono().parse(sentence, referenceFor(published))) {
    const start = result.index;
    const end = trimEnd(sentence, start, start + result.text.length);
    const reading: ChronoReading = {
      sentence,
      published,
      context,
      result,
      start,
      end,
      words: sentence.slice(start, end),
      before: sentence.slice(0, start),
      after: sentence.slice(end),
      certain: (unit) => result.start.isCertain(unit),
      get: (unit) => result.start.get(unit)!,
      previous,
      found,
    };
    const candidate = CHRONO_RULES.find((rule) => rule.decides(reading))?.read(reading);
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
        .reduce((best, candidate) =>
          Math.abs(candidate - parseDay(published).year) < Math.abs(best - parseDay(published).year) ? candidate : best,
        );
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
