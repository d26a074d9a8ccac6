// Test fixture: a tiny in-memory Archive over the real seed articles, for driving the bot without an index.
// Quotes are exact slices of the seed text; ranking is naive word overlap (the engine's own tests cover ranking).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleLabel, articleUrl } from '../../src/corpus/label.ts';
import type { Archive, DateLookup, DateRange, PersonLookup, PersonNotFound, SaidFound } from '../../src/archive.ts';
import { findQuotations } from '../../src/quotations/extract.ts';
import { analyseArticle } from '../../src/index/analyse.ts';
import type { Person } from '../../src/entities/people.ts';
import { citationOf } from '../../src/corpus/label.ts';
import { QuoteVerifier } from '../../src/verify/verifier.ts';
import type { Answer, AskQuery, Quote, SaidQuery } from '../../src/domain/answer.ts';

interface SeedArticle {
  id: string;
  date: string;
  text: string;
  /** Where the article was published (its `source`), linked in answers when it is a web address. */
  source?: string;
}

const PEOPLE: Record<string, string[]> = {
  'Shehbaz Sharif': ['Shehbaz Sharif', 'Shehbaz'],
  'Imran Khan': ['Imran Khan'],
  'Azam Khan': ['Azam Khan'],
  'Maryam Nawaz': ['Maryam Nawaz'],
};

export function loadSeedArticles(dir = join(import.meta.dirname, '../../seeds')): SeedArticle[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => {
      const raw = readFileSync(join(dir, name), 'utf8');
      const date = /date (\d{4}-\d{2}-\d{2})/.exec(raw)?.[1] ?? '1970-01-01';
      return { id: name.replace(/\.txt$/, ''), date, text: raw };
    });
}

function sentencesOf(article: SeedArticle): Quote[] {
  return [...article.text.matchAll(/[^.!?\n]+[.!?]+["”]?/g)].map((match) => ({
    article: article.id,
    date: article.date,
    label: articleLabel(article),
    ...(articleUrl(article) ? { url: articleUrl(article) } : {}),
    text: match[0].trim(),
    highlight: match[0].trim(),
    score: 0,
  }));
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? []);

export interface SeedArchive extends Archive {
  /** Makes the next `ask` reject, to exercise the bot's error boundary. */
  failNextAsk(error: Error): void;
  /** Makes `ask` return these quotes (answered), to exercise formatting of arbitrary text. */
  answerNextWith(quotes: Quote[]): void;
}

export function seedArchive(articles = loadSeedArticles()): SeedArchive {
  const sentences = articles.flatMap(sentencesOf);
  // The real checker over the analysed seeds, its speakers resolved through the fixture's people.
  const analysed = new Map(articles.map((article) => [article.id, { ...article, ...analyseArticle({ article }) }]));
  const verifier = QuoteVerifier.create({
    articlesPublished: async () => [...analysed.values()].sort((a, b) => a.date.localeCompare(b.date)).map(citationOf),
    articles: async (ids) => new Map([...ids].map((id) => [id, analysed.get(id)!])),
    people: {
      resolve: async (name) => {
        const person = Object.keys(PEOPLE).find((canonical) =>
          PEOPLE[canonical].some((alias) => alias.toLowerCase() === name.toLowerCase()),
        );
        return person ? { kind: 'found', person: { name: person, aliases: PEOPLE[person] } as Person } : { kind: 'unknown' };
      },
    },
  });
  let failure: Error | undefined;
  let canned: Quote[] | undefined;
  const mentions = (person: string) =>
    sentences.filter((quote) => PEOPLE[person].some((alias) => quote.text.includes(alias))).sort((a, b) => a.date.localeCompare(b.date));

  const suggest = (query: string, limit: number): string[] => {
    const typed = query.trim().toLowerCase();
    return Object.keys(PEOPLE)
      .filter((person) => PEOPLE[person].some((alias) => alias.toLowerCase().includes(typed)))
      .slice(0, limit);
  };
  const lookUp = (name: string): PersonLookup => {
    const person = Object.keys(PEOPLE).find((canonical) =>
      PEOPLE[canonical].some((alias) => alias.toLowerCase() === name.trim().toLowerCase()),
    );
    if (!person) return { found: false, query: name, suggestions: suggest(name.slice(0, 3), 3) };
    return { found: true, person, aliases: PEOPLE[person], quotes: mentions(person) };
  };
  const published = (range: DateRange) =>
    articles
      .filter((article) => article.date >= range.from && article.date <= range.to)
      .map((article) => ({
        article: article.id,
        date: article.date,
        label: articleLabel(article),
        ...(articleUrl(article) ? { url: articleUrl(article) } : {}),
      }));

  return {
    failNextAsk(error) {
      failure = error;
    },
    answerNextWith(quotes) {
      canned = quotes;
    },
    async ask({ question, k }: AskQuery): Promise<Answer> {
      if (failure) {
        const error = failure;
        failure = undefined;
        throw error;
      }
      if (canned) {
        const quotes = canned;
        canned = undefined;
        return { query: question, answered: true, quotes };
      }
      const asked = words(question);
      const scored = sentences
        .map((quote) => ({ ...quote, score: [...words(quote.text)].filter((word) => asked.has(word)).length }))
        .filter((quote) => quote.score >= 2)
        .sort((a, b) => b.score - a.score)
        .slice(0, k ?? 3);
      return { query: question, answered: scored.length > 0, quotes: scored };
    },
    async person(name: string): Promise<PersonLookup> {
      return lookUp(name);
    },
    async suggestPeople(query: string, limit = 25): Promise<string[]> {
      return suggest(query, limit);
    },
    async dates(range: DateRange): Promise<DateLookup> {
      return { ...range, published: published(range), mentions: [] };
    },
    async sources() {
      return published({ from: '0001-01-01', to: '9999-12-31' });
    },
    async said({ speaker, about }: SaidQuery): Promise<SaidFound | PersonNotFound> {
      const lookup = lookUp(speaker);
      if (!lookup.found) return lookup;
      const quotations = articles
        .flatMap((article) =>
          findQuotations({ text: article.text })
            .filter((quotation) => quotation.speaker.name === lookup.person)
            .map((quotation) => ({
              article: article.id,
              date: article.date,
              label: articleLabel(article),
              text: article.text.slice(quotation.start, quotation.end),
              speaker: lookup.person,
              cue: quotation.cue,
            })),
        )
        .filter((quote) => !about || quote.text.toLowerCase().includes(about.toLowerCase()))
        .sort((a, b) => b.date.localeCompare(a.date));
      return { found: true, person: lookup.person, quotations };
    },
    async timeline(name: string) {
      const lookup = lookUp(name);
      return lookup.found ? { found: true as const, person: lookup.person, entries: lookup.quotes } : lookup;
    },
    async verify(quote, options) {
      return (await verifier).verify(quote, options);
    },
    async concerning(subject, articleIds) {
      const within = new Set(articleIds);
      const quotes =
        subject.kind === 'person'
          ? (() => {
              const lookup = lookUp(subject.name);
              return lookup.found ? lookup.quotes : [];
            })()
          : sentences.filter((quote) => [...words(quote.text)].filter((word) => words(subject.topic).has(word)).length >= 2);
      const first = new Map<string, Quote>();
      for (const quote of quotes) if (within.has(quote.article) && !first.has(quote.article)) first.set(quote.article, quote);
      return [...first].map(([article, quote]) => ({ article, quote }));
    },
    summary() {
      const dates = articles.map((article) => article.date).sort();
      return {
        articles: articles.length,
        passages: sentences.length,
        firstDate: dates[0],
        lastDate: dates[dates.length - 1],
        model: 'fixture (no model)',
        builtAt: '2024-01-01T00:00:00.000Z',
        buildId: 'seed-fixture',
        people: Object.keys(PEOPLE).length,
      };
    },
    async close() {},
  };
}
