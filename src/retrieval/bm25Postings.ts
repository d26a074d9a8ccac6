// The postings of a BM25 index as the search reads them: held in memory (an index built at start), or read a term at a
// time from a saved index (./bm25Index.ts), so that serving holds the dictionary and one question's postings, not the file.
import { closeSync, openSync } from 'node:fs';
import { readDictionary, readTermPostings, type Postings, type SavedIndexFile, type TermPostings } from './bm25Index.ts';

/** A saved index's reading space to start with (grown to what a question needs: a common word of a million articles is ~7 MB). */
const READ_BUFFER_BYTES = 4 * 2 ** 20;

/**
 * Postings are cut into blocks of this many (by position in the term's list) for block-max pruning: the best impact
 * of a block bounds what any passage in it can get from the term, so the search skips stretches of passages whose
 * blocks together cannot reach the current top k (./bm25.ts).
 */
export const BLOCK_SHIFT = 6;
export const BLOCK_POSTINGS = 1 << BLOCK_SHIFT;

/** A term's postings as the search reads them: with the best impact of each block of BLOCK_POSTINGS. */
export interface SearchPostings extends TermPostings {
  blockMax: Float64Array;
}

/** How many blocks `count` postings make. */
export function blocksOf(count: number): number {
  return (count + BLOCK_POSTINGS - 1) >> BLOCK_SHIFT;
}

/** Fills `into` (blocksOf(impacts.length) long) with the best of each block of `impacts`; returns it. */
export function blockMaxima(impacts: Float64Array, into: Float64Array): Float64Array {
  for (let block = 0, from = 0; from < impacts.length; block++, from += BLOCK_POSTINGS) {
    let best = 0;
    const to = Math.min(impacts.length, from + BLOCK_POSTINGS);
    for (let i = from; i < to; i++) if (impacts[i] > best) best = impacts[i];
    into[block] = best;
  }
  return into;
}

/** The index as the search reads it: the dictionary at hand, a term's postings when asked for. */
export interface PostingsSource {
  readonly vocabulary: readonly string[];
  readonly textFrequency: Uint32Array;
  readonly maxImpact: Float64Array;
  /** Whether a term's postings are read from a file when asked for (worth keeping between questions), not held. */
  readonly readsFile: boolean;
  /** How many passages hold term `id` (without reading them). */
  count(id: number): number;
  /** Term `id`'s postings, valid until the next `newQuestion`. */
  postings(id: number): SearchPostings;
  /** A question starts: postings handed out before may be overwritten from now on. */
  newQuestion(): void;
  /** Lets go of the file, if any. */
  close(): void;
}

/** Postings held in memory (an index built at start, or in a test). */
export class HeldPostings implements PostingsSource {
  readonly readsFile = false;
  readonly vocabulary: readonly string[];
  readonly textFrequency: Uint32Array;
  readonly maxImpact: Float64Array;
  /** Every term's block maxima, term t's from `blockStarts[t]`. */
  private readonly blockMax: Float64Array;
  private readonly blockStarts: Uint32Array;

  constructor(private readonly index: Postings) {
    ({ vocabulary: this.vocabulary, textFrequency: this.textFrequency, maxImpact: this.maxImpact } = index);
    this.blockStarts = new Uint32Array(this.vocabulary.length + 1);
    for (let id = 0; id < this.vocabulary.length; id++) this.blockStarts[id + 1] = this.blockStarts[id] + blocksOf(this.count(id));
    this.blockMax = new Float64Array(this.blockStarts[this.vocabulary.length]);
    const { offsets, impacts } = index;
    for (let id = 0; id < this.vocabulary.length; id++)
      blockMaxima(impacts.subarray(offsets[id], offsets[id + 1]), this.blockMax.subarray(this.blockStarts[id]));
  }

  count(id: number): number {
    return this.index.offsets[id + 1] - this.index.offsets[id];
  }

  postings(id: number): SearchPostings {
    const { offsets, docs, impacts } = this.index;
    return {
      docs: docs.subarray(offsets[id], offsets[id + 1]),
      impacts: impacts.subarray(offsets[id], offsets[id + 1]),
      blockMax: this.blockMax.subarray(this.blockStarts[id], this.blockStarts[id + 1]),
    };
  }

  newQuestion(): void {}

  close(): void {}
}

/**
 * A saved index read a term at a time from its open file. `corrupt` makes the error a read that finds a term's bytes
 * changed (or cut short) throws: the caller's, so that it names the file as the caller knows it.
 *
 * A question's postings are read into one buffer reused from question to question (grown to the largest question's
 * need), not into arrays of their own: at 300,000 articles a question reads megabytes of postings, and allocating them
 * afresh made V8 collect its whole heap every few questions (100–300 ms each). Reading and checking a term again costs
 * ~0.3 ms a megabyte.
 */
export class SavedPostings implements PostingsSource {
  /**
   * Opens the index saved at `path` for an archive of `documents` passages, reading its dictionary (checked); throws
   * SavedRetrieverError when the file is not one, is cut short, or was built over another number of passages.
   */
  static open(path: string, documents: number, corrupt: (problem: string) => Error, bufferBytes = READ_BUFFER_BYTES): SavedPostings {
    const fd = openSync(path, 'r');
    try {
      return new SavedPostings(fd, readDictionary(fd, documents), corrupt, new PostingsSpace(bufferBytes));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  readonly readsFile = true;
  readonly vocabulary: readonly string[];
  readonly textFrequency: Uint32Array;
  readonly maxImpact: Float64Array;
  /** The terms read for the current question. */
  private readonly read = new Map<number, SearchPostings>();
  private fd: number | undefined;

  private constructor(
    fd: number,
    private readonly file: SavedIndexFile,
    private readonly corrupt: (problem: string) => Error,
    private readonly buffer: PostingsSpace,
  ) {
    this.fd = fd;
    ({ vocabulary: this.vocabulary, textFrequency: this.textFrequency, maxImpact: this.maxImpact } = file.dictionary);
  }

  count(id: number): number {
    return this.file.dictionary.offsets[id + 1] - this.file.dictionary.offsets[id];
  }

  newQuestion(): void {
    this.read.clear();
    this.buffer.reuse();
  }

  postings(id: number): SearchPostings {
    let postings = this.read.get(id);
    if (!postings) this.read.set(id, (postings = this.readTerm(id)));
    return postings;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.newQuestion();
  }

  /** Term `id`'s postings from the file, checked against the dictionary's checksum. */
  private readTerm(id: number): SearchPostings {
    if (this.fd === undefined) throw this.corrupt('was closed');
    const postings = this.buffer.take(this.count(id));
    if (!readTermPostings(this.fd, this.file, id, postings))
      throw this.corrupt(`is corrupt at the postings of "${this.vocabulary[id]}" (they do not match their checksum)`);
    blockMaxima(postings.impacts, postings.blockMax);
    return postings;
  }
}

/** Space for a question's postings, handed out in order and reused by the next question (no allocation per question). */
export class PostingsSpace {
  private space: ArrayBuffer;
  private used = 0;

  constructor(bytes: number) {
    this.space = new ArrayBuffer(Math.max(8, Math.ceil(bytes / 8) * 8));
  }

  /** Room for `count` postings and their block maxima, valid until `reuse`. */
  take(count: number): SearchPostings {
    const bytes = 8 * Math.ceil(count / 2) + 8 * count + 8 * blocksOf(count);
    // Grown, not moved: what was handed out keeps the old space until the question is over.
    if (this.used + bytes > this.space.byteLength) {
      this.space = new ArrayBuffer(Math.max(2 * this.space.byteLength, bytes));
      this.used = 0;
    }
    const docs = new Uint32Array(this.space, this.used, count);
    const impacts = new Float64Array(this.space, this.used + 8 * Math.ceil(count / 2), count);
    const blockMax = new Float64Array(this.space, impacts.byteOffset + 8 * count, blocksOf(count));
    this.used += bytes;
    return { docs, impacts, blockMax };
  }

  reuse(): void {
    this.used = 0;
  }
}

/** First index in `docs[from..to)` (ascending) holding a passage ≥ `doc`: galloping from `from`, as it is often near. */
export function seek(docs: Uint32Array, doc: number, from: number, to: number): number {
  if (from >= to || docs[from] >= doc) return from;
  // docs[low] < doc; probe 1, 2, 4… ahead for one ≥ doc, then halve the last gap.
  let low = from;
  let step = 1;
  while (low + step < to && docs[low + step] < doc) {
    low += step;
    step *= 2;
  }
  let high = Math.min(to, low + step);
  low++;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (docs[middle] < doc) low = middle + 1;
    else high = middle;
  }
  return low;
}
