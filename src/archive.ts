// The archive as the front doors (CLI, Discord bot) see it: one object answering every kind of lookup, over one store.
import { createHash } from 'node:crypto';
import { citationOf } from './corpus/label.ts';
import type { ArticleCitation } from './domain/article.ts';
import type { Answer, AskQuery, Quote, SaidQuery } from './domain/answer.ts';
import type { FollowMatch, FollowSubject } from './domain/follow.ts';
import type { DateLookup, DateRange, PersonLookup, PersonNotFound, PersonTimeline } from './domain/lookups.ts';
import type { SaidFound } from './domain/quotation.ts';
import type { Verification, VerifyOptions } from './domain/verification.ts';
import { OPEN_END, OPEN_START } from './entities/dateQuery.ts';
import type { ArchiveStore } from './index/archiveStore.ts';
import type { IndexManifest } from './index/types.ts';
import { EntityLookup } from './lookup/lookup.ts';
import { QuotationLookup } from './lookup/said.ts';
import { QuoteVerifier } from './verify/verifier.ts';
import type { AnswerEngine } from './search/engine.ts';

export type * from './domain/answer.ts';
export type * from './domain/follow.ts';
export type * from './domain/lookups.ts';
export type { SaidFound, SpokenQuote } from './domain/quotation.ts';
export type * from './domain/verification.ts';

/**
 * How many of a reload's new articles a topic is first asked over together; the articles among its answers are then
 * each asked alone, so each clears the answer bar on its own evidence.
 */
const TOPIC_CANDIDATES = 10;

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

/** The archive over one store: questions go to the engine, lookups to the lookups, all reading the same store. */
export class StoreArchive {
  private readonly lookup: EntityLookup;
  private readonly quotations: QuotationLookup;
  /** Computed when first asked for (a summary): hashing every article's entry is no part of answering. */
  private buildId?: string;
  /** Built at the first check: its word index takes seconds on a large archive that most sessions never check against. */
  private verifier?: Promise<QuoteVerifier>;

  constructor(
    private readonly store: ArchiveStore,
    readonly engine: AnswerEngine,
  ) {
    this.lookup = new EntityLookup(store);
    this.quotations = new QuotationLookup(store);
  }

  /** Verbatim, dated quotes answering the question; "What did X say (about Y)?" puts X's own quotations first. */
  async ask(query: AskQuery): Promise<Answer> {
    return this.quotations.answer(query, await this.engine.ask(query));
  }

  /** Every sentence naming the person (any alias), in date order, each naming its speaker where the archive says. */
  async person(name: string): Promise<PersonLookup> {
    const found = await this.lookup.person(name);
    return found.found ? { ...found, quotes: await this.quotations.withSpeakers(found.quotes) } : found;
  }

  /** Autocomplete: prefix, then fuzzy matches over names and aliases. */
  suggestPeople(query: string, limit?: number): Promise<string[]> {
    return this.lookup.suggestPeople(query, limit);
  }

  /** What was published in the range, and the sentences mentioning a day within it. */
  dates(range: DateRange): Promise<DateLookup> {
    return this.lookup.dates(range);
  }

  /** How every article of the archive is cited, oldest first. */
  sources(): Promise<ArticleCitation[]> {
    return this.store.articlesPublished({ from: OPEN_START, to: OPEN_END });
  }

  /** The person's own direct quotations, newest first (see SaidQuery); "did you mean" when no one goes by the name. */
  said(query: SaidQuery): Promise<SaidFound | PersonNotFound> {
    return this.quotations.said(query);
  }

  /** The person's mentions in the order things happened. */
  async timeline(name: string): Promise<PersonTimeline> {
    const found = await this.lookup.timeline(name);
    return found.found ? { ...found, entries: await this.quotations.withSpeakers(found.entries) } : found;
  }

  /** The archive's closest wording of a quotation and one verdict (see src/verify/); rejects with UserError for an empty or over-long one. */
  async verify(quote: string, options?: VerifyOptions): Promise<Verification> {
    this.verifier ??= QuoteVerifier.create(this.store);
    return (await this.verifier).verify(quote, options);
  }

  /**
   * What these articles (a reload's new ones) hold for a follow, one match per article. A person: each article naming
   * them by any alias, quoted where they speak, else where first named. A topic: each article that answers it, asked
   * as a question over that article alone, above the same bar as any answer.
   */
  async concerning(subject: FollowSubject, articleIds: readonly string[]): Promise<FollowMatch[]> {
    if (articleIds.length === 0) return [];
    return subject.kind === 'person' ? this.naming(subject.name, articleIds) : this.answering(subject.topic, articleIds);
  }

  /** Each article's id and content hash: what a reload compares to tell the articles it added. */
  contents(): ReadonlyMap<string, string> {
    return new Map(Object.entries(this.store.manifest.articles).map(([id, { hash }]) => [id, hash]));
  }

  private async naming(name: string, articleIds: readonly string[]): Promise<FollowMatch[]> {
    const found = await this.lookup.person(name, new Set(articleIds));
    if (!found.found) return [];
    const byArticle = new Map<string, Quote>();
    // Their own words first: the first quotation the article credits to them.
    const own = (await this.store.quotationsIn(articleIds)).filter(({ person }) => person === found.person);
    const articles = await this.store.articles(new Set(own.map(({ articleId }) => articleId)));
    for (const { articleId, start, end } of own) {
      const article = articles.get(articleId);
      if (!article || byArticle.has(articleId)) continue;
      const words = article.text.slice(start, end);
      byArticle.set(articleId, { ...citationOf(article), text: words, highlight: words, score: 1, speaker: found.person });
    }
    // Else the first sentence naming them.
    for (const quote of found.quotes) if (!byArticle.has(quote.article)) byArticle.set(quote.article, quote);
    return [...byArticle].map(([article, quote]) => ({ article, quote })).sort((a, b) => a.quote.date.localeCompare(b.quote.date));
  }

  private async answering(topic: string, articleIds: readonly string[]): Promise<FollowMatch[]> {
    const today = new Date().toISOString().slice(0, 10);
    // New articles may be dated after today (a corpus of scheduled pieces): the archive's newest day is never in the future for them.
    const asOf = this.store.published.to > today ? this.store.published.to : today;
    let candidates = articleIds;
    if (articleIds.length > TOPIC_CANDIDATES) {
      const together = await this.ask({ question: topic, articles: articleIds, k: TOPIC_CANDIDATES, asOf });
      const asked = new Set(articleIds);
      // "What did X say?" answers from X's quotations anywhere: only these articles' count.
      candidates = [
        ...new Set(together.quotes.filter((quote) => !quote.nearMiss && asked.has(quote.article)).map((quote) => quote.article)),
      ];
    }
    const matches: FollowMatch[] = [];
    for (const article of candidates) {
      const answer = await this.ask({ question: topic, articles: [article], k: 1, asOf });
      const [best] = answer.quotes;
      if (answer.answered && best && !best.nearMiss && best.article === article) matches.push({ article, quote: best });
    }
    return matches;
  }

  summary(): ArchiveSummary {
    const { manifest, published, people } = this.store;
    return {
      articles: manifest.counts.articles,
      passages: manifest.counts.passages,
      firstDate: published.from,
      lastDate: published.to,
      model: manifest.model.id,
      builtAt: manifest.builtAt,
      buildId: (this.buildId ??= buildIdOf(this.store.manifest)),
      people: people.count,
    };
  }

  /** Releases what the store holds open (the Postgres store's connections). */
  close(): Promise<void> {
    return this.store.close();
  }
}

/** What the front doors ask of an archive: `StoreArchive`'s methods (go to definition lands there), or `LiveArchive`'s. */
export type Archive = Pick<
  StoreArchive,
  'ask' | 'person' | 'suggestPeople' | 'dates' | 'sources' | 'said' | 'timeline' | 'verify' | 'concerning' | 'summary' | 'close'
>;

/** The build's id: a hash of its model and of every article's entry, the same whichever store holds it. */
function buildIdOf({ model, articles }: IndexManifest): string {
  // Over a canonical form: a database may return the manifest's keys in another order than they were written.
  const content = [
    [model.id, model.dimensions, model.pooling, model.normalize, model.quantized],
    Object.entries(articles)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, { hash, passages }]) => [id, hash, passages]),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
}
