// What the people and date lookups answer.
import type { Quote } from './answer.ts';
import type { ArticleCitation } from './article.ts';

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
  published: ArticleCitation[];
  /** Passages that mention a day in the range, whatever their publication date. */
  mentions: (Quote & { mentioned: string; expression: string })[];
}

export type PersonTimeline = PersonNotFound | { found: true; person: string; entries: TimelineEntry[] };

export interface TimelineEntry extends Quote {
  /** When the event happened, where the text says so; else absent and `date` (publication) orders it. */
  eventDate?: DateRange & { expression: string };
}
