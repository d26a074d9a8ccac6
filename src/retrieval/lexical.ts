// Lexical retrieval: BM25 full-text search over passages (MiniSearch), with exact-phrase boosts for names and times.
import { readFileSync, writeFileSync } from 'node:fs';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { articleOf } from '../corpus/passageText.ts';
import { passageTextIn, textsOf } from '../corpus/articleTexts.ts';
import { namesIn, normalizeTerm, tokenize } from '../corpus/terms.ts';
import type { ArticleTexts, Passage, StoredArticle } from '../domain/article.ts';
import { boostPhrases } from './phrases.ts';
import {
  SavedRetrieverError,
  type LexicalEngine,
  type LexicalRetriever,
  type RankedPassage,
  type RetrievalOptions,
  type RetrievalQuery,
} from './retriever.ts';

interface PassageDocument {
  id: number;
  text: string;
  title: string;
}

/**
 * What `serialize` writes: MiniSearch's own JSON, and the document frequencies beside it. Those could be
 * recounted from MiniSearch's postings, but on Reuters (1.6 M postings) that took ~300 ms of a ~1.4 s load;
 * reading them takes ~20 ms for 0.6 MB more on disk.
 */
interface SavedMiniSearchRetriever {
  miniSearch: AsPlainObject;
  documentFrequency: [string, number][];
}

/** MiniSearch as the archive's lexical engine: see LexicalEngine. */
export const miniSearchEngine: LexicalEngine = {
  module: import.meta.url,
  build: (passages, articles) => MiniSearchRetriever.build(passages, articles),
  // The peer engine (bench) keeps each batch's passages and articles and builds once they are all in.
  writer: () => {
    const added: Passage[] = [];
    const articlesOf = new Map<string, StoredArticle>();
    return {
      add: (passages, articles) => {
        for (const passage of passages) {
          added.push(passage);
          articlesOf.set(passage.articleId, articles.get(passage.articleId)!);
        }
      },
      write: (path) => writeFileSync(path, MiniSearchRetriever.build(added, articlesOf).serialize()),
    };
  },
  open: (path, passages, articles) => MiniSearchRetriever.deserialize(readFileSync(path), passages, articles),
};

export class MiniSearchRetriever implements LexicalRetriever {
  /**
   * BM25 over `passages`, built in memory. Document frequencies are counted while MiniSearch tokenises,
   * which saves a second pass over the archive.
   */
  static build(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): MiniSearchRetriever {
    const documentFrequency = new Map<string, number>();
    const search = new MiniSearch<PassageDocument>(miniSearchOptions((tokens) => countTerms(tokens, documentFrequency)));
    for (const passage of passages) {
      const article = articleOf(articles, passage);
      const text = article.text.slice(passage.start, passage.end);
      search.add({ id: passage.id, text, title: passage.firstSentence === 0 ? (article.title ?? '') : '' });
    }
    return new MiniSearchRetriever(passages, textsOf(articles), search, documentFrequency);
  }

  /**
   * The index `serialize` wrote for these `passages`, loaded with the same MiniSearch options it was built with.
   * Throws SavedRetrieverError when `json` is not such an index.
   */
  static deserialize(bytes: Uint8Array, passages: readonly Passage[], articles: ArticleTexts): MiniSearchRetriever {
    let saved: SavedMiniSearchRetriever;
    try {
      saved = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as SavedMiniSearchRetriever;
    } catch (error) {
      throw new SavedRetrieverError(`is not valid JSON (${(error as Error).message})`);
    }
    const documentCount = saved?.miniSearch?.documentCount;
    if (typeof documentCount !== 'number' || !Array.isArray(saved.documentFrequency)) {
      throw new SavedRetrieverError('is not a saved lexical index (MiniSearch index or document frequencies missing)');
    }
    if (documentCount !== passages.length) throw new SavedRetrieverError(`holds ${documentCount} passages, expected ${passages.length}`);
    let search: MiniSearch<PassageDocument>;
    try {
      search = MiniSearch.loadJS<PassageDocument>(saved.miniSearch, miniSearchOptions());
    } catch (error) {
      throw new SavedRetrieverError(`is not a MiniSearch index (${(error as Error).message})`);
    }
    return new MiniSearchRetriever(passages, articles, search, new Map(saved.documentFrequency));
  }

  private constructor(
    private readonly passages: readonly Passage[],
    private readonly articles: ArticleTexts,
    private readonly search: MiniSearch<PassageDocument>,
    /** In how many passages each term occurs, for IDF weights outside MiniSearch (sentence scoring). */
    private readonly documentFrequency: ReadonlyMap<string, number>,
  ) {}

  /** The index as JSON (UTF-8), for `deserialize`. */
  serialize(): Uint8Array {
    const saved: SavedMiniSearchRetriever = { miniSearch: this.search.toJSON(), documentFrequency: [...this.documentFrequency] };
    return Buffer.from(JSON.stringify(saved));
  }

  close(): void {}

  idf(term: string): number {
    const n = this.passages.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * The archive's terms that a name in a question stands for: its own term if passages hold it, else the
   * terms a misspelling of it is close to ("sanaulah" → "sanaullah"), as the search matches them.
   */
  variants(name: string): string[] {
    const term = normalizeTerm(name);
    if (!term) return [];
    if (this.documentFrequency.has(term)) return [term];
    if (term.length < 6) return [];
    const found = new Set<string>();
    for (const result of this.search.search(term, { fuzzy: 0.2, prefix: false, fields: ['text'] })) {
      for (const matched of Object.keys(result.match)) found.add(matched);
    }
    return [...found];
  }

  /** Passages ranked by BM25 of the question's terms, boosted when they hold its exact phrases. */
  query({ text: question }: RetrievalQuery, options: RetrievalOptions): RankedPassage[] {
    const { allowed } = options;
    // Fuzzy matching forgives a misspelt name ("Sanaulah"); it is the costliest part of a search, so only
    // the question's capitalised names get it.
    const names = new Set(namesIn(question).map(normalizeTerm));
    const results = this.search.search(question, {
      fuzzy: (term) => (names.has(term) && term.length >= 6 ? 0.2 : false),
      ...(allowed ? { filter: (result) => allowed.has(result.id as number) } : {}),
    });
    const ranked = results.map((result) => ({ passageId: result.id as number, score: result.score }));
    ranked.sort((a, b) => b.score - a.score || a.passageId - b.passageId);
    return boostPhrases(question, ranked, (id) => passageTextIn(this.articles, this.passages[id]), options.limit);
  }
}

/**
 * The one definition of how passages are indexed and searched, for building and for loading a saved index
 * (MiniSearch does not save its options). `onTextTokens` sees each passage's text tokens as they are indexed.
 */
function miniSearchOptions(onTextTokens?: (tokens: string[]) => void): Options<PassageDocument> {
  return {
    fields: ['text', 'title'],
    storeFields: [],
    tokenize: (text, field) => {
      const tokens = tokenize(text);
      if (field === 'text') onTextTokens?.(tokens);
      return tokens;
    },
    processTerm: normalizeTerm,
    searchOptions: {
      boost: { title: 2 },
      // Prefix lets "resign" find "resignations", only on long terms where it rarely reaches an unrelated word.
      prefix: (term) => term.length >= 5,
      fuzzy: false,
      maxFuzzy: 2,
      combineWith: 'OR',
    },
  };
}

function countTerms(tokens: string[], documentFrequency: Map<string, number>): void {
  const terms = new Set<string>();
  for (const token of tokens) {
    const term = normalizeTerm(token);
    if (term) terms.add(term);
  }
  for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
}
