// Turns the archive's answers into Discord messages: quotes as block quotes, within Discord's limits.
import { time, TimestampStyles, type APIEmbed } from 'discord.js';
import type { ArchiveSummary, DateLookup, PersonFound, TimelineEntry } from '../archive.ts';
import type { Answer, Quote } from '../domain/answer.ts';
import { describeRange } from '../entities/dateQuery.ts';
import { ELLIPSIS, LIMITS, clampMessage, escapeText, truncate, type MessageBody } from './limits.ts';

const ANSWER_COLOR = 0x2f6f9f;
const MISS_COLOR = 0x9f7f2f;
const QUOTE_SEPARATOR = '\n\n';
/** The longest question echoed as an answer's title (Discord allows 256; a long question reads better cut). */
const QUESTION_TITLE_MAX = 200;

/** Room kept for a source line's article title so the quote keeps most of the budget. */
const SOURCE_TITLE_MAX = 180;

export interface QuotePageOptions<Q extends Quote = Quote> {
  title: string;
  /** Quotes per page (each page is one message). */
  pageSize: number;
  /** Says what the count is, e.g. "quotes matched". */
  countLabel: string;
  color?: number;
  labelFor?: (quote: Q) => QuoteLabel;
}

/** What a quote is shown with besides its text and source. Plain text: it is escaped here. */
export interface QuoteLabel {
  /** A line above the quote, in bold, e.g. when the event happened. */
  heading?: string;
  /** Says what the source line's date is, e.g. "published". */
  dateLabel?: string;
  /** An extra note on the source line, e.g. which day it mentions. */
  note?: string;
}

/** `**bold**` per line: Discord's bold does not span a line break. */
function boldLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() ? `**${line}**` : line))
    .join('\n');
}

function blockQuote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function sourceLine(quote: Quote, label: QuoteLabel): string {
  const title = escapeText(truncate(quote.title?.trim() || quote.article, SOURCE_TITLE_MAX));
  const date = label.dateLabel ? `${escapeText(label.dateLabel)} ${quote.date}` : quote.date;
  return `— ${date} · ${title}${label.note ? ` · ${escapeText(label.note)}` : ''}`;
}

function headingLine(label: QuoteLabel): string {
  return label.heading ? `${boldLines(escapeText(truncate(label.heading, SOURCE_TITLE_MAX)))}\n` : '';
}

function renderQuote(before: string, highlight: string, after: string, frame: { heading: string; source: string }): string {
  return `${frame.heading}${blockQuote(`${escapeText(before)}${boldLines(escapeText(highlight))}${escapeText(after)}`)}\n${frame.source}`;
}

/**
 * One quote in at most `budget` characters. Context sentences go first, then the highlighted
 * sentence itself is shortened at a sentence or word boundary.
 */
export function formatQuote(quote: Quote, budget: number, label: QuoteLabel = {}): string {
  const frame = { heading: headingLine(label), source: sourceLine(quote, label) };
  const at = quote.text.indexOf(quote.highlight);
  const [before, highlight, after] =
    at >= 0 && quote.highlight
      ? [quote.text.slice(0, at), quote.highlight, quote.text.slice(at + quote.highlight.length)]
      : ['', '', quote.text];
  const full = renderQuote(before, highlight, after, frame);
  if (full.length <= budget) return full;

  const core = highlight || after;
  const lead = highlight && before ? ELLIPSIS : '';
  const tail = highlight && after ? ELLIPSIS : '';
  const render = (text: string) => (highlight ? renderQuote(lead, text, tail, frame) : renderQuote('', '', text, frame));
  let room = core.length;
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const candidate = render(truncate(core, room));
    if (candidate.length <= budget) return candidate;
    room = Math.floor(room * Math.min(0.9, budget / candidate.length));
  }
  return truncate(`${frame.heading}${frame.source}`, budget);
}

function chunk<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
  return pages;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Quotes split into pages, one embed per page, each quote fitted into its share of the description. */
export function quotePages<Q extends Quote>(quotes: Q[], options: QuotePageOptions<Q>): MessageBody[] {
  const groups = chunk(quotes, Math.max(1, options.pageSize));
  return groups.map((group, page) => {
    const budget = Math.floor((LIMITS.embedDescription - QUOTE_SEPARATOR.length * (group.length - 1)) / group.length);
    const description = group.map((quote) => formatQuote(quote, budget, options.labelFor?.(quote))).join(QUOTE_SEPARATOR);
    const pageNote = groups.length > 1 ? ` · page ${page + 1} of ${groups.length}` : '';
    const embed: APIEmbed = {
      title: truncate(options.title, LIMITS.embedTitle),
      description,
      color: options.color ?? ANSWER_COLOR,
      footer: { text: `${plural(quotes.length, 'quote')} ${options.countLabel}${pageNote}` },
    };
    return clampMessage({ embeds: [embed] });
  });
}

/** Shown instead of silence when the engine abstains. */
export function abstentionMessage(answer: Answer): MessageBody {
  const question = escapeText(truncate(answer.query, 300));
  const embeds: APIEmbed[] = [
    {
      title: 'No answer in the archive',
      description:
        `I couldn't find a passage that answers “${question}”, so I'd rather not guess.\n` +
        'Try other words, a full name (`/person`), or a day or month (`/date`).',
      color: MISS_COLOR,
    },
  ];
  const misses = answer.quotes.filter((quote) => quote.nearMiss).slice(0, 3);
  if (misses.length > 0) {
    const budget = Math.floor(1800 / misses.length);
    embeds.push({
      title: 'Near misses — related passages, not answers',
      description: misses.map((quote) => formatQuote(quote, budget)).join(QUOTE_SEPARATOR),
      color: MISS_COLOR,
    });
  }
  return clampMessage({ embeds });
}

export function answerPages(answer: Answer, pageSize: number): MessageBody[] {
  const quotes = answer.quotes.filter((quote) => !quote.nearMiss);
  if (!answer.answered || quotes.length === 0) return [abstentionMessage(answer)];
  // The asker's own words, shown to the channel: cut to a title's worth and escaped (controls go in clampEmbed).
  return quotePages(quotes, { title: `“${escapeText(truncate(answer.query, QUESTION_TITLE_MAX))}”`, pageSize, countLabel: 'matched' });
}

function noMentions(title: string): MessageBody[] {
  return [clampMessage({ embeds: [{ title: truncate(title, LIMITS.embedTitle), description: 'No passages mention them.' }] })];
}

export function personPages(lookup: PersonFound, pageSize: number): MessageBody[] {
  const others = lookup.aliases.filter((alias) => alias !== lookup.person);
  const title = others.length > 0 ? `${lookup.person} (also: ${others.join(', ')})` : lookup.person;
  if (lookup.quotes.length === 0) return noMentions(title);
  return quotePages(lookup.quotes, { title, pageSize, countLabel: 'mentioning them, oldest first' });
}

/** When a timeline entry happened, as its heading says: the day or period, and the words that said so. */
export function eventHeading(entry: TimelineEntry): string {
  if (!entry.eventDate) return "When it happened isn't said · placed by publication date";
  return `Happened ${describeRange(entry.eventDate)} · “${truncate(entry.eventDate.expression, 80)}”`;
}

/** A person's mentions in the order things happened: each headed by the event date, sourced by the publication date. */
export function timelinePages(person: string, entries: TimelineEntry[], pageSize: number): MessageBody[] {
  const title = `Timeline: ${person}`;
  if (entries.length === 0) return noMentions(title);
  return quotePages(entries, {
    title,
    pageSize,
    countLabel: 'mentioning them, in the order things happened',
    labelFor: (entry) => ({ heading: eventHeading(entry), dateLabel: 'published' }),
  });
}

/** Articles published in the range on the first page; passages mentioning those days, paged. */
export function datePages(lookup: DateLookup, pageSize: number): MessageBody[] {
  const range = describeRange(lookup);
  const lines = lookup.published.map(
    (article) => `• ${article.date} · ${escapeText(truncate(article.title?.trim() || article.article, SOURCE_TITLE_MAX))}`,
  );
  const published: APIEmbed = {
    title: truncate(`Published ${range}`, LIMITS.embedTitle),
    description: lines.length > 0 ? listWithin(lines, 1500) : 'No articles were published then.',
    color: ANSWER_COLOR,
    footer: { text: plural(lookup.published.length, 'article') },
  };
  if (lookup.mentions.length === 0) {
    return [
      clampMessage({
        embeds: [published, { title: truncate(`Mentions of ${range}`, LIMITS.embedTitle), description: 'No passages mention these days.' }],
      }),
    ];
  }
  const mentionPages = quotePages(lookup.mentions, {
    title: `Mentions of ${range}`,
    pageSize,
    countLabel: 'mentioning these days',
    labelFor: (mention) => ({ note: `mentions ${mention.mentioned} (“${mention.expression}”)` }),
  });
  const [first, ...rest] = mentionPages;
  return [clampMessage({ embeds: [published, ...first.embeds] }), ...rest];
}

/** Joins lines until `max`, then says how many were left out. */
function listWithin(lines: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = `…and ${lines.length - index} more`;
    if (length + line.length + 1 + more.length + 1 > max) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

export function summaryMessage(summary: ArchiveSummary): MessageBody {
  return clampMessage({
    embeds: [
      {
        title: 'What the archive holds',
        color: ANSWER_COLOR,
        fields: [
          { name: 'Articles', value: String(summary.articles), inline: true },
          { name: 'Passages', value: String(summary.passages), inline: true },
          { name: 'People', value: String(summary.people), inline: true },
          { name: 'Dates', value: describeRange({ from: summary.firstDate, to: summary.lastDate }), inline: true },
          { name: 'Model', value: escapeText(summary.model), inline: true },
          // Discord renders <t:…> in each reader's own time zone and language.
          { name: 'Index built', value: time(new Date(summary.builtAt), TimestampStyles.LongDateTime), inline: true },
        ],
        footer: { text: 'Every answer is a verbatim, dated quote from these articles.' },
      },
    ],
  });
}
