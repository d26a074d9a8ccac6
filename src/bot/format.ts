// Turns the archive's answers into Discord messages a person reads at a glance: one best quote first,
// further quotes compact, sources by article label and publication date, within Discord's limits.
import { time, TimestampStyles, type APIEmbed } from 'discord.js';
import type { ArchiveSummary, DateLookup, PersonFound, TimelineEntry } from '../archive.ts';
import type { Answer, Quote } from '../domain/answer.ts';
import { commandMention } from './commandMentions.ts';
import { humanDay, humanRange } from '../entities/readableDates.ts';
import { describeDaysMentioned, mergeDateMentions } from '../lookup/dateMentions.ts';
import { ELLIPSIS, LIMITS, clampMessage, escapeText, truncate, type MessageBody } from './limits.ts';
import { speechCutMarks } from './quoteMarks.ts';

const ANSWER_COLOR = 0x2f6f9f;
const MISS_COLOR = 0x7f7f7f;
const QUOTE_SEPARATOR = '\n\n';
/** The longest question echoed as an answer's title (Discord allows 256; a long question reads better cut). */
const QUESTION_TITLE_MAX = 200;

/** Room for an article label on a source line, so the quote keeps most of the budget. */
const LABEL_MAX = 90;
/** A citation line ("— 25 Aug 2023 · Title…") at most this long fits one line of an embed on a desktop client. */
const CITATION_MAX = 68;
/** However long the speaker's name, the title keeps this much. */
const CITATION_LABEL_MIN = 24;
/** A compact quote (after the lead one, or a weak match) shows its key sentence in about this much. */
const COMPACT_QUOTE_MAX = 320;

/** How a quote is shown: the lead quote in full with its answering sentence in bold; others compact, plain. */
export type QuoteStyle = 'lead' | 'compact';

/** What a quote is shown with besides its text and source. Plain text: it is escaped here. */
export interface QuoteLabel {
  /** A line above the quote, in bold, e.g. when the event happened. */
  heading?: string;
  /** An extra note on the source line, e.g. which day it mentions. */
  note?: string;
  /** The line under the quote instead of the citation line, when the title is shown elsewhere. Markdown, already escaped. */
  source?: string;
}

export interface QuotePageOptions<Q extends Quote = Quote> {
  title: string;
  /** Quotes per page (each page is one message). */
  pageSize: number;
  /** The footer: what the count means, e.g. "quotes matched". */
  countLabel: string;
  /** A first line on the first page, e.g. an overview. Markdown, already escaped. */
  intro?: string;
  color?: number;
  /** The first quote of the first page leads, in full; every other quote is compact. */
  leadFirst?: boolean;
  labelFor?: (quote: Q) => QuoteLabel;
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

/** The article as a reader recognises it: its label, linked when the corpus gives its address. */
export function articleLink(article: { article: string; title?: string; label?: string; url?: string }, max = LABEL_MAX): string {
  const label = truncate((article.title ?? article.label ?? article.article).replace(/\s+/g, ' ').trim(), max);
  if (!article.url) return `*${escapeText(label)}*`;
  // A masked link's text can't hold brackets.
  return `[${escapeText(label.replace(/[[\]]/g, ''))}](${linkTarget(article.url)})`;
}

/**
 * A corpus address as a masked link's target, whatever it holds (a bare `%`, a lone surrogate, a malformed escape):
 * valid `%XX` escapes and plain address characters kept, anything else percent-encoded as UTF-8 (a lone surrogate as
 * U+FFFD). Parentheses are encoded (one would end the link), and so are spaces and markdown characters.
 */
function linkTarget(url: string): string {
  return url.replace(/(%[0-9A-Fa-f]{2}|[\w\-.~:/?#@!$&'+,;=]+)|[^]/gu, (match, kept: string | undefined) =>
    kept !== undefined
      ? kept
      : [...Buffer.from(match, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/**
 * "— 25 Aug 2023 · PMO says security agencies are fully…": the date first, and the line short enough to stay one line
 * in Discord (the title is cut to what CITATION_MAX leaves). A quotation whose speaker the archive knows says who is
 * speaking: "— 28 Sep 2022 · Azam Khan, quoted in …".
 */
export function citationLine(quote: Pick<Quote, 'article' | 'date' | 'title' | 'label' | 'url' | 'speaker'>, note = ''): string {
  const speaker = quote.speaker ? truncate(quote.speaker, 40) : '';
  const lead = `— ${humanDay(quote.date)} · ${speaker ? `${speaker}, quoted in ` : ''}`;
  const room = Math.max(CITATION_LABEL_MIN, CITATION_MAX - lead.length);
  return `— ${humanDay(quote.date)} · ${speaker ? `${escapeText(speaker)}, quoted in ` : ''}${articleLink(quote, room)}${note}`;
}

function sourceLine(quote: Quote, label: QuoteLabel): string {
  return citationLine(quote, label.note ? ` · ${escapeText(label.note)}` : '');
}

function headingLine(label: QuoteLabel): string {
  return label.heading ? `${boldLines(escapeText(truncate(label.heading, LABEL_MAX + 40)))}\n` : '';
}

/** The quote's parts around its answering sentence; bold only when there is something else to set it apart from. */
function splitQuote(quote: Quote, style: QuoteStyle): { before: string; highlight: string; after: string; bold: boolean } {
  const at = quote.highlight ? quote.text.indexOf(quote.highlight) : -1;
  if (style === 'compact') return { before: '', highlight: at >= 0 ? quote.highlight : quote.text, after: '', bold: false };
  if (at < 0) return { before: '', highlight: quote.text, after: '', bold: false };
  const before = quote.text.slice(0, at);
  const after = quote.text.slice(at + quote.highlight.length);
  return { before, highlight: quote.highlight, after, bold: Boolean(before.trim() || after.trim()) };
}

/**
 * One quote in at most `budget` characters (compact ones in less). Context sentences go first, then the
 * answering sentence itself is shortened at a sentence or word boundary. A cut inside quoted speech shows "…".
 */
export function formatQuote(quote: Quote, budget: number, label: QuoteLabel = {}, style: QuoteStyle = 'lead'): string {
  const frame = { heading: headingLine(label), source: label.source ?? sourceLine(quote, label) };
  const room = style === 'compact' ? Math.min(budget, COMPACT_QUOTE_MAX + frame.heading.length + frame.source.length + 4) : budget;
  const { before, highlight, after, bold } = splitQuote(quote, style);
  const marks = speechCutMarks(`${before}${highlight}${after}`);
  const render = (lead: string, core: string, tail: string) =>
    `${frame.heading}${blockQuote(`${marks.lead}${lead}${bold ? boldLines(core) : core}${tail}${marks.tail}`)}\n${frame.source}`;

  const full = render(escapeText(before), escapeText(highlight), escapeText(after));
  if (full.length <= room) return full;
  const lead = before.trim() ? ELLIPSIS : '';
  const tail = after.trim() ? ELLIPSIS : '';
  let length = highlight.length;
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const candidate = render(lead, escapeText(truncate(highlight, length)), tail);
    if (candidate.length <= room) return candidate;
    length = Math.floor(length * Math.min(0.9, room / candidate.length));
  }
  return truncate(`${frame.heading}${frame.source}`, room);
}

function chunk<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
  return pages;
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}

/** "3 quotes from 2 articles": what the answer rests on, in words a reader uses (ids stay out of sight). */
function countFooter(quotes: Quote[], countLabel = ''): string {
  const articles = new Set(quotes.map((quote) => quote.article)).size;
  return `${plural(quotes.length, 'quote')} from ${plural(articles, 'article')}${countLabel ? ` ${countLabel}` : ''}`;
}

/** Quotes split into pages, one embed per page, each quote fitted into its share of the description. */
export function quotePages<Q extends Quote>(quotes: Q[], options: QuotePageOptions<Q>): MessageBody[] {
  const groups = chunk(quotes, Math.max(1, options.pageSize));
  return groups.map((group, page) => {
    const intro = page === 0 && options.intro ? `${options.intro}${QUOTE_SEPARATOR}` : '';
    const budget = Math.floor((LIMITS.embedDescription - intro.length - QUOTE_SEPARATOR.length * (group.length - 1)) / group.length);
    const formatted = group.map((quote, index) =>
      formatQuote(quote, budget, options.labelFor?.(quote), options.leadFirst && page === 0 && index === 0 ? 'lead' : 'compact'),
    );
    const embed: APIEmbed = {
      title: truncate(options.title, LIMITS.embedTitle),
      description: `${intro}${formatted.join(QUOTE_SEPARATOR)}`,
      color: options.color ?? ANSWER_COLOR,
      footer: { text: countFooter(quotes, options.countLabel) },
    };
    return clampMessage({ embeds: [embed] });
  });
}

/** Shown instead of silence when the engine abstains; its closest passages, if any, are plainly not answers. */
export function abstentionMessage(answer: Answer): MessageBody {
  const question = escapeText(truncate(answer.query, 300));
  const embeds: APIEmbed[] = [
    {
      title: 'No answer in the archive',
      description:
        `I couldn't find a passage that answers “${question}”, so I'd rather not guess.\n` +
        `Try other words, a full name (${commandMention('person')}), or a day or month (${commandMention('date')}).`,
      color: MISS_COLOR,
    },
  ];
  const misses = answer.quotes.filter((quote) => quote.nearMiss).slice(0, 3);
  if (misses.length > 0) {
    const budget = Math.floor(1800 / misses.length);
    embeds.push({
      title: 'Closest passages — may not answer',
      description: misses.map((quote) => formatQuote(quote, budget, {}, 'compact')).join(QUOTE_SEPARATOR),
      color: MISS_COLOR,
    });
  }
  return clampMessage({ embeds });
}

/** How a thread follow-up was read, above its answer: "*Reading “he” as Azam Khan · Reading “that day” as 28 Sep 2022*". */
export function readingNote(readings: string[]): string | undefined {
  return readings.length > 0 ? `*${escapeText(truncate(readings.join(' · '), 1_000))}*` : undefined;
}

/** The answer's pages: its answers, then its further passages (see `Quote.further`) on pages of their own. */
export function answerPages(answer: Answer, pageSize: number): MessageBody[] {
  const quotes = answer.quotes.filter((quote) => !quote.nearMiss && !quote.further);
  if (!answer.answered || quotes.length === 0) return [abstentionMessage(answer)];
  // The asker's own words, shown to the channel: cut to a title's worth and escaped (controls go in clampEmbed).
  const title = `“${escapeText(truncate(answer.query, QUESTION_TITLE_MAX))}”`;
  const further = answer.quotes.filter((quote) => quote.further);
  return [
    ...quotePages(quotes, { title, pageSize, countLabel: '', leadFirst: true }),
    ...(further.length > 0
      ? quotePages(further, { title: `More passages — ${title}`, pageSize, countLabel: '(may not answer)', color: MISS_COLOR })
      : []),
  ];
}

/** The index of the answer's first page of further passages, if it has one: the button to it says "More passages". */
export function furtherPassagesPage(answer: Answer, pageSize: number): number | undefined {
  const answers = answer.quotes.filter((quote) => !quote.nearMiss && !quote.further).length;
  const further = answer.quotes.some((quote) => quote.further);
  return answer.answered && answers > 0 && further ? Math.ceil(answers / Math.max(1, pageSize)) : undefined;
}

function noMentions(title: string): MessageBody[] {
  return [clampMessage({ embeds: [{ title: truncate(title, LIMITS.embedTitle), description: 'No passages mention them.' }] })];
}

/** Newest article first, and each article's first mention before any article's second one. */
export function articlesFirst<Q extends Quote>(quotes: Q[]): Q[] {
  const byArticle = new Map<string, Q[]>();
  for (const quote of quotes) byArticle.set(quote.article, [...(byArticle.get(quote.article) ?? []), quote]);
  const articles = [...byArticle.values()].sort((a, b) => b[0].date.localeCompare(a[0].date) || a[0].article.localeCompare(b[0].article));
  const rounds = Math.max(0, ...articles.map((mentions) => mentions.length));
  const ordered: Q[] = [];
  for (let round = 0; round < rounds; round++) for (const mentions of articles) if (round < mentions.length) ordered.push(mentions[round]);
  return ordered;
}

/** "3 articles · 7 passages · 28 Sep 2022 – 25 Aug 2023". */
function overview(quotes: Quote[]): string {
  const dates = quotes.map((quote) => quote.date).sort();
  const articles = new Set(quotes.map((quote) => quote.article)).size;
  return `**${plural(articles, 'article')} · ${plural(quotes.length, 'passage')} · ${humanRange({ from: dates[0], to: dates.at(-1)! })}**`;
}

export function personPages(lookup: PersonFound, pageSize: number): MessageBody[] {
  const others = lookup.aliases.filter((alias) => alias !== lookup.person);
  // Names come from article text: escaped like it.
  const title = escapeText(others.length > 0 ? `${lookup.person} (also: ${others.join(', ')})` : lookup.person);
  if (lookup.quotes.length === 0) return noMentions(title);
  return quotePages(articlesFirst(lookup.quotes), {
    title,
    pageSize,
    intro: `${overview(lookup.quotes)}\nNewest first, each article once before any repeats.`,
    countLabel: 'mentioning them',
  });
}

/** When a timeline entry happened, where the text says so: the day or period, and the words that said so. */
export function eventHeading(entry: TimelineEntry): string | undefined {
  if (!entry.eventDate) return undefined;
  return `Happened ${humanRange(entry.eventDate)} · “${truncate(entry.eventDate.expression, 80)}”`;
}

/** A person's mentions in the order things happened: dated ones headed by the event date; all sourced by publication date. */
export function timelinePages(person: string, entries: TimelineEntry[], pageSize: number): MessageBody[] {
  const title = `Timeline: ${escapeText(person)}`;
  if (entries.length === 0) return noMentions(title);
  const undated = entries.filter((entry) => !entry.eventDate).length;
  return quotePages(entries, {
    title,
    pageSize,
    countLabel:
      undated > 0
        ? `in the order things happened (${undated} without a date in the text, placed by publication date)`
        : 'in the order things happened',
    labelFor: (entry) => ({ heading: eventHeading(entry) }),
  });
}

/** "on 30 Sep 2022", "in Sep 2022". */
function during(range: DateLookup): string {
  return `${range.from === range.to ? 'on' : 'in'} ${humanRange(range)}`;
}

/** Articles published in the range on the first page (when there are any); passages mentioning those days, paged. */
export function datePages(lookup: DateLookup, pageSize: number): MessageBody[] {
  const range = humanRange(lookup);
  const mentions = mergeDateMentions(lookup.mentions);
  if (lookup.published.length === 0 && mentions.length === 0) {
    return [
      clampMessage({
        embeds: [
          {
            title: truncate(range, LIMITS.embedTitle),
            description: `Nothing was published ${during(lookup)}, and no passage mentions ${lookup.from === lookup.to ? 'that day' : 'those days'}.`,
            color: MISS_COLOR,
          },
        ],
      }),
    ];
  }
  const published: APIEmbed[] =
    lookup.published.length === 0
      ? []
      : [
          {
            title: truncate(`Published ${range}`, LIMITS.embedTitle),
            description: listWithin(
              lookup.published.map((article) => `• ${humanDay(article.date)} · ${articleLink(article)}`),
              1500,
            ),
            color: ANSWER_COLOR,
            footer: { text: plural(lookup.published.length, 'article') },
          },
        ];
  if (mentions.length === 0) return [clampMessage({ embeds: published })];
  const mentionPages = quotePages(mentions, {
    title: `Passages mentioning ${range}`,
    pageSize,
    intro: lookup.published.length === 0 ? `Nothing was published ${during(lookup)}; these passages mention it.` : undefined,
    countLabel: 'mentioning these days',
    labelFor: (mention) => ({ note: describeDaysMentioned(mention.days) }),
  });
  const [first, ...rest] = mentionPages;
  return [clampMessage({ embeds: [...published, ...first.embeds] }), ...rest];
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

/** What the archive holds: its articles (newest first, date · label), paged; counts and model in the footer. */
export function sourcesPages(summary: ArchiveSummary, articles: DateLookup['published'], pageSize: number): MessageBody[] {
  const newestFirst = [...articles].sort((a, b) => b.date.localeCompare(a.date) || a.article.localeCompare(b.article));
  const span = summary.firstDate ? humanRange({ from: summary.firstDate, to: summary.lastDate }) : 'no dates';
  // Discord renders <t:…> in each reader's own time zone and language (in descriptions, not footers).
  const intro =
    `**${plural(summary.articles, 'article')}**, published ${span} · index built ${time(new Date(summary.builtAt), TimestampStyles.RelativeTime)}\n` +
    `Every answer is a verbatim, dated quote from these articles; ${commandMention('date')} shows a day or month.`;
  const groups = newestFirst.length > 0 ? chunk(newestFirst, Math.max(1, pageSize)) : [[]];
  return groups.map((group, page) =>
    clampMessage({
      embeds: [
        {
          title: 'What the archive holds',
          description: `${page === 0 ? `${intro}\n\n` : ''}${group.map((article) => `• ${humanDay(article.date)} · ${articleLink(article)}`).join('\n')}`,
          color: ANSWER_COLOR,
          footer: {
            text:
              `${plural(summary.passages, 'passage')} · ${summary.people.toLocaleString('en-US')} people named · model ${summary.model} · ` +
              `built ${summary.builtAt}`,
          },
        },
      ],
    }),
  );
}
