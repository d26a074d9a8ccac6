// The port every store of the archive implements (the index files, PostgreSQL): everything answering and the lookups read.
import type { ArticleCitation, Passage, StoredArticle } from '../domain/article.ts';
import type { DateRange } from '../domain/lookups.ts';
import type { DateMention } from '../domain/mentions.ts';
import type { PersonResolution } from '../entities/people.ts';
import type { LexicalSearch, Retriever } from '../retrieval/retriever.ts';
import type { IndexManifest } from './types.ts';

/** The unit vector of sentence `index` of article `articleId` (embedded when the index was built). */
export interface SentenceVectorLookup {
  of(articleId: string, index: number): Float32Array;
}

/** The people named across the archive: lookups by any alias, "did you mean", autocomplete. */
export interface PeopleIndex {
  /** How many people the directory holds. */
  readonly count: number;
  /** The person an alias names (case-insensitive, titles ignored), with every sentence naming them. */
  resolve(name: string): Promise<PersonResolution>;
  /** "Did you mean": people whose names or aliases are close to `name`, best first. */
  suggest(name: string, limit?: number): Promise<string[]>;
  /** Autocomplete: names and aliases starting with `prefix` (most mentioned first), then fuzzy matches. */
  complete(prefix: string, limit?: number): Promise<string[]>;
}

/** A direct quotation the archive attributes to a person of the directory: where it lies, and who said it. */
export interface AttributedQuotation {
  articleId: string;
  /** Publication date of its article. */
  date: string;
  /** The speaker's canonical name in the people directory. */
  person: string;
  cue: string;
  /** Offsets into the article's text, marks included. */
  start: number;
  end: number;
}

/** A date an article's sentence mentions. */
export interface MentionedDate {
  articleId: string;
  mention: DateMention;
}

/**
 * What the engine and the lookups read, whatever holds the archive. Reads name what they need (these passages,
 * these articles, this person), so an adapter need not hold the archive in memory; the composition root
 * (src/openArchive.ts) is the only module that names an adapter.
 */
export interface ArchiveStore {
  /** Where the archive is read from (a folder, a database without its password), for messages. */
  readonly source: string;
  readonly manifest: IndexManifest;
  /** The first and last publication days (empty strings for an empty archive). */
  readonly published: DateRange;
  readonly lexical: LexicalSearch;
  readonly dense: Retriever;
  readonly people: PeopleIndex;
  /** The passages with these ids, in the order asked. */
  passages(ids: readonly number[]): Promise<Passage[]>;
  /** Ids of the passages of articles published within the range (either bound open). */
  passagesPublished(range: Partial<DateRange>): Promise<ReadonlySet<number>>;
  /** These articles (text, sentences, entities) by id; unknown ids are left out. */
  articles(ids: Iterable<string>): Promise<Map<string, StoredArticle>>;
  /** The sentence vectors of these articles. */
  sentenceVectors(articleIds: Iterable<string>): Promise<SentenceVectorLookup>;
  /** Quotations attributed to `person` (a canonical name), published within the range, newest first. */
  quotationsBy(person: string, range: Partial<DateRange>): Promise<AttributedQuotation[]>;
  /** The attributed quotations of these articles. */
  quotationsIn(articleIds: Iterable<string>): Promise<AttributedQuotation[]>;
  /** How the articles published within the range are cited, oldest first (ties by id). */
  articlesPublished(range: DateRange): Promise<ArticleCitation[]>;
  /**
   * Mentions of a day or period lying within the range, whatever their article's publication date: articles
   * oldest first (ties by id), each article's mentions in its order.
   */
  datesMentioned(range: DateRange): Promise<MentionedDate[]>;
  /** Releases what the store holds open (connections); reads after it fail. */
  close(): Promise<void>;
}
