// Renders archive answers for a terminal: quotes as block quotes under "— 28 Sep 2022 · <title or opening words> ·
// <address or article id>" (or "— 28 Sep 2022 · <speaker>, quoted in <title> · …"), date first as the bot cites them.
import type { DateLookup, PersonFound, PersonNotFound, SaidFound, TimelineEntry } from '../archive.ts';
import type { Answer, Quote } from '../domain/answer.ts';
import { neutraliseControls } from '../corpus/displayText.ts';
import { describeRange } from '../entities/dateQuery.ts';
import { humanDay } from '../entities/readableDates.ts';
import { describeDaysMentioned, mergeDateMentions } from '../lookup/dateMentions.ts';

export interface TextStyle {
  /** Marks the highlighted sentence inside a longer quote (bold on a terminal, »…« in a pipe). */
  highlight: (text: string) => string;
}

/** Piped: the answering sentence between »…«, as a terminal shows it in bold. */
export const PLAIN: TextStyle = { highlight: (text) => `»${text}«` };
export const TERMINAL: TextStyle = { highlight: (text) => `\x1b[1m${text}\x1b[22m` };

/**
 * `value` with every string in it neutralised (see neutraliseControls): article text, titles and names
 * come from the corpus, and an escape sequence in them must not reach the terminal. Human output only;
 * `--json` prints the exact text.
 */
export function forTerminal<T>(value: T): T {
  if (typeof value === 'string') return neutraliseControls(value) as T;
  if (Array.isArray(value)) return value.map(forTerminal) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, forTerminal(inner)])) as T;
  }
  return value;
}

export function formatQuote(quote: Quote, style: TextStyle, note?: string): string {
  const at = quote.text.indexOf(quote.highlight);
  const body =
    at >= 0 && quote.highlight !== quote.text
      ? quote.text.slice(0, at) + style.highlight(quote.highlight) + quote.text.slice(at + quote.highlight.length)
      : quote.text;
  const label = quote.label ?? quote.article;
  const source = `— ${humanDay(quote.date)} · ${quote.speaker ? `${quote.speaker}, quoted in ${label}` : label}`;
  const lines = body.split('\n').map((line) => `> ${line}`);
  return [...lines, [source, quote.url ?? quote.article, ...(note ? [note] : [])].join(' · ')].join('\n');
}

export function formatAnswer(answer: Answer, style: TextStyle): string {
  const answers = answer.quotes.filter((quote) => !quote.nearMiss && !quote.further);
  const further = answer.quotes.filter((quote) => quote.further);
  const nearMisses = answer.quotes.filter((quote) => quote.nearMiss);
  const parts: string[] = [];
  if (answer.answered) {
    parts.push(...answers.map((quote) => formatQuote(quote, style, `score ${quote.score.toFixed(2)}`)));
  } else {
    parts.push('No passage in the archive answers this.');
  }
  if (further.length > 0) {
    parts.push('More passages (may not answer):');
    parts.push(...further.map((quote) => formatQuote(quote, style, `more, score ${quote.score.toFixed(2)}`)));
  }
  if (nearMisses.length > 0) {
    parts.push(answer.answered ? 'Weaker matches (not answers):' : 'Near misses (not answers):');
    parts.push(...nearMisses.map((quote) => formatQuote(quote, style, `near miss, score ${quote.score.toFixed(2)}`)));
  }
  return parts.join('\n\n');
}

export function formatSaid(found: SaidFound, about: string | undefined, style: TextStyle): string {
  const header = `${found.person}${about ? ` about "${about}"` : ''}: ${found.quotations.length} quotation(s), newest first`;
  const quotes = found.quotations.map((quotation) => formatQuote({ ...quotation, highlight: quotation.text, score: 1 }, style));
  return [header, ...quotes].join('\n\n');
}

export function formatPerson(found: PersonFound, style: TextStyle): string {
  const aliases = found.aliases.filter((alias) => alias !== found.person);
  const header = `${found.person}${aliases.length ? ` (also: ${aliases.join(', ')})` : ''}: ${found.quotes.length} passage(s)`;
  return [header, ...found.quotes.map((quote) => formatQuote(quote, style))].join('\n\n');
}

export function formatTimeline(person: string, entries: TimelineEntry[], style: TextStyle): string {
  const header = `${person}: ${entries.length} mention(s), in the order things happened`;
  return [
    header,
    ...entries.map((entry) => {
      const when = entry.eventDate ? `happened ${describeRange(entry.eventDate)} ("${entry.eventDate.expression}")` : 'event date unknown';
      return formatQuote(entry, style, when);
    }),
  ].join('\n\n');
}

export function formatDates(lookup: DateLookup, style: TextStyle): string {
  const span = describeRange(lookup);
  const published = lookup.published.length
    ? lookup.published.map((item) => `  ${humanDay(item.date)} · ${item.label} · ${item.article}`).join('\n')
    : '  (none)';
  // One entry per passage, with every day and phrase it mentions, as /date shows them.
  const passages = mergeDateMentions(lookup.mentions);
  const mentions = passages.length
    ? passages.map((passage) => formatQuote(passage, style, describeDaysMentioned(passage.days))).join('\n\n')
    : '(none)';
  return `Published ${span}:\n${published}\n\nPassages mentioning ${span}:\n\n${mentions}`;
}

export function formatUnknownPerson(notFound: PersonNotFound): string {
  const hint = notFound.suggestions.length ? ` Did you mean: ${notFound.suggestions.join(', ')}?` : '';
  return `No person called "${notFound.query}" in the archive.${hint}`;
}
