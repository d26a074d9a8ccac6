// The question terms asked again and again, kept between questions: each one's postings as the search scores them
// (read from the saved index and checked once, prefix and fuzzy matches merged, block maxima taken), in one space of
// a fixed size, so a common word of a large archive is not read, checked and merged again at every question.
import { blocksOf, type SearchPostings } from './bm25Postings.ts';

/** A question term's postings as the search scores them, and their best impact. */
export interface ScoredPostings extends SearchPostings {
  best: number;
}

/** Distinct terms whose askings are counted before the count starts again (a term is kept when asked twice). */
const ASKED_LIMIT = 10_000;

/** What one term takes of the space: its impacts, its block maxima, its passage ids (8-byte aligned). */
function bytesFor(count: number): number {
  return 8 * count + 8 * blocksOf(count) + 8 * Math.ceil(count / 2);
}

interface Kept {
  postings: ScoredPostings;
  start: number;
  bytes: number;
  /** The last question that used it: not overwritten while that question is answered. */
  question: number;
}

/**
 * Terms' postings kept in one ArrayBuffer of `bytes`, used as a ring: a term asked by a second question is copied in
 * after the last one kept, over the next ones unless they are asked more often, so the space never grows and nothing
 * is allocated per question (fresh arrays per question had made V8 collect its whole heap every few
 * questions at 300,000 articles). A term larger than a quarter of the space is not kept.
 */
export class PostingsCache {
  private readonly space: ArrayBuffer;
  private readonly kept = new Map<string, Kept>();
  private readonly asked = new Map<string, number>();
  private head = 0;
  private question = 0;

  constructor(bytes: number) {
    this.space = new ArrayBuffer(Math.max(0, bytes - (bytes % 8)));
  }

  /** Bytes the kept terms take (at most the space's size). */
  get bytesKept(): number {
    let bytes = 0;
    for (const { bytes: taken } of this.kept.values()) bytes += taken;
    return bytes;
  }

  get size(): number {
    return this.kept.size;
  }

  /** A question starts: what the previous one used may be overwritten from now on. */
  newQuestion(): void {
    this.question++;
  }

  /** The postings kept for `key`, valid until the next question. */
  get(key: string): ScoredPostings | undefined {
    const kept = this.kept.get(key);
    if (!kept) return undefined;
    kept.question = this.question;
    return kept.postings;
  }

  /**
   * `postings` were made for `key` in this question: a copy is kept if an earlier question asked for them too, over
   * the terms kept next in the ring unless one of them is asked more often (then the ring moves past them instead,
   * halving their counts, so a term no longer asked gives way in time) or is used by this question.
   */
  offer(key: string, postings: ScoredPostings): void {
    if (this.asked.size >= ASKED_LIMIT && !this.asked.has(key)) this.asked.clear();
    const asked = (this.asked.get(key) ?? 0) + 1;
    this.asked.set(key, asked);
    const count = postings.docs.length;
    const bytes = bytesFor(count);
    if (asked < 2 || bytes > this.space.byteLength / 4) return;
    const start = this.head + bytes <= this.space.byteLength ? this.head : 0;
    const overwritten = [...this.kept].filter(([, kept]) => kept.start < start + bytes && start < kept.start + kept.bytes);
    if (overwritten.some(([, kept]) => kept.question === this.question)) return;
    if (overwritten.some(([other]) => (this.asked.get(other) ?? 0) > asked)) {
      this.head = start;
      for (const [other, kept] of overwritten) {
        this.asked.set(other, (this.asked.get(other) ?? 0) >> 1);
        this.head = Math.max(this.head, kept.start + kept.bytes);
      }
      return;
    }
    for (const [other] of overwritten) this.kept.delete(other);
    const impacts = new Float64Array(this.space, start, count);
    const blockMax = new Float64Array(this.space, start + 8 * count, blocksOf(count));
    const docs = new Uint32Array(this.space, blockMax.byteOffset + blockMax.byteLength, count);
    impacts.set(postings.impacts);
    blockMax.set(postings.blockMax);
    docs.set(postings.docs);
    this.kept.set(key, { postings: { docs, impacts, blockMax, best: postings.best }, start, bytes, question: this.question });
    this.head = start + bytes;
  }
}
