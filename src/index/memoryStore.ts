// A store whose archive is held in this process's memory (the index files adapter reads it into one).
import { citationOf, type ArticleCitation } from '../corpus/label.ts';
import type { Passage, StoredArticle } from '../domain/article.ts';
import type { DateRange } from '../domain/lookups.ts';
import { PersonDirectory, type PersonResolution, type StoredDirectory } from '../entities/people.ts';
import type { Pace } from '../pace.ts';
import type { LexicalSearch, Retriever } from '../retrieval/retriever.ts';
import type { ArchiveStore, AttributedQuotation, MentionedDate, PeopleIndex, SentenceVectorLookup } from './archiveStore.ts';
import { attributedQuotations, newestFirst } from './attribution.ts';
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
  lexical: LexicalSearch;
  dense: Retriever;
  /** Releases what the rows came with (nothing for files). */
  close?: () => Promise<void>;
}

export class InMemoryStore implements ArchiveStore {
  readonly source: string;
  readonly manifest: IndexManifest;
  readonly published: DateRange;
  readonly lexical: LexicalSearch;
  readonly dense: Retriever;
  readonly people: PeopleIndex;
  private readonly byDate: StoredArticle[];
  /** Canonical person name → their quotations, newest first. */
  private readonly byPerson = new Map<string, AttributedQuotation[]>();
  private readonly byArticle = new Map<string, AttributedQuotation[]>();

  /**
   * The store over `archive`, with its people directory (read back, or built from the articles) and its attributed
   * quotations gathered in steps with `pace` between them: on a large archive they take a while.
   */
  static async create(archive: ArchiveInMemory, pace: Pace): Promise<InMemoryStore> {
    const articles = [...archive.articles.values()];
    const directory = archive.people
      ? await PersonDirectory.fromStored(archive.people, pace)
      : await PersonDirectory.create(articles, pace);
    const store = new InMemoryStore(archive, directory);
    for (const article of articles) {
      await pace();
      const attributed = attributedQuotations(article, directory);
      store.byArticle.set(article.id, attributed);
      for (const quotation of attributed) {
        const theirs = store.byPerson.get(quotation.person);
        if (theirs) theirs.push(quotation);
        else store.byPerson.set(quotation.person, [quotation]);
      }
    }
    await pace();
    for (const list of store.byPerson.values()) list.sort(newestFirst);
    return store;
  }

  private constructor(
    private readonly archive: ArchiveInMemory,
    directory: PersonDirectory,
  ) {
    this.source = archive.source;
    this.manifest = archive.manifest;
    this.lexical = archive.lexical;
    this.dense = archive.dense;
    this.byDate = [...archive.articles.values()].sort(byPublication);
    this.published = { from: this.byDate[0]?.date ?? '', to: this.byDate.at(-1)?.date ?? '' };
    this.people = new DirectoryPeople(directory);
  }

  async passages(ids: readonly number[]): Promise<Passage[]> {
    return ids.map((id) => this.archive.passages[id]);
  }

  async passagesPublished({ from, to }: Partial<DateRange>): Promise<ReadonlySet<number>> {
    const allowed = new Set<number>();
    for (const passage of this.archive.passages) {
      if ((!from || passage.date >= from) && (!to || passage.date <= to)) allowed.add(passage.id);
    }
    return allowed;
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
    return (this.byPerson.get(person) ?? []).filter((quotation) => (!from || quotation.date >= from) && (!to || quotation.date <= to));
  }

  async quotationsIn(articleIds: Iterable<string>): Promise<AttributedQuotation[]> {
    return [...new Set(articleIds)].flatMap((id) => this.byArticle.get(id) ?? []);
  }

  async articlesPublished(range: DateRange): Promise<ArticleCitation[]> {
    return this.byDate.filter((article) => range.from <= article.date && article.date <= range.to).map(citationOf);
  }

  async datesMentioned(range: DateRange): Promise<MentionedDate[]> {
    return this.byDate.flatMap((article) =>
      article.entities.dates
        .filter((mention) => mention.from >= range.from && mention.to <= range.to)
        .map((mention) => ({ articleId: article.id, mention })),
    );
  }

  async close(): Promise<void> {
    await this.archive.close?.();
  }
}

/** The people index over a directory in memory. */
class DirectoryPeople implements PeopleIndex {
  constructor(private readonly directory: PersonDirectory) {}

  get count(): number {
    return this.directory.people.length;
  }

  async resolve(name: string): Promise<PersonResolution> {
    return this.directory.resolve(name);
  }

  async suggest(name: string, limit?: number): Promise<string[]> {
    return this.directory.suggest(name, limit);
  }

  async complete(prefix: string, limit?: number): Promise<string[]> {
    return this.directory.complete(prefix, limit);
  }
}

function byPublication(a: StoredArticle, b: StoredArticle): number {
  return compare(a.date, b.date) || compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
