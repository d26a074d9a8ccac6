// The archive as the front doors (CLI, Discord bot) see it: one object answering every kind of lookup.
import type { Answer, AskOptions } from './domain/answer.ts';
import type { DateLookup, DateRange, PersonLookup, PersonNotFound, PersonTimeline } from './domain/lookups.ts';
import type { SaidFound, SaidOptions } from './domain/quotation.ts';

export type * from './domain/answer.ts';
export type * from './domain/lookups.ts';
export type { SaidFound, SaidOptions, SpokenQuote } from './domain/quotation.ts';

export interface ArchiveSummary {
  articles: number;
  passages: number;
  firstDate: string;
  lastDate: string;
  model: string;
  builtAt: string;
  /** Names the index content (its articles' hashes and the model): the same archive gives the same id. */
  buildId: string;
  people: number;
}

export interface Archive {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  person(name: string): PersonLookup;
  /** Autocomplete: prefix/fuzzy match over names and aliases, in memory. */
  suggestPeople(query: string, limit?: number): string[];
  dates(range: DateRange): DateLookup;
  /** The person's own direct quotations, newest first (see SaidOptions); "did you mean" when no one goes by the name. */
  said(name: string, options?: SaidOptions): SaidFound | PersonNotFound;
  timeline(name: string): PersonTimeline;
  summary(): ArchiveSummary;
  /** Releases what the archive holds open (the Postgres store's connections). */
  close(): Promise<void>;
}
