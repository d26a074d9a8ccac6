// Lexical retrieval: BM25 over passages from a compact inverted index (typed arrays), top-k by MaxScore pruning.
//
// It scores exactly as the MiniSearch retriever (./lexical.ts) does — BM25+ (k1 1.2, b 0.7, δ 0.5) per field,
// titles ×2, prefix matches for terms of 5+ letters, fuzzy matches for names of 6+ letters, a score multiplied by
// the number of question terms matched — but it never scores every passage that shares a word with the question:
// impacts are computed at build time, and MaxScore skips passages that cannot reach the current top k.
import { extractPhrases, namesIn, normalizeTerm, tokenize } from '../corpus/terms.ts';
import type { Passage, StoredArticle } from '../domain/article.ts';
import { boostPhrases, PHRASE_CHECK_DEPTH } from './phrases.ts';
import { closeSync, ftruncateSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  SavedRetrieverError,
  type LexicalEngine,
  type LexicalIndexWriter,
  type LexicalScratch,
  type LexicalRetriever,
  type RankedPassage,
  type RetrievalOptions,
  type RetrievalQuery,
} from './retriever.ts';

/** The tunables, as MiniSearch's defaults and the project's options set them. */
const SCORING = {
  k1: 1.2,
  b: 0.7,
  delta: 0.5,
  titleBoost: 2,
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

/** Bytes 0–7 of a saved index: name and format version. */
const MAGIC = 'BM25MS01';

/** The BM25 retriever as the archive's lexical engine: see LexicalEngine. */
export const bm25Engine: LexicalEngine = {
  module: import.meta.url,
  build: (passages, articles) => Bm25Retriever.build(passages, articles),
  writer: (scratch) => new Bm25IndexWriter(scratch),
  deserialize: (bytes, passages, articles) => Bm25Retriever.deserialize(bytes, passages, articles),
};

/**
 * The inverted index: sorted vocabulary; for term t, postings `offsets[t]..offsets[t+1]` of `docs` (ascending
 * passage ids) with their BM25 `impacts` (text + boosted title); `maxImpact[t]` bounds them for pruning.
 */
interface Postings {
  vocabulary: string[];
  offsets: Uint32Array;
  docs: Uint32Array;
  impacts: Float64Array;
  maxImpact: Float64Array;
  /** Passages whose text holds the term (IDF for sentence scoring; titles do not count). */
  textFrequency: Uint32Array;
}

/** One question term's share of a passage score: its postings, or several merged (prefix and fuzzy matches). */
interface Clause {
  docs: Uint32Array;
  scores: Float64Array;
  /** Multiplies `scores` (a question repeating a term counts it that many times). */
  scale: number;
  position: number;
  end: number;
  bound: number;
}

export class Bm25Retriever implements LexicalRetriever {
  static build(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): Bm25Retriever {
    const writer = new Bm25IndexWriter();
    writer.add(passages, articles);
    return new Bm25Retriever(passages, articles, writer.postings());
  }

  /** The index `serialize` wrote for these `passages`; throws SavedRetrieverError when `bytes` is not one. */
  static deserialize(bytes: Uint8Array, passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): Bm25Retriever {
    if (bytes.byteLength < 32 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
      throw new SavedRetrieverError(`is not a saved lexical index (no ${MAGIC} header)`);
    }
    // Typed arrays need aligned offsets: a copy when the file's bytes do not start on an 8-byte boundary.
    const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    const header = new Uint32Array(aligned.buffer, aligned.byteOffset + 8, 6);
    const [documents, terms, postings, vocabularyBytes] = header;
    if (documents !== passages.length) throw new SavedRetrieverError(`holds ${documents} passages, expected ${passages.length}`);
    const layout = savedLayout(terms, postings, vocabularyBytes);
    if (aligned.byteLength !== layout.size)
      throw new SavedRetrieverError(`has ${aligned.byteLength} bytes, expected ${layout.size}; it is truncated or corrupt`);
    const at = (offset: number) => aligned.byteOffset + offset;
    const vocabulary = new TextDecoder().decode(aligned.subarray(layout.vocabulary, layout.vocabulary + vocabularyBytes)).split('\n');
    if (vocabulary.length !== terms) throw new SavedRetrieverError(`lists ${vocabulary.length} terms, expected ${terms}`);
    return new Bm25Retriever(passages, articles, {
      vocabulary,
      offsets: new Uint32Array(aligned.buffer, at(layout.offsets), terms + 1),
      docs: new Uint32Array(aligned.buffer, at(layout.docs), postings),
      textFrequency: new Uint32Array(aligned.buffer, at(layout.textFrequency), terms),
      impacts: new Float64Array(aligned.buffer, at(layout.impacts), postings),
      maxImpact: new Float64Array(aligned.buffer, at(layout.maxImpact), terms),
    });
  }

  private readonly termIds: Map<string, number>;
  private readonly fuzzyCache = new Map<string, { id: number; distance: number }[]>();
  /** Per passage, the clause being merged (see `clause`); zero between merges. */
  private scratch?: Float64Array;

  private constructor(
    private readonly passages: readonly Passage[],
    private readonly articles: ReadonlyMap<string, StoredArticle>,
    private readonly index: Postings,
  ) {
    this.termIds = new Map(index.vocabulary.map((term, id) => [term, id]));
  }

  /** Header, vocabulary (UTF-8, one term a line), then the arrays, each 8-byte aligned. */
  serialize(): Uint8Array {
    return serializePostings(this.passages.length, this.index);
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
    const ranked = this.topK(this.clauses(question), depth, options.allowed);
    return boostPhrases(question, ranked, (id) => passageText(this.articles, this.passages[id]), options.limit);
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
      const derived = this.derivedTerms(term, names.has(term));
      if (derived.length > 0) clauses.push(this.clause(derived, repeat));
    }
    return clauses;
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

  /** A term's postings as a clause; several terms' are merged, summing their weighted impacts per passage. */
  private clause(derived: { id: number; weight: number }[], repeat: number): Clause {
    const { offsets, docs, impacts, maxImpact } = this.index;
    if (derived.length === 1 && derived[0].weight === 1) {
      const { id } = derived[0];
      const from = offsets[id];
      const to = offsets[id + 1];
      return {
        docs: docs.subarray(from, to),
        scores: impacts.subarray(from, to),
        scale: repeat,
        position: 0,
        end: to - from,
        bound: repeat * maxImpact[id],
      };
    }
    // Summed per passage in a scratch row as long as the archive (cleared after), in the order the terms come.
    const sums = (this.scratch ??= new Float64Array(this.passages.length));
    let touched = new Uint32Array(64);
    let count = 0;
    for (const { id, weight } of derived) {
      for (let i = offsets[id]; i < offsets[id + 1]; i++) {
        const doc = docs[i];
        if (sums[doc] === 0) {
          if (count === touched.length) {
            const grown = new Uint32Array(count * 2);
            grown.set(touched);
            touched = grown;
          }
          touched[count++] = doc;
        }
        sums[doc] += weight * impacts[i];
      }
    }
    const order = touched.subarray(0, count).sort();
    const scores = new Float64Array(count);
    let bound = 0;
    for (let i = 0; i < count; i++) {
      scores[i] = sums[order[i]];
      sums[order[i]] = 0;
      if (scores[i] > bound) bound = scores[i];
    }
    return { docs: order, scores, scale: repeat, position: 0, end: count, bound: repeat * bound };
  }

  /**
   * The `k` best passages (score × clauses matched), best first, by MaxScore: clauses sorted by their bound;
   * the weakest ones whose bounds together cannot lift a passage into the current top k only probe the
   * passages the others propose, and stop probing as soon as the passage cannot make it.
   */
  private topK(clauses: Clause[], k: number, allowed?: ReadonlySet<number>): RankedPassage[] {
    clauses.sort((a, b) => a.bound - b.bound);
    const count = clauses.length;
    // boundUpTo[i]: the most clauses 0..i can add to a passage.
    const boundUpTo = new Float64Array(count);
    clauses.forEach((clause, i) => (boundUpTo[i] = (i > 0 ? boundUpTo[i - 1] : 0) + clause.bound));
    const top = new TopK(k);
    // Each clause's share of the current passage, summed in clause order at the end: passages with equal
    // shares then get bit-identical scores, whichever clauses were probed first (ties go to the lower id).
    const shares = new Float64Array(count);
    // A passage must beat `threshold` to enter; the margin keeps pruning safe from rounding.
    let threshold = -Infinity;
    let firstEssential = 0;
    for (;;) {
      let doc = Infinity;
      for (let i = firstEssential; i < count; i++) {
        const clause = clauses[i];
        if (clause.position < clause.end && clause.docs[clause.position] < doc) doc = clause.docs[clause.position];
      }
      if (doc === Infinity) break;
      shares.fill(0);
      let score = 0;
      let matched = 0;
      for (let i = firstEssential; i < count; i++) {
        const clause = clauses[i];
        if (clause.position < clause.end && clause.docs[clause.position] === doc) {
          shares[i] = clause.scale * clause.scores[clause.position++];
          score += shares[i];
          matched++;
        }
      }
      if (allowed && !allowed.has(doc)) continue;
      let i = firstEssential - 1;
      for (; i >= 0; i--) {
        if ((score + boundUpTo[i]) * (matched + i + 1) < threshold) break;
        const clause = clauses[i];
        clause.position = lowerBoundFrom(clause.docs, doc, clause.position, clause.end);
        if (clause.position < clause.end && clause.docs[clause.position] === doc) {
          shares[i] = clause.scale * clause.scores[clause.position];
          score += shares[i];
          matched++;
        }
      }
      if (i >= 0) continue;
      let sum = 0;
      for (let j = 0; j < count; j++) sum += shares[j];
      const total = sum * matched;
      if (top.size < k || total > top.worstScore()) {
        top.push(doc, total);
        if (top.size === k) {
          threshold = top.worstScore() * (1 - 1e-12);
          while (firstEssential < count && boundUpTo[firstEssential] * (firstEssential + 1) < threshold) firstEssential++;
        }
      }
    }
    return top.ranked();
  }
}

/**
 * Postings a streamed build holds in memory before it writes them to a run file (about 40 bytes each while held, so
 * ~80 MB): past this, the index's size on disk, not in memory, grows with the archive.
 */
const SPILL_POSTINGS = 2_000_000;

/** Per term over the run files: passages holding it in the text, in the title, and in either. */
interface SpilledCounts {
  text: number;
  title: number;
  either: number;
}

/**
 * The BM25 index built batch of passages after batch (a streamed build adds each batch as it is written), its impacts
 * computed once all are in. Given a scratch folder, it writes its postings there, a run file per SPILL_POSTINGS, and
 * `write` merges the runs term by term into the file `serialize` would have written: the same bytes, from the same
 * archive-wide document frequencies and lengths.
 */
class Bm25IndexWriter implements LexicalIndexWriter {
  /** Text and title. */
  private readonly fields = [new FieldCounts(), new FieldCounts()];
  private documents = 0;
  private readonly runs: string[] = [];
  private readonly spilled = new Map<string, SpilledCounts>();

  constructor(private readonly scratch?: LexicalScratch) {}

  /** Adds `passages` (ids following those added before), their text read from `articles`. */
  add(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): void {
    for (const passage of passages) {
      const article = articleOf(articles, passage);
      this.fields[0].add(passage.id, tokenize(passageText(articles, passage)));
      this.fields[1].add(passage.id, passage.firstSentence === 0 && article.title ? tokenize(article.title) : []);
      this.documents = Math.max(this.documents, passage.id + 1);
    }
    const held = this.fields[0].held + this.fields[1].held;
    if (this.scratch && held >= (this.scratch.spillPostings ?? SPILL_POSTINGS)) this.spill(this.scratch.dir);
  }

  /** The index as `Bm25Retriever.serialize` writes it. */
  serialize(): Uint8Array {
    return serializePostings(this.documents, this.postings());
  }

  write(path: string): void {
    if (this.runs.length === 0) {
      writeFileSync(path, this.serialize());
      return;
    }
    if (this.fields[0].held + this.fields[1].held > 0) this.spill(this.scratch!.dir);
    mergeRuns(path, this.runs, this.spilled, this.documents, this.fields);
  }

  /** The postings of every term, text and title merged: one pass to size them, one to fill them (no object per posting). */
  postings(): Postings {
    const [text, title] = this.fields;
    const vocabulary = [...new Set([...text.postings.keys(), ...title.postings.keys()])].sort();
    const offsets = new Uint32Array(vocabulary.length + 1);
    const textFrequency = new Uint32Array(vocabulary.length);
    const listsOf = (term: string) => [text.postings.get(term) ?? NO_POSTINGS, title.postings.get(term) ?? NO_POSTINGS] as const;
    vocabulary.forEach((term, id) => {
      const [inText, inTitle] = listsOf(term);
      offsets[id + 1] = offsets[id] + unionSize(inText.docs, inTitle.docs);
      textFrequency[id] = inText.docs.length;
    });
    const docs = new Uint32Array(offsets[vocabulary.length]);
    const impacts = new Float64Array(docs.length);
    const maxImpact = new Float64Array(vocabulary.length);
    vocabulary.forEach((term, id) => {
      const [inText, inTitle] = listsOf(term);
      const counts = { text: inText.docs.length, title: inTitle.docs.length };
      let at = offsets[id];
      mergeFields(this.documents, this.fields, counts, inText, inTitle, (doc, score) => {
        docs[at] = doc;
        impacts[at++] = score;
        if (score > maxImpact[id]) maxImpact[id] = score;
      });
    });
    return { vocabulary, offsets, docs, impacts, maxImpact, textFrequency };
  }

  /** Writes the postings held to a run file in `dir` (terms in vocabulary order) and lets them go. */
  private spill(dir: string): void {
    const [text, title] = this.fields;
    const path = join(dir, `lexical.run-${this.runs.length}.part`);
    const out = new RunWriter(path);
    for (const term of [...new Set([...text.postings.keys(), ...title.postings.keys()])].sort()) {
      const [inText, inTitle] = [text.postings.get(term) ?? NO_POSTINGS, title.postings.get(term) ?? NO_POSTINGS];
      out.term(term, inText, inTitle);
      const counts = this.spilled.get(term) ?? { text: 0, title: 0, either: 0 };
      counts.text += inText.docs.length;
      counts.title += inTitle.docs.length;
      counts.either += unionSize(inText.docs, inTitle.docs);
      this.spilled.set(term, counts);
    }
    out.close();
    this.runs.push(path);
    for (const field of this.fields) field.release();
  }
}

/**
 * A term's postings in text and title merged by passage, each with its BM25 impact (text first, then the boosted title:
 * the order, and so the rounding, the sum always had), handed to `emit` in passage order. `counts` are the term's
 * archive-wide document frequencies per field; `fields` hold every passage's lengths.
 */
function mergeFields(
  documents: number,
  [text, title]: readonly FieldCounts[],
  counts: { text: number; title: number },
  inText: FieldPostings,
  inTitle: FieldPostings,
  emit: (doc: number, score: number) => void,
): void {
  const impact = (field: FieldCounts, df: number, list: FieldPostings, i: number, boost: number) => {
    const idf = Math.log(1 + (documents - df + 0.5) / (df + 0.5));
    const tf = list.frequencies[i];
    const length = field.lengths[list.docs[i]];
    const saturation = (tf * (SCORING.k1 + 1)) / (tf + SCORING.k1 * (1 - SCORING.b + (SCORING.b * length) / field.averageLength()));
    return boost * idf * (SCORING.delta + saturation);
  };
  for (let t = 0, h = 0; t < inText.docs.length || h < inTitle.docs.length;) {
    const doc = Math.min(inText.docs[t] ?? Infinity, inTitle.docs[h] ?? Infinity);
    let score = 0;
    if (inText.docs[t] === doc) score += impact(text, counts.text, inText, t++, 1);
    if (inTitle.docs[h] === doc) score += impact(title, counts.title, inTitle, h++, SCORING.titleBoost);
    emit(doc, score);
  }
}

/** Run files are read and written through buffers of this size. */
const RUN_BUFFER_BYTES = 1 << 20;

/** A run file being written: per term, its UTF-8 length and bytes, then its text and title postings (u32 each). */
class RunWriter {
  private readonly fd: number;
  private buffer = Buffer.alloc(RUN_BUFFER_BYTES);
  private used = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  term(term: string, inText: FieldPostings, inTitle: FieldPostings): void {
    const word = Buffer.from(term);
    this.room(12 + word.length + 8 * (inText.docs.length + inTitle.docs.length));
    this.u32(word.length);
    this.used += word.copy(this.buffer, this.used);
    this.u32(inText.docs.length);
    this.u32(inTitle.docs.length);
    for (const list of [inText.docs, inText.frequencies, inTitle.docs, inTitle.frequencies]) for (const value of list) this.u32(value);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private u32(value: number): void {
    this.used = this.buffer.writeUInt32LE(value, this.used);
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.alloc(bytes);
  }

  private flush(): void {
    for (let written = 0; written < this.used;) written += writeSync(this.fd, this.buffer, written, this.used - written);
    this.used = 0;
  }
}

/** A run file read term after term (see RunWriter). */
class RunReader {
  private readonly fd: number;
  private buffer = Buffer.alloc(RUN_BUFFER_BYTES);
  private start = 0;
  private end = 0;
  private ended = false;
  /** The term under the reader, or undefined past the last. */
  term: string | undefined;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    this.next();
  }

  /** The current term's postings in text and title; moves to the next term. */
  take(): [FieldPostings, FieldPostings] {
    const [texts, titles] = [this.u32(), this.u32()];
    this.fill(8 * (texts + titles));
    const list = (count: number): number[] => Array.from({ length: count }, () => this.u32());
    const inText = { docs: list(texts), frequencies: list(texts) };
    const inTitle = { docs: list(titles), frequencies: list(titles) };
    this.next();
    return [inText, inTitle];
  }

  close(): void {
    closeSync(this.fd);
  }

  private next(): void {
    this.fill(4);
    if (this.end - this.start < 4) {
      this.term = undefined;
      return;
    }
    const length = this.u32();
    this.fill(length + 8);
    this.term = this.buffer.toString('utf8', this.start, this.start + length);
    this.start += length;
  }

  private u32(): number {
    const value = this.buffer.readUInt32LE(this.start);
    this.start += 4;
    return value;
  }

  /** Makes `bytes` bytes available from `start` (fewer only at the end of the file). */
  private fill(bytes: number): void {
    if (this.end - this.start >= bytes || this.ended) return;
    const kept = this.buffer.subarray(this.start, this.end);
    if (bytes > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(bytes, 2 * this.buffer.length));
      kept.copy(grown);
      this.buffer = grown;
    } else {
      kept.copy(this.buffer);
    }
    this.end = kept.length;
    this.start = 0;
    while (this.end < bytes) {
      const read = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, null);
      if (read === 0) {
        this.ended = true;
        break;
      }
      this.end += read;
    }
  }
}

/**
 * Writes to `path` the saved index of the postings in `runs` (each a stretch of passages, in passage order): its
 * vocabulary, offsets and text frequencies from `spilled`, then every term's postings merged from the runs and
 * impacted as `postings()` does, written through buffers at their sections' offsets; the run files are removed.
 */
function mergeRuns(
  path: string,
  runs: readonly string[],
  spilled: Map<string, SpilledCounts>,
  documents: number,
  fields: readonly FieldCounts[],
): void {
  const vocabulary = [...spilled.keys()].sort();
  const offsets = new Uint32Array(vocabulary.length + 1);
  const textFrequency = new Uint32Array(vocabulary.length);
  vocabulary.forEach((term, id) => {
    const counts = spilled.get(term)!;
    offsets[id + 1] = offsets[id] + counts.either;
    textFrequency[id] = counts.text;
  });
  const postings = offsets[vocabulary.length];
  const words = new TextEncoder().encode(vocabulary.join('\n'));
  const layout = savedLayout(vocabulary.length, postings, words.byteLength);
  const fd = openSync(path, 'w');
  const readers = runs.map((run) => new RunReader(run));
  try {
    ftruncateSync(fd, layout.size);
    const header = new Uint8Array(32);
    header.set(new TextEncoder().encode(MAGIC));
    new Uint32Array(header.buffer, 8, 6).set([documents, vocabulary.length, postings, words.byteLength, 0, 0]);
    writeAt(fd, header, 0);
    writeAt(fd, words, layout.vocabulary);
    writeAt(fd, offsets, layout.offsets);
    writeAt(fd, textFrequency, layout.textFrequency);
    const docs = new SectionWriter(fd, layout.docs, Uint32Array);
    const impacts = new SectionWriter(fd, layout.impacts, Float64Array);
    const maxImpact = new Float64Array(vocabulary.length);
    vocabulary.forEach((term, id) => {
      const counts = spilled.get(term)!;
      for (const reader of readers) {
        if (reader.term !== term) continue;
        const [inText, inTitle] = reader.take();
        mergeFields(documents, fields, counts, inText, inTitle, (doc, score) => {
          docs.push(doc);
          impacts.push(score);
          if (score > maxImpact[id]) maxImpact[id] = score;
        });
      }
    });
    docs.flush();
    impacts.flush();
    writeAt(fd, maxImpact, layout.maxImpact);
  } finally {
    closeSync(fd);
    for (const reader of readers) reader.close();
    for (const run of runs) rmSync(run, { force: true });
  }
}

/** Values written in order from `offset` of a file, a buffer at a time. */
class SectionWriter {
  private readonly values: Uint32Array | Float64Array;
  private used = 0;

  constructor(
    private readonly fd: number,
    private offset: number,
    kind: typeof Uint32Array | typeof Float64Array,
  ) {
    this.values = new kind(RUN_BUFFER_BYTES / kind.BYTES_PER_ELEMENT);
  }

  push(value: number): void {
    this.values[this.used++] = value;
    if (this.used === this.values.length) this.flush();
  }

  flush(): void {
    const bytes = this.values.subarray(0, this.used);
    writeAt(this.fd, bytes, this.offset);
    this.offset += bytes.byteLength;
    this.used = 0;
  }
}

function writeAt(fd: number, data: ArrayBufferView, position: number): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written, position + written);
}

/** A term's passages in one field, ascending, and how often it occurs in each. */
interface FieldPostings {
  docs: number[];
  frequencies: number[];
}

const NO_POSTINGS: FieldPostings = { docs: [], frequencies: [] };

/** How many distinct values two ascending lists hold together. */
function unionSize(a: readonly number[], b: readonly number[]): number {
  let size = 0;
  for (let i = 0, j = 0; i < a.length || j < b.length; size++) {
    const next = Math.min(a[i] ?? Infinity, b[j] ?? Infinity);
    if (a[i] === next) i++;
    if (b[j] === next) j++;
  }
  return size;
}

/** Token counts of one field: per term, the passages holding it and how often; per passage, its length. */
class FieldCounts {
  postings = new Map<string, FieldPostings>();
  /** Distinct raw tokens per passage (MiniSearch's field length). */
  readonly lengths: number[] = [];
  /** Postings in `postings` (those spilled to a run file are let go). */
  held = 0;
  private total = 0;

  add(doc: number, tokens: string[]): void {
    this.lengths[doc] = new Set(tokens).size;
    this.total += this.lengths[doc];
    const counts = new Map<string, number>();
    for (const token of tokens) {
      const term = normalizeTerm(token);
      if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    for (const [term, frequency] of counts) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = { docs: [], frequencies: [] }));
      list.docs.push(doc);
      list.frequencies.push(frequency);
      this.held++;
    }
  }

  /** Lets the postings go (written to a run file); the lengths stay, for the impacts. */
  release(): void {
    this.postings = new Map();
    this.held = 0;
  }

  averageLength(): number {
    return this.lengths.length ? this.total / this.lengths.length : 0;
  }
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

/** Byte offsets of each part of a saved index (all arrays 8-byte aligned after a 32-byte header). */
function savedLayout(terms: number, postings: number, vocabularyBytes: number) {
  const align = (offset: number) => Math.ceil(offset / 8) * 8;
  const vocabulary = 32;
  const offsets = align(vocabulary + vocabularyBytes);
  const docs = align(offsets + 4 * (terms + 1));
  const textFrequency = align(docs + 4 * postings);
  const impacts = align(textFrequency + 4 * terms);
  const maxImpact = impacts + 8 * postings;
  return { vocabulary, offsets, docs, textFrequency, impacts, maxImpact, size: maxImpact + 8 * terms };
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

/** First index in `docs[from..to)` (ascending) holding a passage ≥ `doc`. */
function lowerBoundFrom(docs: Uint32Array, doc: number, from: number, to: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (docs[middle] < doc) low = middle + 1;
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

/** Header, vocabulary (UTF-8, one term a line), then the arrays, each 8-byte aligned. */
function serializePostings(documents: number, index: Postings): Uint8Array {
  const { vocabulary, offsets, docs, impacts, maxImpact, textFrequency } = index;
  const words = new TextEncoder().encode(vocabulary.join('\n'));
  const layout = savedLayout(vocabulary.length, docs.length, words.byteLength);
  const bytes = new Uint8Array(layout.size);
  bytes.set(new TextEncoder().encode(MAGIC));
  new Uint32Array(bytes.buffer, 8, 6).set([documents, vocabulary.length, docs.length, words.byteLength, 0, 0]);
  bytes.set(words, layout.vocabulary);
  for (const [array, offset] of [
    [offsets, layout.offsets],
    [docs, layout.docs],
    [textFrequency, layout.textFrequency],
    [impacts, layout.impacts],
    [maxImpact, layout.maxImpact],
  ] as const) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
  }
  return bytes;
}

function passageText(articles: ReadonlyMap<string, StoredArticle>, passage: Passage): string {
  return articleOf(articles, passage).text.slice(passage.start, passage.end);
}

function articleOf(articles: ReadonlyMap<string, StoredArticle>, passage: Passage): StoredArticle {
  const article = articles.get(passage.articleId);
  if (!article) throw new Error(`passage ${passage.id} refers to missing article ${passage.articleId}`);
  return article;
}
