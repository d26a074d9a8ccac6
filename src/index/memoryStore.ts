// A store over an archive in this process: its articles in memory, or read from the index files as asked for (the
// index files adapter), with the lookups' tables the build stored or made here from the articles.
import { citationOf } from '../corpus/label.ts';
import type { ArticleCitation, Passage, StoredArticle } from '../domain/article.ts';
import type { DateRange } from '../domain/lookups.ts';
import { PersonDirectory, type PersonResolution, type StoredDirectory } from '../entities/people.ts';
import type { Pace } from '../pace.ts';
import type { LexicalSearch, Retriever } from '../retrieval/retriever.ts';
import type { ArchiveStore, AttributedQuotation, MentionedDate, PeopleIndex, SentenceVectorLookup } from './archiveStore.ts';
import { attributedQuotations, newestFirst } from './attribution.ts';
import type { StoredCatalog } from './store.ts';
import { PassagesByDate } from './passagesByDate.ts';
import type { IndexManifest } from './types.ts';

/** What a store in memory is made of: the archive's rows, read whole, and retrievers over them. */
export interface ArchiveInMemory {
  source: string;
  manifest: IndexManifest;
  articles: ReadonlyMap<string, StoredArticle>;
  passages: readonly Passage[];
  sentences: SentenceVectorLookup;
  /** The people directory the build stored; built from the articles when there is none. */
  people?: StoredDirectory;
  /** The lookups' tables the build stored; made from the articles when there is none. */
  catalog?: StoredCatalog;
  lexical: LexicalSearch;
  dense: Retriever;
  /** Releases what the rows came with (the open files of the index's catalog). */
  close?: () => Promise<void>;
}

export class InMemoryStore implements ArchiveStore {
  readonly source: string;
  readonly manifest: IndexManifest;
  readonly published: DateRange;
  readonly lexical: LexicalSearch;
  readonly dense: Retriever;
  readonly people: PeopleIndex;
  /** Every article as cited, by publication (oldest first, ties by id): made when first asked for. */
  private citations?: ArticleCitation[];
  private quotationTables?: Promise<QuotationTables>;
  private mentionedDates?: Promise<MentionedDate[]>;
  /** Passages by publication day: made when a question first narrows the dates. */
  private passagesByDate?: PassagesByDate;

  /**
   * The store over `archive`, with its people directory (read back, or built from the articles) and, without a
   * catalog, its attributed quotations gathered in steps with `pace` between them: on a large archive they take a while.
   */
  static async create(archive: ArchiveInMemory, pace: Pace): Promise<InMemoryStore> {
    const directory = archive.people
      ? await PersonDirectory.fromStored(archive.people, pace)
      : await PersonDirectory.create([...archive.articles.values()], pace);
    const store = new InMemoryStore(archive, directory, pace);
    if (!archive.catalog) store.quotationTables = Promise.resolve(await attributedInArticles(archive.articles.values(), directory, pace));
    return store;
  }

  private constructor(
    private readonly archive: ArchiveInMemory,
    directory: PersonDirectory,
    pace: Pace,
  ) {
    this.source = archive.source;
    this.manifest = archive.manifest;
    this.lexical = archive.lexical;
    this.dense = archive.dense;
    this.published = archive.catalog ? archive.catalog.articles.publishedRange() : publicationRange(archive.articles.values());
    this.people = new DirectoryPeople(directory, pace);
  }

  private byDate(): ArticleCitation[] {
    const { catalog, articles } = this.archive;
    return (this.citations ??= (
      catalog
        ? Array.from({ length: catalog.articles.size }, (_, row) => catalog.articles.citationAt(row))
        : [...articles.values()].map(citationOf)
    ).sort(byPublication));
  }

  /** The attributed quotations by person and by article: the catalog's, read when first asked for. */
  private quotations(): Promise<QuotationTables> {
    return (this.quotationTables ??= this.archive.catalog!.quotations().then(tablesOf));
  }

  /** Every date mention, articles by publication: the catalog's when there is one, read when first asked for. */
  private dates(): Promise<MentionedDate[]> {
    const { catalog, articles } = this.archive;
    return (this.mentionedDates ??= catalog
      ? catalog.dates()
      : Promise.resolve(
          this.byDate().flatMap(({ article: id }) => articles.get(id)!.entities.dates.map((mention) => ({ articleId: id, mention }))),
        ));
  }

  async passages(ids: readonly number[]): Promise<Passage[]> {
    return ids.map((id) => this.archive.passages[id]);
  }

  async passagesPublished(range: Partial<DateRange>): Promise<ReadonlySet<number>> {
    return (this.passagesByDate ??= new PassagesByDate(this.archive.passages)).between(range);
  }

  async articles(ids: Iterable<string>): Promise<Map<string, StoredArticle>> {
    const found = new Map<string, StoredArticle>();
    for (const id of ids) {
      const article = this.archive.articles.get(id);
      if (article) found.set(id, article);
    }
    return found;
  }

  async sentenceVectors(): Promise<SentenceVectorLookup> {
    return this.archive.sentences;
  }

  async quotationsBy(person: string, { from, to }: Partial<DateRange>): Promise<AttributedQuotation[]> {
    const { byPerson } = await this.quotations();
    return (byPerson.get(person) ?? []).filter((quotation) => (!from || quotation.date >= from) && (!to || quotation.date <= to));
  }

  async quotationsIn(articleIds: Iterable<string>): Promise<AttributedQuotation[]> {
    const { byArticle } = await this.quotations();
    return [...new Set(articleIds)].flatMap((id) => byArticle.get(id) ?? []);
  }

  async articlesPublished(range: DateRange): Promise<ArticleCitation[]> {
    return this.byDate().filter((article) => range.from <= article.date && article.date <= range.to);
  }

  async datesMentioned(range: DateRange): Promise<MentionedDate[]> {
    return (await this.dates()).filter(({ mention }) => mention.from >= range.from && mention.to <= range.to);
  }

  async close(): Promise<void> {
    await this.archive.close?.();
  }
}

/** The people index over a directory in memory. */
class DirectoryPeople implements PeopleIndex {
  constructor(
    private readonly directory: PersonDirectory,
    /** Pause points of building the completion tables, when a lookup first needs them. */
    private readonly pace: Pace,
  ) {}

  get count(): number {
    return this.directory.people.length;
  }

  async resolve(name: string): Promise<PersonResolution> {
    return this.directory.resolve(name);
  }

  async suggest(name: string, limit?: number): Promise<string[]> {
    await this.directory.prepare(this.pace);
    return this.directory.suggest(name, limit);
  }

  async complete(prefix: string, limit?: number): Promise<string[]> {
    await this.directory.prepare(this.pace);
    return this.directory.complete(prefix, limit);
  }
}

interface QuotationTables {
  /** Canonical person name → their quotations, newest first. */
  byPerson: Map<string, AttributedQuotation[]>;
  byArticle: Map<string, AttributedQuotation[]>;
}

/** The quotations of `articles` the directory attributes, a few articles at a time with `pace` between them. */
async function attributedInArticles(articles: Iterable<StoredArticle>, directory: PersonDirectory, pace: Pace): Promise<QuotationTables> {
  const attributed: AttributedQuotation[] = [];
  for (const article of articles) {
    await pace();
    attributed.push(...attributedQuotations(article, directory));
  }
  await pace();
  return tablesOf(attributed);
}

function tablesOf(quotations: AttributedQuotation[]): QuotationTables {
  const tables: QuotationTables = { byPerson: new Map(), byArticle: new Map() };
  for (const quotation of quotations) {
    for (const [table, key] of [
      [tables.byPerson, quotation.person],
      [tables.byArticle, quotation.articleId],
    ] as const) {
      const list = table.get(key);
      if (list) list.push(quotation);
      else table.set(key, [quotation]);
    }
  }
  for (const list of tables.byPerson.values()) list.sort(newestFirst);
  return tables;
}

/** The first and last day of publication of `articles` (empty days for none). */
function publicationRange(articles: Iterable<{ date: string }>): DateRange {
  let from = '';
  let to = '';
  for (const { date } of articles) {
    if (!from || date < from) from = date;
    if (date > to) to = date;
  }
  return { from, to };
}

function byPublication(a: ArticleCitation, b: ArticleCitation): number {
  return compare(a.date, b.date) || compare(a.article, b.article);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
