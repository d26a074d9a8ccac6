// The archive as the front doors (CLI, Discord bot) see it: one object answering every kind of lookup.
import type { Answer, AskOptions, Quote } from './search/types.ts';

export interface PersonFound {
  found: true;
  /** Canonical full name, e.g. "Shehbaz Sharif". */
  person: string;
  aliases: string[];
  /** Every passage quote that mentions the person, in date order. */
  quotes: Quote[];
}

export interface PersonNotFound {
  found: false;
  query: string;
  /** "Did you mean" candidates, best first. */
  suggestions: string[];
}

export type PersonLookup = PersonFound | PersonNotFound;

/** An inclusive range of days, `YYYY-MM-DD`. */
export interface DateRange {
  from: string;
  to: string;
}

export interface DateLookup extends DateRange {
  /** Articles published in the range. */
  published: { article: string; date: string; title?: string }[];
  /** Passages that mention a day in the range, whatever their publication date. */
  mentions: (Quote & { mentioned: string; expression: string })[];
}

export interface TimelineEntry extends Quote {
  /** When the event happened, where the text says so; else absent and `date` (publication) orders it. */
  eventDate?: DateRange & { expression: string };
}

export interface ArchiveSummary {
  articles: number;
  passages: number;
  firstDate: string;
  lastDate: string;
  model: string;
  builtAt: string;
  people: number;
}

export interface Archive {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  person(name: string): PersonLookup;
  /** Autocomplete: prefix/fuzzy match over names and aliases, in memory. */
  suggestPeople(query: string, limit?: number): string[];
  dates(range: DateRange): DateLookup;
  timeline(name: string): PersonNotFound | { found: true; person: string; entries: TimelineEntry[] };
  summary(): ArchiveSummary;
}
