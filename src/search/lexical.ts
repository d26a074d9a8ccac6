// Lexical retrieval: BM25 full-text search over passages (MiniSearch), with exact-phrase boosts for names and times.
import MiniSearch from 'minisearch';
import type { Passage, StoredArticle } from '../index/types.ts';
import { extractPhrases, foldForPhrase, normalizeTerm, termsOf, tokenize } from './terms.ts';

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
      tokenize,
      processTerm: normalizeTerm,
      searchOptions: {
        boost: { title: 2 },
        // Prefix lets "resign" find "resignations"; fuzzy forgives a misspelt name. Both only on long terms,
        // where they rarely reach an unrelated word.
        prefix: (term) => term.length >= 5,
        fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
        maxFuzzy: 2,
        combineWith: 'OR',
      },
    });
    const documents: PassageDocument[] = passages.map((passage) => {
      const article = this.articleOf(passage);
      const text = article.text.slice(passage.start, passage.end);
      for (const term of termsOf(text)) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      return { id: passage.id, text, title: passage.firstSentence === 0 ? article.title ?? '' : '' };
    });
    this.search.addAll(documents);
  }

  /** Inverse document frequency of a normalised term over passages; unseen terms get the largest value. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Whether any passage holds `word`, allowing a misspelling (as the search does). */
  knows(word: string): boolean {
    const term = normalizeTerm(word);
    if (!term) return true;
    if (this.documentFrequency.has(term)) return true;
    return this.search.search(word, { fuzzy: term.length >= 6 ? 0.2 : false, prefix: false }).length > 0;
  }

  /** Passages ranked by BM25 of the question's terms, boosted when they hold its exact phrases. */
  query(question: string, options: LexicalSearchOptions): RankedPassage[] {
    const allow = options.allow;
    const results = this.search.search(question, allow ? { filter: (result) => allow(this.passages[result.id]) } : {});
    const phrases = extractPhrases(question).map(foldForPhrase);
    const ranked = results.map((result) => {
      let score = result.score;
      if (phrases.length > 0) {
        const passage = this.passages[result.id];
        const text = foldForPhrase(this.articleOf(passage).text.slice(passage.start, passage.end));
        const found = phrases.filter((phrase) => text.includes(phrase)).length;
        score *= 1 + (PHRASE_BOOST * found) / phrases.length;
      }
      return { passageId: result.id as number, score };
    });
    ranked.sort((a, b) => b.score - a.score || a.passageId - b.passageId);
    return ranked.slice(0, options.limit);
  }

  private articleOf(passage: Passage): StoredArticle {
    const article = this.articles.get(passage.articleId);
    if (!article) throw new Error(`passage ${passage.id} refers to missing article ${passage.articleId}`);
    return article;
  }
}
