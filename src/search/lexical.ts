// Lexical retrieval: BM25 full-text search over passages (MiniSearch), with exact-phrase boosts for names and times.
import MiniSearch from 'minisearch';
import type { Passage, StoredArticle } from '../index/types.ts';
import { extractPhrases, foldForPhrase, namesIn, normalizeTerm, tokenize } from './terms.ts';

/** A passage and its score from one retriever, best first. */
export interface RankedPassage {
  passageId: number;
  score: number;
}

export interface LexicalSearchOptions {
  limit: number;
  /** Only passages for which this returns true. */
  allow?: (passage: Passage) => boolean;
}

interface PassageDocument {
  id: number;
  text: string;
  title: string;
}

/** How much a passage's BM25 score grows per fraction of the question's phrases it contains verbatim. */
const PHRASE_BOOST = 1.0;
/** How many of the best BM25 matches are checked for the question's exact phrases. */
const PHRASE_CHECK_DEPTH = 200;

export class LexicalIndex {
  private readonly search: MiniSearch<PassageDocument>;
  /** In how many passages each term occurs, for IDF weights outside MiniSearch (sentence scoring). */
  private readonly documentFrequency = new Map<string, number>();

  constructor(
    private readonly passages: readonly Passage[],
    private readonly articles: ReadonlyMap<string, StoredArticle>,
  ) {
    this.search = new MiniSearch<PassageDocument>({
      fields: ['text', 'title'],
      storeFields: [],
      // Counting document frequencies while MiniSearch tokenises saves a second pass over the archive.
      tokenize: (text, field) => {
        const tokens = tokenize(text);
        if (field === 'text' && this.counting) this.countTerms(tokens);
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
    });
    this.counting = true;
    for (const passage of passages) {
      const article = this.articleOf(passage);
      const text = article.text.slice(passage.start, passage.end);
      this.search.add({ id: passage.id, text, title: passage.firstSentence === 0 ? article.title ?? '' : '' });
    }
    this.counting = false;
  }

  private counting = false;

  private countTerms(tokens: string[]): void {
    const terms = new Set<string>();
    for (const token of tokens) {
      const term = normalizeTerm(token);
      if (term) terms.add(term);
    }
    for (const term of terms) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
  }

  /** Inverse document frequency of a normalised term over passages; unseen terms get the largest value. */
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
  query(question: string, options: LexicalSearchOptions): RankedPassage[] {
    const allow = options.allow;
    // Fuzzy matching forgives a misspelt name ("Sanaulah"); it is the costliest part of a search, so only
    // the question's capitalised names get it.
    const names = new Set(namesIn(question).map(normalizeTerm));
    const results = this.search.search(question, {
      fuzzy: (term) => (names.has(term) && term.length >= 6 ? 0.2 : false),
      ...(allow ? { filter: (result) => allow(this.passages[result.id]) } : {}),
    });
    const ranked = results.map((result) => ({ passageId: result.id as number, score: result.score }));
    ranked.sort((a, b) => b.score - a.score || a.passageId - b.passageId);
    const phrases = extractPhrases(question).map(foldForPhrase);
    if (phrases.length === 0) return ranked.slice(0, options.limit);
    // Reading passage texts is the slow part of a search on a large archive: only the best BM25 matches are
    // checked for the phrases (a passage holding a name also holds its words, so it ranks among them).
    const checked = ranked.slice(0, Math.max(PHRASE_CHECK_DEPTH, options.limit));
    for (const item of checked) {
      const passage = this.passages[item.passageId];
      const text = foldForPhrase(this.articleOf(passage).text.slice(passage.start, passage.end));
      const found = phrases.filter((phrase) => text.includes(phrase)).length;
      item.score *= 1 + (PHRASE_BOOST * found) / phrases.length;
    }
    checked.sort((a, b) => b.score - a.score || a.passageId - b.passageId);
    return checked.slice(0, options.limit);
  }

  private articleOf(passage: Passage): StoredArticle {
    const article = this.articles.get(passage.articleId);
    if (!article) throw new Error(`passage ${passage.id} refers to missing article ${passage.articleId}`);
    return article;
  }
}
