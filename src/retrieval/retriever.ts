// What the answer engine asks of a retriever, and how a lexical engine is built, saved and loaded with an index.
import type { ArticleTexts, Passage, StoredArticle } from '../domain/article.ts';

/** A passage and its score from one retriever, best first. */
export interface RankedPassage {
  passageId: number;
  score: number;
}

/** A question as the retrievers see it: its words (lexical) and its embedding (dense, a unit vector). */
export interface RetrievalQuery {
  text: string;
  vector: Float32Array;
}

export interface RetrievalOptions {
  limit: number;
  /** Only these passage ids (e.g. a date filter). */
  allowed?: ReadonlySet<number>;
}

/**
 * Ranks the archive's passages for a question. In-memory retrievers answer synchronously; those asking a
 * database (src/retrieval/pg*.ts) return a promise. The engine awaits either.
 */
export interface Retriever {
  query(query: RetrievalQuery, options: RetrievalOptions): RankedPassage[] | Promise<RankedPassage[]>;
}

/**
 * What sentence scoring needs from the lexical side: how rare a term is, and how the archive spells a name. In memory
 * they answer at once; a database (src/retrieval/pg*.ts) answers with a promise. The engine awaits either.
 */
export interface TermStatistics {
  /** Inverse document frequency of a normalised term over passages; unseen terms get the largest value. */
  idf(term: string): number | Promise<number>;
  /** The archive's terms a (possibly misspelt) name in a question stands for. */
  variants(name: string): string[] | Promise<string[]>;
}

/** A lexical retriever over questions and term statistics, as the engine uses it (in memory or in a database). */
export interface LexicalSearch extends Retriever, TermStatistics {}

/** An in-memory lexical index saved with the embedded store. */
export interface LexicalRetriever extends LexicalSearch {
  query(query: RetrievalQuery, options: RetrievalOptions): RankedPassage[];
  idf(term: string): number;
  variants(name: string): string[];
  /** Lets go of what it reads from (a saved index's open file). */
  close(): void;
}

/**
 * A lexical search engine as the index builder and loader use it. The composition root (src/openArchive.ts)
 * names the one in use; `module` fingerprints its code so a saved index built by other code is rebuilt.
 */
export interface LexicalEngine {
  /** URL of the module that builds and saves its index (with what it imports): what a saved index depends on. */
  readonly module: string;
  build(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): LexicalRetriever;
  /**
   * An index built a batch of passages at a time (a streamed build), ranking as `build` over the same passages would;
   * given `scratch`, it may keep what it has built in files there rather than in memory.
   */
  writer(scratch?: LexicalScratch): LexicalIndexWriter;
  /**
   * The index a writer saved at `path` for these passages (read as the engine needs it: it may keep the file open until
   * `close`). Throws SavedRetrieverError when the file is not one; a part of it found damaged later, while answering,
   * is `corrupt`'s error (a problem such as "is corrupt at …", to be said of the file).
   */
  open(path: string, passages: readonly Passage[], articles: ArticleTexts, corrupt?: (problem: string) => Error): LexicalRetriever;
}

/** Where a lexical index being built may keep its work in files (a build's own folder; they are gone once it is written). */
export interface LexicalScratch {
  dir: string;
  /** Postings held in memory before they go to a file (the engine's own default when absent). */
  spillPostings?: number;
}

/** A lexical index being built batch by batch: passages with ids following the previous batch's, then saved once. */
export interface LexicalIndexWriter {
  add(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): void;
  /** Writes the index to the file `path` (not flushed to disk: the caller does). */
  write(path: string): void;
}

/** How a vector graph is built: neighbours per node, and the breadth of the search that places each node. */
export interface GraphParameters {
  m: number;
  efConstruction: number;
}

/**
 * A graph of one segment of the passages, built as their vectors come and not yet written: what it holds is the graph
 * (which keeps its own copy of each vector), not the vectors given to `add`.
 */
export interface GraphBuilder {
  /** Passages added so far. */
  readonly count: number;
  /** Adds the next passages (`dimensions` floats each, in passage order: the first is passage `first + count`). */
  add(vectors: Float32Array): void;
  /** Writes the graph to `path` and frees its memory (the builder cannot be used after). */
  writeAndFree(path: string): void;
}

/** One segment of a dense index: the graph saved at `path` over passages `first` .. `first + count - 1`. */
export interface GraphSegment {
  path: string;
  first: number;
  count: number;
}

/** Every passage's unit vector, row = passage id: held in memory, or read from the index's file as a search needs them. */
export interface PassageVectors {
  /** Rows: the passages. */
  readonly count: number;
  readonly dimensions: number;
  /** Rows `first` .. `first + count - 1`, `dimensions` floats each: a view or a fresh read, to be used at once, not kept. */
  read(first: number, count: number): Float32Array;
}

/** A dense (vector) search engine as the index builder and loader use it; the composition root names the one in use. */
export interface DenseEngine {
  /** An empty graph of one segment, for at most `capacity` passages from passage `first` on (see GraphBuilder). */
  startGraph(dimensions: number, parameters: GraphParameters, first: number, capacity: number): GraphBuilder;
  /**
   * The graphs `save` wrote, searched together over `vectors` (every passage) at breadth `ef`; rejects with
   * SavedRetrieverError when a graph does not hold its segment's vectors.
   */
  load(segments: readonly GraphSegment[], vectors: PassageVectors, ef: number): Promise<Retriever>;
}

/** A saved retriever file that cannot be used: not in its format, or built over other passages. */
export class SavedRetrieverError extends Error {
  override name = 'SavedRetrieverError';
}
