// Lexical retrieval: BM25 over passages from a compact inverted index (./bm25Index.ts), top-k by MaxScore pruning.
//
// It scores exactly as the MiniSearch retriever (./lexical.ts) does — BM25+ (k1 1.2, b 0.7, δ 0.5) per field,
// titles ×2, prefix matches for terms of 5+ letters, fuzzy matches for names of 6+ letters, a score multiplied by
// the number of question terms matched — but it never scores every passage that shares a word with the question:
// impacts are computed at build time, and block-max MaxScore skips passages, and whole blocks of them, that cannot
// reach the current top k. The postings of the question terms asked most are kept between questions (./bm25Cache.ts).
import { codeModule } from '../codeFiles.ts';
import { extractPhrases, namesIn, normalizeTerm, tokenize } from '../corpus/terms.ts';
import type { ArticleTexts, Passage, StoredArticle } from '../domain/article.ts';
import { passageTextIn, textsOf } from '../corpus/articleTexts.ts';
import { Bm25IndexWriter, buildPostings } from './bm25Index.ts';
import { PostingsCache, type ScoredPostings } from './bm25Cache.ts';
import {
  BLOCK_SHIFT,
  blockMaxima,
  blocksOf,
  HeldPostings,
  PostingsSpace,
  SavedPostings,
  seek,
  type PostingsSource,
} from './bm25Postings.ts';
import { PostingsMerger } from './bm25Merge.ts';
import { boostPhrases, MOST_PHRASE_BOOST, PHRASE_CHECK_DEPTH } from './phrases.ts';
import {
  SavedRetrieverError,
  type LexicalEngine,
  type LexicalRetriever,
  type RankedPassage,
  type RetrievalOptions,
  type RetrievalQuery,
} from './retriever.ts';

/** The question-time tunables, as the project's MiniSearch options set them (the impacts are the index's: ./bm25Index.ts). */
const SCORING = {
  /** Derived-term weights: a prefix match "resign" → "resignation", a fuzzy match "sanaulah" → "sanaullah". */
  prefixWeight: 0.375,
  fuzzyWeight: 0.45,
  /** Shortest query term expanded to the terms it begins (shorter ones reach unrelated words). */
  prefixMinLength: 5,
  /** Shortest name matched fuzzily, and the edit distance allowed: this share of its length, at most maxFuzzy. */
  fuzzyMinLength: 6,
  fuzzyShare: 0.2,
  maxFuzzy: 2,
} as const;

const FUZZY_CACHE_LIMIT = 1_000;

/** The merged clauses' space to start with (grown to the largest question's need). */
const MERGED_SPACE_BYTES = 2 ** 20;

/**
 * The space kept for the postings of the question terms asked most (./bm25Cache.ts): a quarter of the index's postings
 * (12 bytes each), at most CACHE_BYTES — at a million articles the postings are ~900 MB, and the 100 questions of the
 * scale ladder read ~140 MB of terms more than once.
 */
const CACHE_BYTES = 64 * 2 ** 20;
const CACHE_SHARE = 1 / 4;

/** The BM25 retriever as the archive's lexical engine: see LexicalEngine. */
export const bm25Engine: LexicalEngine = {
  // What a saved index depends on is how it was built (impacts, tokenising, the format), not how it is searched.
  module: codeModule('./bm25Index.ts', import.meta.url).href,
  build: (passages, articles) => Bm25Retriever.build(passages, articles),
  writer: (scratch) => new Bm25IndexWriter(scratch),
  open: (path, passages, articles, corrupt) => Bm25Retriever.open(path, passages, articles, corrupt),
};

/** One question term's share of a passage score: its postings, or several merged (prefix and fuzzy matches). */
interface Clause {
  docs: Uint32Array;
  scores: Float64Array;
  /** Multiplies `scores` (a question repeating a term counts it that many times). */
  scale: number;
  position: number;
  end: number;
  bound: number;
  /** The best of `scores` in each block of BLOCK_POSTINGS (before `scale`). */
  blockMax: Float64Array;
}

export class Bm25Retriever implements LexicalRetriever {
  static build(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>, cacheBytes?: number): Bm25Retriever {
    return new Bm25Retriever(passages, textsOf(articles), new HeldPostings(buildPostings(passages, articles)), cacheBytes);
  }

  /**
   * The index saved at `path` for these `passages`, its postings read as questions need them; throws
   * SavedRetrieverError when the file is not one. A term whose bytes changed since is `corrupt`'s error when read.
   * `bufferBytes` is the space it reads postings into to start with, `cacheBytes` the space it keeps the most asked
   * terms' postings in (the defaults when absent).
   */
  static open(
    path: string,
    passages: readonly Passage[],
    articles: ArticleTexts,
    corrupt: (problem: string) => Error = (problem) => new SavedRetrieverError(problem),
    bufferBytes?: number,
    cacheBytes?: number,
  ): Bm25Retriever {
    return new Bm25Retriever(passages, articles, SavedPostings.open(path, passages.length, corrupt, bufferBytes), cacheBytes);
  }

  private readonly termIds: Map<string, number>;
  private readonly fuzzyCache = new Map<string, { id: number; distance: number }[]>();
  /** The question's merged postings (reused by the next question: allocating them made V8 collect often). */
  private readonly merged = new PostingsSpace(MERGED_SPACE_BYTES);
  /** Merges a term's forms (its rows as long as the archive made when first needed). */
  private merger?: PostingsMerger;
  private readonly cache: PostingsCache;

  private constructor(
    private readonly passages: readonly Passage[],
    private readonly articles: ArticleTexts,
    private readonly index: PostingsSource,
    cacheBytes?: number,
  ) {
    this.termIds = new Map(index.vocabulary.map((term, id) => [term, id]));
    let postings = 0;
    for (let id = 0; id < index.vocabulary.length; id++) postings += index.count(id);
    this.cache = new PostingsCache(cacheBytes ?? Math.min(CACHE_BYTES, 12 * postings * CACHE_SHARE));
  }

  close(): void {
    this.index.close();
  }

  idf(term: string): number {
    const n = this.passages.length;
    const df = this.textFrequencyOf(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * The archive's terms that a name in a question stands for: its own term if passages hold it, else the
   * terms a misspelling of it is close to ("sanaulah" → "sanaullah"), as the search matches them.
   */
  variants(name: string): string[] {
    const term = normalizeTerm(name);
    if (!term) return [];
    if (this.textFrequencyOf(term) > 0) return [term];
    if (term.length < SCORING.fuzzyMinLength) return [];
    const found = new Set<string>();
    for (const token of tokenize(term)) {
      const query = normalizeTerm(token);
      if (!query) continue;
      if (this.textFrequencyOf(query) > 0) found.add(query);
      for (const { id } of this.fuzzyMatches(query)) {
        if (this.index.textFrequency[id] > 0) found.add(this.index.vocabulary[id]);
      }
    }
    return [...found].sort();
  }

  /** Passages ranked by BM25 of the question's terms, boosted when they hold its exact phrases. */
  query({ text: question }: RetrievalQuery, options: RetrievalOptions): RankedPassage[] {
    // Phrases are checked in the best PHRASE_CHECK_DEPTH passages, so that many are ranked when there are any.
    const depth = extractPhrases(question).length ? Math.max(PHRASE_CHECK_DEPTH, options.limit) : options.limit;
    this.index.newQuestion();
    this.merged.reuse();
    this.cache.newQuestion();
    const ranked = this.topK(this.clauses(question), depth, options.limit, options.allowed);
    return boostPhrases(question, ranked, (id) => passageTextIn(this.articles, this.passages[id]), options.limit);
  }

  private textFrequencyOf(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.index.textFrequency[id];
  }

  /** One clause per distinct question term that the archive holds in some form. */
  private clauses(question: string): Clause[] {
    // Fuzzy matching forgives a misspelt name ("Sanaulah"); only the question's capitalised names get it.
    const names = new Set(namesIn(question).map(normalizeTerm));
    const repeats = new Map<string, number>();
    for (const token of tokenize(question)) {
      const term = normalizeTerm(token);
      if (term) repeats.set(term, (repeats.get(term) ?? 0) + 1);
    }
    const clauses: Clause[] = [];
    for (const [term, repeat] of repeats) {
      const postings = this.postingsOf(term, names.has(term));
      if (postings) {
        const { docs, impacts, blockMax, best } = postings;
        clauses.push({ docs, scores: impacts, blockMax, scale: repeat, position: 0, end: docs.length, bound: repeat * best });
      }
    }
    return clauses;
  }

  /** A question term's postings as scored (kept between questions when asked often), or undefined if none match. */
  private postingsOf(term: string, isName: boolean): ScoredPostings | undefined {
    const fuzzy = isName && term.length >= SCORING.fuzzyMinLength;
    const key = fuzzy ? `${term} (name)` : term;
    const kept = this.cache.get(key);
    if (kept) return kept;
    const derived = this.derivedTerms(term, fuzzy);
    if (derived.length === 0) return undefined;
    const postings = this.merge(derived);
    if (derived.length > 1 || this.index.readsFile) this.cache.offer(key, postings);
    return postings;
  }

  /** The indexed terms a question term matches, each with its weight: itself, longer terms it begins, near spellings. */
  private derivedTerms(term: string, isName: boolean): { id: number; weight: number }[] {
    const derived: { id: number; weight: number }[] = [];
    const exact = this.termIds.get(term);
    if (exact !== undefined) derived.push({ id: exact, weight: 1 });
    const prefixed = new Set<number>();
    if (term.length >= SCORING.prefixMinLength) {
      const { vocabulary } = this.index;
      for (let id = lowerBound(vocabulary, term); id < vocabulary.length && vocabulary[id].startsWith(term); id++) {
        if (id === exact) continue;
        prefixed.add(id);
        const distance = vocabulary[id].length - term.length;
        derived.push({ id, weight: (SCORING.prefixWeight * vocabulary[id].length) / (vocabulary[id].length + 0.3 * distance) });
      }
    }
    if (isName && term.length >= SCORING.fuzzyMinLength) {
      for (const { id, distance } of this.fuzzyMatches(term)) {
        if (prefixed.has(id)) continue;
        const length = this.index.vocabulary[id].length;
        derived.push({ id, weight: (SCORING.fuzzyWeight * length) / (length + distance) });
      }
    }
    return derived;
  }

  /** Indexed terms other than `term` itself within its allowed edit distance (remembered: names recur). */
  private fuzzyMatches(term: string): { id: number; distance: number }[] {
    let matches = this.fuzzyCache.get(term);
    if (!matches) {
      const maxDistance = Math.min(SCORING.maxFuzzy, Math.round(term.length * SCORING.fuzzyShare));
      matches = maxDistance === 0 ? [] : withinEditDistance(this.index.vocabulary, term, maxDistance);
      if (this.fuzzyCache.size >= FUZZY_CACHE_LIMIT) this.fuzzyCache.clear();
      this.fuzzyCache.set(term, matches);
    }
    return matches;
  }

  /**
   * A term's postings; several terms' are merged, summing their weighted impacts per passage from zero in the order
   * the terms come (./bm25Merge.ts).
   */
  private merge(derived: { id: number; weight: number }[]): ScoredPostings {
    if (derived.length === 1 && derived[0].weight === 1) {
      const { id } = derived[0];
      return { ...this.index.postings(id), best: this.index.maxImpact[id] };
    }
    const lists = derived.map(({ id, weight }) => ({ ...this.index.postings(id), weight }));
    const space = this.merged.take(lists.reduce((sum, { docs }) => sum + docs.length, 0));
    const count = (this.merger ??= new PostingsMerger(this.passages.length)).merge(lists, space);
    const docs = space.docs.subarray(0, count);
    const scores = space.impacts.subarray(0, count);
    let bound = 0;
    for (let i = 0; i < count; i++) if (scores[i] > bound) bound = scores[i];
    const blockMax = blockMaxima(scores, space.blockMax.subarray(0, blocksOf(count)));
    return { docs, impacts: scores, blockMax, best: bound };
  }

  /**
   * The `k` best passages (score × clauses matched), best first, by block-max MaxScore. Clauses are sorted by their
   * bound; the weakest ones whose bounds together cannot lift a passage into the current top k are not walked, only
   * probed for the passages the others propose. The others are walked a window at a time — up to the end of the
   * shortest of their current blocks — in which each clause can add at most its block's best (none if it holds no
   * passage there): a window whose bounds together cannot reach the top k is skipped whole, and within one, clauses
   * that cannot matter there are only probed, and stop being probed as soon as a passage cannot make it. Ranked
   * deeper than `limit` (for the phrase boost), passages that a full boost could not lift into the `limit` best are
   * left out as well.
   */
  private topK(clauses: Clause[], k: number, limit: number, allowed?: ReadonlySet<number>): RankedPassage[] {
    clauses.sort((a, b) => a.bound - b.bound);
    const count = clauses.length;
    // boundUpTo[i]: the most clauses 0..i can add to a passage.
    const boundUpTo = new Float64Array(count);
    clauses.forEach((clause, i) => (boundUpTo[i] = (i > 0 ? boundUpTo[i - 1] : 0) + clause.bound));
    const top = new TopK(k);
    // Ranked deeper than `limit` for the phrase boost, a passage matters only if its score, doubled by every phrase,
    // could reach the `limit`-th best score: boostPhrases stops at the first that cannot, and the `limit`-th best
    // score so far is at most the final one. The passages it reads are the same, in the same order.
    const leaders = k > limit ? new TopK(limit) : undefined;
    // Each clause's share of the current passage, summed in clause order at the end: passages with equal
    // shares then get bit-identical scores, whichever clauses were probed first (ties go to the lower id).
    const shares = new Float64Array(count);
    // The clauses whose shares are set (the rest are zero): cleared for the next passage.
    const touched = new Int32Array(count);
    let touchedCount = 0;
    // In a window: the clauses that may hold a passage there (`slots` of them), weakest first, each one's best
    // there, and what the first i + 1 of them can add together.
    const inWindow = new Int32Array(count);
    const windowBound = new Float64Array(count);
    const windowUpTo = new Float64Array(count);
    // A passage must beat `threshold` to enter; the margin keeps pruning safe from rounding.
    let threshold = -Infinity;
    let firstEssential = 0;
    for (;;) {
      while (firstEssential < count && boundUpTo[firstEssential] * (firstEssential + 1) < threshold) firstEssential++;
      // The window: from the first passage of the walked clauses to the end of the shortest of their current blocks.
      let from = Infinity;
      let to = Infinity;
      for (let i = firstEssential; i < count; i++) {
        const { docs, position, end } = clauses[i];
        if (position === end) continue;
        if (docs[position] < from) from = docs[position];
        const last = docs[Math.min(end, ((position >> BLOCK_SHIFT) + 1) << BLOCK_SHIFT) - 1];
        if (last < to) to = last;
      }
      if (from === Infinity) break;
      let slots = 0;
      for (let i = 0; i < count; i++) {
        const clause = clauses[i];
        let bound = clause.bound;
        if (i >= firstEssential) {
          if (clause.position === clause.end || clause.docs[clause.position] > to) continue;
          bound = clause.scale * clause.blockMax[clause.position >> BLOCK_SHIFT];
        }
        // Inserted by bound, after equal ones.
        let at = slots++;
        for (; at > 0 && windowBound[at - 1] > bound; at--) {
          inWindow[at] = inWindow[at - 1];
          windowBound[at] = windowBound[at - 1];
        }
        inWindow[at] = i;
        windowBound[at] = bound;
      }
      for (let i = 0; i < slots; i++) windowUpTo[i] = (i > 0 ? windowUpTo[i - 1] : 0) + windowBound[i];
      let walked = 0;
      while (walked < slots && windowUpTo[walked] * (walked + 1) < threshold) walked++;
      // A clause not walked outside windows may be walked in this one: from the window's first passage.
      for (let i = walked; i < slots; i++) {
        const clause = clauses[inWindow[i]];
        if (inWindow[i] < firstEssential) clause.position = seek(clause.docs, from, clause.position, clause.end);
      }
      // The next passage a walked clause holds, found while the current one is collected.
      let next = firstOf(clauses, inWindow, walked, slots);
      while (walked < slots) {
        const doc = next;
        if (doc > to) break;
        for (let t = 0; t < touchedCount; t++) shares[touched[t]] = 0;
        touchedCount = 0;
        let score = 0;
        let matched = 0;
        next = Infinity;
        for (let i = walked; i < slots; i++) {
          const clause = clauses[inWindow[i]];
          if (clause.position === clause.end) continue;
          if (clause.docs[clause.position] === doc) {
            const share = clause.scale * clause.scores[clause.position++];
            shares[inWindow[i]] = share;
            touched[touchedCount++] = inWindow[i];
            score += share;
            matched++;
            if (clause.position === clause.end) continue;
          }
          if (clause.docs[clause.position] < next) next = clause.docs[clause.position];
        }
        if (allowed && !allowed.has(doc)) continue;
        let i = walked - 1;
        for (; i >= 0; i--) {
          if ((score + windowUpTo[i]) * (matched + i + 1) < threshold) break;
          const clause = clauses[inWindow[i]];
          clause.position = seek(clause.docs, doc, clause.position, clause.end);
          if (clause.position < clause.end && clause.docs[clause.position] === doc) {
            const share = clause.scale * clause.scores[clause.position];
            shares[inWindow[i]] = share;
            touched[touchedCount++] = inWindow[i];
            score += share;
            matched++;
          }
        }
        if (i >= 0) continue;
        let sum = 0;
        for (let j = 0; j < count; j++) sum += shares[j];
        const total = sum * matched;
        let raised = false;
        if (top.size < k || total > top.worstScore()) {
          top.push(doc, total);
          raised = top.size === k;
        }
        if (leaders && (leaders.size < limit || total > leaders.worstScore())) {
          leaders.push(doc, total);
          raised ||= leaders.size === limit;
        }
        if (raised) {
          const needed = Math.max(
            top.size === k ? top.worstScore() : -Infinity,
            leaders?.size === limit ? leaders.worstScore() / MOST_PHRASE_BOOST : -Infinity,
          );
          threshold = Math.max(threshold, needed * (1 - 1e-12));
          const before = walked;
          while (walked < slots && windowUpTo[walked] * (walked + 1) < threshold) walked++;
          if (walked !== before) next = firstOf(clauses, inWindow, walked, slots);
        }
      }
      // Past the window (the clauses not walked are probed where a passage needs them).
      for (let i = firstEssential; i < count; i++) {
        const clause = clauses[i];
        if (clause.position < clause.end && clause.docs[clause.position] <= to)
          clause.position = seek(clause.docs, to + 1, clause.position, clause.end);
      }
    }
    return top.ranked();
  }
}

/** The first passage that clauses `inWindow[from..to)` hold at their positions (Infinity when none does). */
function firstOf(clauses: readonly Clause[], inWindow: Int32Array, from: number, to: number): number {
  let doc = Infinity;
  for (let i = from; i < to; i++) {
    const { docs, position, end } = clauses[inWindow[i]];
    if (position < end && docs[position] < doc) doc = docs[position];
  }
  return doc;
}

/** The best `k` (score, passage) pairs seen, in a binary heap whose root is the worst kept. */
class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  size = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.ids = new Int32Array(k);
  }

  worstScore(): number {
    return this.scores[0];
  }

  /** Adds a passage (passages arrive in ascending id, so a later equal score ranks below). */
  push(id: number, score: number): void {
    if (this.size < this.k) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!this.worse(id, score, this.ids[parent], this.scores[parent])) break;
        this.ids[at] = this.ids[parent];
        this.scores[at] = this.scores[parent];
        at = parent;
      }
      this.ids[at] = id;
      this.scores[at] = score;
      return;
    }
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.worse(this.ids[child + 1], this.scores[child + 1], this.ids[child], this.scores[child])) child++;
      if (!this.worse(this.ids[child], this.scores[child], id, score)) break;
      this.ids[at] = this.ids[child];
      this.scores[at] = this.scores[child];
      at = child;
    }
    this.ids[at] = id;
    this.scores[at] = score;
  }

  ranked(): RankedPassage[] {
    const ranked: RankedPassage[] = [];
    for (let i = 0; i < this.size; i++) ranked.push({ passageId: this.ids[i], score: this.scores[i] });
    return ranked.sort((a, b) => b.score - a.score || a.passageId - b.passageId);
  }

  private worse(id: number, score: number, otherId: number, otherScore: number): boolean {
    return score < otherScore || (score === otherScore && id > otherId);
  }
}

/** First index in sorted `list` whose term is ≥ `term`. */
function lowerBound(list: readonly string[], term: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle] < term) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Ids of the terms in sorted `vocabulary` within Levenshtein distance 1..`max` of `term`. The sorted list is walked
 * as a trie: each term reuses the distance rows of the prefix it shares with the previous one, and a prefix
 * already more than `max` away skips every term that begins with it. Only the band of cells within `max` of the
 * diagonal is computed (those outside it are more than `max` away, and count as `max + 1`).
 */
function withinEditDistance(vocabulary: readonly string[], term: string, max: number): { id: number; distance: number }[] {
  const width = term.length + 1;
  const outside = max + 1;
  let rows = new Int32Array(width * 32).fill(outside);
  for (let j = 0; j < width; j++) rows[j] = j;
  const matches: { id: number; distance: number }[] = [];
  let previous = '';
  let valid = 0;
  for (let id = 0; id < vocabulary.length;) {
    const word = vocabulary[id];
    if ((word.length + 1) * width > rows.length) {
      const grown = new Int32Array((word.length + 1) * width * 2).fill(outside);
      grown.set(rows);
      rows = grown;
    }
    let depth = 0;
    const limit = Math.min(valid, word.length, previous.length);
    while (depth < limit && word.charCodeAt(depth) === previous.charCodeAt(depth)) depth++;
    let dead = -1;
    for (let i = depth + 1; i <= word.length; i++) {
      const above = (i - 1) * width;
      const here = i * width;
      const from = Math.max(1, i - max);
      const to = Math.min(term.length, i + max);
      let best = outside;
      if (i <= max) best = rows[here] = i;
      else rows[here + from - 1] = outside;
      const code = word.charCodeAt(i - 1);
      for (let j = from; j <= to; j++) {
        const value = Math.min(
          outside,
          rows[above + j] + 1,
          rows[here + j - 1] + 1,
          rows[above + j - 1] + (code === term.charCodeAt(j - 1) ? 0 : 1),
        );
        rows[here + j] = value;
        if (value < best) best = value;
      }
      if (to < term.length) rows[here + to + 1] = outside;
      if (best > max) {
        dead = i;
        break;
      }
    }
    previous = word;
    if (dead >= 0) {
      valid = dead - 1;
      id = pastPrefix(vocabulary, id, dead);
      continue;
    }
    valid = word.length;
    if (Math.abs(word.length - term.length) <= max) {
      const distance = rows[word.length * width + term.length];
      if (distance > 0 && distance <= max) matches.push({ id, distance });
    }
    id++;
  }
  return matches;
}

/** The first id after `id` whose term does not begin with the first `length` characters of term `id` (galloping). */
function pastPrefix(vocabulary: readonly string[], id: number, length: number): number {
  const prefix = vocabulary[id].slice(0, length);
  // Terms sharing a prefix are few and follow it: probe 1, 2, 4… ahead, then halve the last gap.
  let inside = id;
  let beyond = id + 1;
  for (let step = 1; beyond < vocabulary.length && vocabulary[beyond].startsWith(prefix); step *= 2) {
    inside = beyond;
    beyond = id + step * 2;
  }
  beyond = Math.min(beyond, vocabulary.length);
  while (beyond - inside > 1) {
    const middle = (inside + beyond) >> 1;
    if (vocabulary[middle].startsWith(prefix)) inside = middle;
    else beyond = middle;
  }
  return beyond;
}
