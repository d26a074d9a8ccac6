// Exact lookups over the stored entities: a person's quotes, what was published on or mentions a day, a person's timeline.
import { makeQuote, MAX_QUOTE_CHARS } from '../corpus/quote.ts';
import type { DateLookup, DateRange, PersonLookup, PersonNotFound, PersonTimeline, TimelineEntry } from '../domain/lookups.ts';
import type { StoredArticle } from '../domain/article.ts';
import type { Quote } from '../domain/answer.ts';
import { daysBetween } from '../entities/days.ts';
import type { Person } from '../entities/people.ts';
import type { ArchiveStore } from '../index/archiveStore.ts';
import type { DateMention } from '../domain/mentions.ts';

/** A mentioned period longer than this ("last year") is too vague to date an event in a timeline. */
const MAX_EVENT_DAYS = 366;

export class EntityLookup {
  constructor(private readonly store: ArchiveStore) {}

  /**
   * Every sentence that names the person (by any alias), quoted with a sentence of context, in date order; only
   * those of `within` when given (the articles a reload added).
   */
  async person(name: string, within?: ReadonlySet<string>): Promise<PersonLookup> {
    const resolution = await this.store.people.resolve(name);
    if (resolution.kind !== 'found') return this.notFound(name);
    const { person } = resolution;
    return {
      found: true,
      person: person.name,
      aliases: person.aliases,
      quotes: (await this.mentionsOf(person, within)).map(({ quote }) => quote),
    };
  }

  /** Autocomplete for person names: prefix, then fuzzy, over names and aliases. */
  suggestPeople(query: string, limit = 25): Promise<string[]> {
    return this.store.people.complete(query, limit);
  }

  /**
   * Articles published in `range`, and, kept apart, sentences mentioning a day or period that lies
   * within `range` (whatever their publication date). A mention wider than the range ("last year" for a
   * day) is left out: it does not say the day.
   */
  async dates(range: DateRange): Promise<DateLookup> {
    const published = await this.store.articlesPublished(range);
    const mentioned = await this.store.datesMentioned(range);
    const articles = await this.store.articles(mentioned.map(({ articleId }) => articleId));
    const mentions: DateLookup['mentions'] = [];
    const seen = new Set<string>();
    for (const { articleId, mention } of mentioned) {
      const when = mention.from === mention.to ? mention.from : `${mention.from}/${mention.to}`;
      // Every phrase naming the day is kept ("Wednesday (September 28)" names it twice); readers merge them per passage.
      const key = `${articleId}#${mention.sentence} ${when} ${mention.expression}`;
      const article = articles.get(articleId);
      if (!article || seen.has(key)) continue;
      seen.add(key);
      mentions.push({
        ...this.quoteSentence(article, mention.sentence, new Set([mention.sentence])),
        mentioned: when,
        expression: mention.expression,
      });
    }
    mentions.sort((a, b) => compare(a.mentioned, b.mentioned) || compare(a.date, b.date) || compare(a.article, b.article));
    return { ...range, published, mentions };
  }

  /**
   * The person's mentions ordered by when the event happened, where the sentence (or its quoted
   * neighbour) gives a day or a period of at most a year; otherwise by publication date.
   */
  async timeline(name: string): Promise<PersonTimeline> {
    const resolution = await this.store.people.resolve(name);
    if (resolution.kind !== 'found') return this.notFound(name);
    const entries: TimelineEntry[] = (await this.mentionsOf(resolution.person)).map(({ quote, article, sentence, last }) => {
      const event = eventDate(article, sentence, last);
      return event ? { ...quote, eventDate: { from: event.from, to: event.to, expression: event.expression } } : quote;
    });
    const when = (entry: TimelineEntry) => entry.eventDate?.from ?? entry.date;
    entries.sort((a, b) => compare(when(a), when(b)) || compare(a.date, b.date) || compare(a.article, b.article));
    return { found: true, person: resolution.person.name, entries };
  }

  private async notFound(query: string): Promise<PersonNotFound> {
    return { found: false, query, suggestions: await this.store.people.suggest(query) };
  }

  /** One quote per sentence naming the person, in date order. */
  private async mentionsOf(
    person: Person,
    within?: ReadonlySet<string>,
  ): Promise<{ quote: Quote; article: StoredArticle; sentence: number; last: number }[]> {
    const sentencesByArticle = new Map<string, Set<number>>();
    for (const occurrence of person.occurrences) {
      if (within && !within.has(occurrence.article)) continue;
      const sentences = sentencesByArticle.get(occurrence.article) ?? new Set<number>();
      sentences.add(occurrence.sentence);
      sentencesByArticle.set(occurrence.article, sentences);
    }
    const articles = [...(await this.store.articles(sentencesByArticle.keys())).values()].sort(byPublication);
    return articles.flatMap((article) => {
      const naming = sentencesByArticle.get(article.id)!;
      return [...naming]
        .sort((a, b) => a - b)
        .map((sentence) => {
          const quote = this.quoteSentence(article, sentence, naming);
          const last = quote.text.length > article.sentences[sentence].end - article.sentences[sentence].start ? sentence + 1 : sentence;
          return { quote, article, sentence, last };
        });
    });
  }

  /**
   * Quotes sentence `index`, followed by the next sentence of the same paragraph as context when that
   * one is not quoted on its own (it is not in `quotedAlone`) and the quote stays short.
   */
  private quoteSentence(article: StoredArticle, index: number, quotedAlone: Set<number>): Quote {
    const { sentences, text } = article;
    const next = sentences[index + 1];
    const withContext =
      next !== undefined &&
      !quotedAlone.has(index + 1) &&
      !text.slice(sentences[index].end, next.start).includes('\n') &&
      next.end - sentences[index].start <= MAX_QUOTE_CHARS;
    return makeQuote(article, index, withContext ? index + 1 : index, index, 1);
  }
}

/** The most precise date mentioned in the sentence, else in the quoted next sentence. */
function eventDate(article: StoredArticle, sentence: number, last: number): DateMention | undefined {
  for (let index = sentence; index <= last; index++) {
    const candidates = article.entities.dates.filter(
      (mention) => mention.sentence === index && daysBetween(mention.from, mention.to) < MAX_EVENT_DAYS,
    );
    if (candidates.length > 0) {
      return candidates.reduce((best, mention) =>
        daysBetween(mention.from, mention.to) < daysBetween(best.from, best.to) ? mention : best,
      );
    }
  }
  return undefined;
}

function byPublication(a: StoredArticle, b: StoredArticle): number {
  return compare(a.date, b.date) || compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
