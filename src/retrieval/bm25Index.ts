// The BM25 index as it is built and saved: passages → postings with their BM25 impacts (in memory, or streamed through
// run files), and the file they are saved as: a dictionary (every term, its postings' place, document frequency, best
// impact and checksum), read whole at opening, then the postings, read a term at a time (./bm25Postings.ts), each
// term's checked against its checksum, so a changed byte is an error naming the file, never a wrong ranking.
//
// This module is what the lexical fingerprint (src/index/fingerprint.ts) covers: a change here (or in tokenising)
// makes saved indexes stale; the search over them (./bm25.ts) can change without it.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { NumberColumn } from '../columns.ts';
import { readAt } from '../readAt.ts';
import { articleOf, passageText } from '../corpus/passageText.ts';
import { normalizeTerm, tokenize } from '../corpus/terms.ts';
import type { Passage, StoredArticle } from '../domain/article.ts';
import { SavedRetrieverError, type LexicalIndexWriter, type LexicalScratch } from './retriever.ts';

/** BM25+ as MiniSearch computes it (its defaults: k1 1.2, b 0.7, δ 0.5), with titles boosted ×2. */
const IMPACT = { k1: 1.2, b: 0.7, delta: 0.5, titleBoost: 2 } as const;

/** Bytes 0–7 of a saved index: name and format version (02: a checksum per term, postings read by term). */
const MAGIC = 'BM25MS02';
const HEADER_BYTES = 32;

/** A term's postings: ascending passage ids and their BM25 impacts (text + boosted title). */
export interface TermPostings {
  docs: Uint32Array;
  impacts: Float64Array;
}

/** What an index holds of each term besides its postings (ids are positions in the sorted vocabulary). */
export interface Dictionary {
  vocabulary: string[];
  /** Term t's postings are `offsets[t]..offsets[t+1]` of the index's postings. */
  offsets: Uint32Array;
  /** Passages whose text holds the term (IDF for sentence scoring; titles do not count). */
  textFrequency: Uint32Array;
  /** The largest impact in the term's postings, for pruning. */
  maxImpact: Float64Array;
  /** CRC-32 of the term's postings as saved: its ids' bytes, then its impacts' (see termChecksum). */
  checksums: Uint32Array;
}

/** Every term's postings, in memory: `docs` and `impacts` of term t are `offsets[t]..offsets[t+1]`. */
export interface Postings extends Dictionary {
  docs: Uint32Array;
  impacts: Float64Array;
}

/** The index built in memory over `passages`. */
export function buildPostings(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): Postings {
  const writer = new Bm25IndexWriter();
  writer.add(passages, articles);
  return writer.postings();
}

/**
 * The dictionary of the index saved in the open file `fd`, for an archive of `documents` passages, checked against its
 * checksum; throws SavedRetrieverError when the file is not one, is cut short, or was built over another number of passages.
 */
export function readDictionary(fd: number, documents: number): { dictionary: Dictionary; layout: SavedLayout } {
  const size = fstatSync(fd).size;
  const header = new Uint8Array(HEADER_BYTES);
  if (size < HEADER_BYTES || readAt(fd, header, 0) < HEADER_BYTES || new TextDecoder().decode(header.subarray(0, 8)) !== MAGIC)
    throw new SavedRetrieverError(`is not a saved lexical index (no ${MAGIC} header)`);
  const [saved, terms, postings, vocabularyBytes] = new Uint32Array(header.buffer, 8, 4);
  if (saved !== documents) throw new SavedRetrieverError(`holds ${saved} passages, expected ${documents}`);
  const layout = layoutOf(terms, postings, vocabularyBytes);
  if (size !== layout.size) throw new SavedRetrieverError(`has ${size} bytes, expected ${layout.size}; it is truncated or corrupt`);
  const bytes = new Uint8Array(layout.dictionaryEnd);
  readAt(fd, bytes, 0);
  if (dictionaryChecksum(bytes) !== new Uint32Array(bytes.buffer, 24, 1)[0])
    throw new SavedRetrieverError('is corrupt (its dictionary does not match its checksum)');
  const vocabulary = new TextDecoder().decode(bytes.subarray(layout.vocabulary, layout.vocabulary + vocabularyBytes)).split('\n');
  if (vocabulary.length !== terms) throw new SavedRetrieverError(`lists ${vocabulary.length} terms, expected ${terms}`);
  const dictionary: Dictionary = {
    vocabulary,
    offsets: new Uint32Array(bytes.buffer, layout.offsets, terms + 1),
    textFrequency: new Uint32Array(bytes.buffer, layout.textFrequency, terms),
    checksums: new Uint32Array(bytes.buffer, layout.checksums, terms),
    maxImpact: new Float64Array(bytes.buffer, layout.maxImpact, terms),
  };
  return { dictionary, layout };
}

/**
 * Reads term `id`'s postings from the open file `fd` into `into` (room for exactly them); false when they are cut
 * short or do not match their checksum.
 */
export function readTermPostings(fd: number, { dictionary, layout }: SavedIndexFile, id: number, into: TermPostings): boolean {
  const from = dictionary.offsets[id];
  const count = dictionary.offsets[id + 1] - from;
  return (
    readAt(fd, into.docs, layout.docs + 4 * from) === 4 * count &&
    readAt(fd, into.impacts, layout.impacts + 8 * from) === 8 * count &&
    termChecksum(into) === dictionary.checksums[id]
  );
}

/** A saved index as opened: its dictionary and where each part of the file is. */
export interface SavedIndexFile {
  dictionary: Dictionary;
  layout: SavedLayout;
}

/**
 * Postings a streamed build holds in memory before it writes them to a run file (12 bytes each while held, 8 more while
 * they are written: ~40 MB): past this, the index's size on disk, not in memory, grows with the archive.
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
export class Bm25IndexWriter implements LexicalIndexWriter {
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

  /** The bytes `write` writes (held in memory: for tests and small archives). */
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
    const [text, title] = this.fields.map((field) => field.grouped());
    const vocabulary = termsOf(text, title);
    const offsets = new Uint32Array(vocabulary.length + 1);
    const textFrequency = new Uint32Array(vocabulary.length);
    const listsOf = (term: string) => [text.of(term), title.of(term)] as const;
    vocabulary.forEach((term, id) => {
      const [inText, inTitle] = listsOf(term);
      offsets[id + 1] = offsets[id] + unionSize(inText.docs, inTitle.docs);
      textFrequency[id] = inText.docs.length;
    });
    const docs = new Uint32Array(offsets[vocabulary.length]);
    const impacts = new Float64Array(docs.length);
    const maxImpact = new Float64Array(vocabulary.length);
    const checksums = new Uint32Array(vocabulary.length);
    vocabulary.forEach((term, id) => {
      const [inText, inTitle] = listsOf(term);
      const counts = { text: inText.docs.length, title: inTitle.docs.length };
      let at = offsets[id];
      mergeFields(this.documents, this.fields, counts, inText, inTitle, (doc, score) => {
        docs[at] = doc;
        impacts[at++] = score;
      });
      const postings = { docs: docs.subarray(offsets[id], at), impacts: impacts.subarray(offsets[id], at) };
      maxImpact[id] = maxOf(postings.impacts);
      checksums[id] = termChecksum(postings);
    });
    return { vocabulary, offsets, textFrequency, maxImpact, checksums, docs, impacts };
  }

  /** Writes the postings held to a run file in `dir` (terms in vocabulary order) and lets them go. */
  private spill(dir: string): void {
    const [text, title] = this.fields.map((field) => field.grouped());
    const path = join(dir, `lexical.run-${this.runs.length}.part`);
    const out = new RunWriter(path);
    for (const term of termsOf(text, title)) {
      const [inText, inTitle] = [text.of(term), title.of(term)];
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
    const length = field.lengths.at(list.docs[i]);
    const saturation = (tf * (IMPACT.k1 + 1)) / (tf + IMPACT.k1 * (1 - IMPACT.b + (IMPACT.b * length) / field.averageLength()));
    return boost * idf * (IMPACT.delta + saturation);
  };
  for (let t = 0, h = 0; t < inText.docs.length || h < inTitle.docs.length;) {
    const doc = Math.min(inText.docs[t] ?? Infinity, inTitle.docs[h] ?? Infinity);
    let score = 0;
    if (inText.docs[t] === doc) score += impact(text, counts.text, inText, t++, 1);
    if (inTitle.docs[h] === doc) score += impact(title, counts.title, inTitle, h++, IMPACT.titleBoost);
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
    const list = (count: number) => Uint32Array.from({ length: count }, () => this.u32());
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
 * dictionary from `spilled`, then every term's postings merged from the runs and impacted as `postings()` does,
 * written through buffers at their sections' offsets, each term's checksum taken as it is written; the run files are
 * removed.
 */
function mergeRuns(
  path: string,
  runs: readonly string[],
  spilled: Map<string, SpilledCounts>,
  documents: number,
  fields: readonly FieldCounts[],
): void {
  const vocabulary = [...spilled.keys()].sort();
  const dictionary = emptyDictionary(vocabulary);
  vocabulary.forEach((term, id) => {
    const counts = spilled.get(term)!;
    dictionary.offsets[id + 1] = dictionary.offsets[id] + counts.either;
    dictionary.textFrequency[id] = counts.text;
  });
  const layout = savedLayout(dictionary);
  const fd = openSync(path, 'w');
  const readers = runs.map((run) => new RunReader(run));
  try {
    ftruncateSync(fd, layout.size);
    const docs = new SectionWriter(fd, layout.docs, Uint32Array);
    const impacts = new SectionWriter(fd, layout.impacts, Float64Array);
    const term = new TermBuffer();
    vocabulary.forEach((word, id) => {
      const counts = spilled.get(word)!;
      term.clear();
      for (const reader of readers) {
        if (reader.term !== word) continue;
        const [inText, inTitle] = reader.take();
        mergeFields(documents, fields, counts, inText, inTitle, (doc, score) => term.push(doc, score));
      }
      const postings = term.postings();
      dictionary.maxImpact[id] = maxOf(postings.impacts);
      dictionary.checksums[id] = termChecksum(postings);
      docs.pushAll(postings.docs);
      impacts.pushAll(postings.impacts);
    });
    docs.flush();
    impacts.flush();
    writeAt(fd, dictionaryBytes(documents, dictionary, layout), 0);
  } finally {
    closeSync(fd);
    for (const reader of readers) reader.close();
    for (const run of runs) rmSync(run, { force: true });
  }
}

/** One term's postings as they are merged, in arrays grown as needed and reused from term to term. */
class TermBuffer {
  private docs = new Uint32Array(1024);
  private impacts = new Float64Array(1024);
  private count = 0;

  clear(): void {
    this.count = 0;
  }

  push(doc: number, impact: number): void {
    if (this.count === this.docs.length) {
      const docs = new Uint32Array(2 * this.count);
      const impacts = new Float64Array(2 * this.count);
      docs.set(this.docs);
      impacts.set(this.impacts);
      [this.docs, this.impacts] = [docs, impacts];
    }
    this.docs[this.count] = doc;
    this.impacts[this.count++] = impact;
  }

  postings(): TermPostings {
    return { docs: this.docs.subarray(0, this.count), impacts: this.impacts.subarray(0, this.count) };
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

  pushAll(values: Uint32Array | Float64Array): void {
    for (let from = 0; from < values.length;) {
      const taken = Math.min(values.length - from, this.values.length - this.used);
      this.values.set(values.subarray(from, from + taken), this.used);
      this.used += taken;
      from += taken;
      if (this.used === this.values.length) this.flush();
    }
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
  docs: Uint32Array;
  frequencies: Uint32Array;
}

const NO_POSTINGS: FieldPostings = { docs: new Uint32Array(0), frequencies: new Uint32Array(0) };

/** The postings a field holds, term by term (see FieldCounts.grouped). */
interface GroupedPostings {
  terms(): Iterable<string>;
  /** `term`'s postings (none if the field holds none). */
  of(term: string): FieldPostings;
}

/** The terms either field holds postings of, in vocabulary order. */
function termsOf(text: GroupedPostings, title: GroupedPostings): string[] {
  return [...new Set([...text.terms(), ...title.terms()])].sort();
}

/** How many distinct values two ascending lists hold together. */
function unionSize(a: Uint32Array, b: Uint32Array): number {
  let size = 0;
  for (let i = 0, j = 0; i < a.length || j < b.length; size++) {
    const next = Math.min(a[i] ?? Infinity, b[j] ?? Infinity);
    if (a[i] === next) i++;
    if (b[j] === next) j++;
  }
  return size;
}

/**
 * Token counts of one field: per term, the passages holding it and how often; per passage, its length. The postings
 * are held as added, in three columns (12 bytes a posting, where an array per term and field cost ~40), and grouped by
 * term only when they are written.
 */
class FieldCounts {
  /**
   * Distinct raw tokens per passage (MiniSearch's field length), by passage id (0 for an id never added); a column, not
   * an array: 16 bytes a passage as JavaScript numbers in two fields, 24 MB at a million articles (README, "At scale").
   */
  readonly lengths = new NumberColumn(Uint32Array);
  /** Each term held, by its slot: the order it was first met in. */
  private slots = new Map<string, number>();
  /** Per posting held, in the order added (so by passage within a term): its term's slot, its passage, its count. */
  private postings = noPostingsHeld();
  private total = 0;

  /** Postings held (those written to a run file are let go). */
  get held(): number {
    return this.postings.docs.length;
  }

  /** Passage `doc`'s tokens; passages come once each, in id order. */
  add(doc: number, tokens: string[]): void {
    if (doc < this.lengths.length) throw new Error(`passage ${doc} added after passage ${this.lengths.length - 1}`);
    while (this.lengths.length < doc) this.lengths.push(0);
    const length = new Set(tokens).size;
    this.lengths.push(length);
    this.total += length;
    const counts = new Map<string, number>();
    for (const token of tokens) {
      const term = normalizeTerm(token);
      if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    for (const [term, frequency] of counts) {
      let slot = this.slots.get(term);
      if (slot === undefined) this.slots.set(term, (slot = this.slots.size));
      this.postings.slots.push(slot);
      this.postings.docs.push(doc);
      this.postings.frequencies.push(frequency);
    }
  }

  /** The postings held, grouped by term in one counting pass (each term's passages stay in the order added). */
  grouped(): GroupedPostings {
    const { slots, postings } = this;
    const starts = new Uint32Array(slots.size + 1);
    for (let i = 0; i < postings.slots.length; i++) starts[postings.slots.at(i) + 1]++;
    for (let slot = 0; slot < slots.size; slot++) starts[slot + 1] += starts[slot];
    const docs = new Uint32Array(postings.docs.length);
    const frequencies = new Uint32Array(postings.docs.length);
    const next = starts.slice(0, slots.size);
    for (let i = 0; i < postings.slots.length; i++) {
      const at = next[postings.slots.at(i)]++;
      docs[at] = postings.docs.at(i);
      frequencies[at] = postings.frequencies.at(i);
    }
    return {
      terms: () => slots.keys(),
      of: (term) => {
        const slot = slots.get(term);
        if (slot === undefined) return NO_POSTINGS;
        const [from, to] = [starts[slot], starts[slot + 1]];
        return { docs: docs.subarray(from, to), frequencies: frequencies.subarray(from, to) };
      },
    };
  }

  /** Lets the postings go (written to a run file); the lengths stay, for the impacts. */
  release(): void {
    this.slots = new Map();
    this.postings = noPostingsHeld();
  }

  averageLength(): number {
    return this.lengths.length ? this.total / this.lengths.length : 0;
  }
}

/** FieldCounts' columns of postings, empty. */
function noPostingsHeld() {
  return { slots: new NumberColumn(Uint32Array), docs: new NumberColumn(Uint32Array), frequencies: new NumberColumn(Uint32Array) };
}

/** Byte offsets of each part of a saved index (each array 8-byte aligned, after a 32-byte header). */
export interface SavedLayout {
  vocabulary: number;
  offsets: number;
  textFrequency: number;
  checksums: number;
  maxImpact: number;
  /** The header and dictionary end here (read whole at opening); the postings follow. */
  dictionaryEnd: number;
  docs: number;
  impacts: number;
  size: number;
}

function layoutOf(terms: number, postings: number, vocabularyBytes: number): SavedLayout {
  const align = (offset: number) => Math.ceil(offset / 8) * 8;
  const vocabulary = HEADER_BYTES;
  const offsets = align(vocabulary + vocabularyBytes);
  const textFrequency = align(offsets + 4 * (terms + 1));
  const checksums = align(textFrequency + 4 * terms);
  const maxImpact = align(checksums + 4 * terms);
  const dictionaryEnd = maxImpact + 8 * terms;
  const docs = dictionaryEnd;
  const impacts = align(docs + 4 * postings);
  return { vocabulary, offsets, textFrequency, checksums, maxImpact, dictionaryEnd, docs, impacts, size: impacts + 8 * postings };
}

function savedLayout(dictionary: Dictionary): SavedLayout {
  const { vocabulary, offsets } = dictionary;
  return layoutOf(vocabulary.length, offsets[vocabulary.length], new TextEncoder().encode(vocabulary.join('\n')).byteLength);
}

function emptyDictionary(vocabulary: string[]): Dictionary {
  const terms = vocabulary.length;
  return {
    vocabulary,
    offsets: new Uint32Array(terms + 1),
    textFrequency: new Uint32Array(terms),
    maxImpact: new Float64Array(terms),
    checksums: new Uint32Array(terms),
  };
}

/** The header and dictionary of a saved index, its checksum in the header. */
function dictionaryBytes(documents: number, dictionary: Dictionary, layout: SavedLayout): Uint8Array {
  const { vocabulary, offsets, textFrequency, checksums, maxImpact } = dictionary;
  const words = new TextEncoder().encode(vocabulary.join('\n'));
  const bytes = new Uint8Array(layout.dictionaryEnd);
  bytes.set(new TextEncoder().encode(MAGIC));
  new Uint32Array(bytes.buffer, 8, 4).set([documents, vocabulary.length, offsets[vocabulary.length], words.byteLength]);
  bytes.set(words, layout.vocabulary);
  for (const [array, offset] of [
    [offsets, layout.offsets],
    [textFrequency, layout.textFrequency],
    [checksums, layout.checksums],
    [maxImpact, layout.maxImpact],
  ] as const) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
  }
  new Uint32Array(bytes.buffer, 24, 1)[0] = dictionaryChecksum(bytes);
  return bytes;
}

/** CRC-32 of the header's counts (bytes 8–23) and of everything from the vocabulary to the dictionary's end. */
function dictionaryChecksum(bytes: Uint8Array): number {
  return crc32(bytes.subarray(HEADER_BYTES), crc32(bytes.subarray(8, 24)));
}

/** CRC-32 of a term's postings as saved: its ids' bytes, then its impacts'. */
function termChecksum({ docs, impacts }: TermPostings): number {
  return crc32(bytesOf(impacts), crc32(bytesOf(docs)));
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function maxOf(values: Float64Array): number {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** The saved index of in-memory postings: the dictionary, then every term's ids, then every term's impacts. */
function serializePostings(documents: number, index: Postings): Uint8Array {
  const layout = savedLayout(index);
  const bytes = new Uint8Array(layout.size);
  bytes.set(dictionaryBytes(documents, index, layout));
  bytes.set(bytesOf(index.docs), layout.docs);
  bytes.set(bytesOf(index.impacts), layout.impacts);
  return bytes;
}
