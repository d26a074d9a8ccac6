// A question term's matches merged into one list of postings: the term itself, the longer terms it begins and the
// names it is a near spelling of (./bm25.ts), each weighted, their impacts summed per passage.
import type { TermPostings } from './bm25Index.ts';
import { seek } from './bm25Postings.ts';

/** One matched term's postings and its weight in the merge. */
export interface WeightedPostings extends TermPostings {
  weight: number;
}

/**
 * Lists are merged along the longest when the others hold at most 1/ALONG_LONGEST_SHARE of its postings (a common word
 * and its few longer forms: *march* and *marched*, *marches* … at a million articles), through rows as long as the
 * archive otherwise (many forms of similar sizes: *report*, *reported*, *reporters* …).
 */
const ALONG_LONGEST_SHARE = 16;
/** A run of the longest list this long is copied whole (a shorter one costs less copied a posting at a time). */
const LONG_RUN = 64;

/**
 * Merges weighted postings for an archive of `passages` passages. Every way of merging sums a passage's weighted
 * impacts from zero in the order the lists come (as exhaustive scoring would), so they give the same bits.
 */
export class PostingsMerger {
  /** Per passage, the postings being merged (see `scattered`); zero between merges. */
  private sums?: Float64Array;
  /** A bit per passage: those the postings being merged hold; zero between merges. */
  private marks?: Uint32Array;

  constructor(private readonly passages: number) {}

  /** Merges `lists` into `into` (room for all their postings); returns how many passages they hold together. */
  merge(lists: readonly WeightedPostings[], into: TermPostings): number {
    let longest = 0;
    let all = 0;
    for (let j = 0; j < lists.length; j++) {
      all += lists[j].docs.length;
      if (lists[j].docs.length > lists[longest].docs.length) longest = j;
    }
    const longestLength = lists.length ? lists[longest].docs.length : 0;
    return (all - longestLength) * ALONG_LONGEST_SHARE <= longestLength
      ? this.alongLongest(lists, longest, into)
      : this.scattered(lists, into);
  }

  /**
   * The longest list's passages copied a run at a time, up to the next passage another list holds: the merge costs
   * about that copy plus the other lists' postings.
   */
  alongLongest(lists: readonly WeightedPostings[], longest: number, into: TermPostings): number {
    const positions = new Uint32Array(lists.length);
    const { docs: longDocs, impacts: longImpacts, weight: longWeight } = lists[longest];
    let count = 0;
    for (;;) {
      let next = Infinity;
      for (let j = 0; j < lists.length; j++) {
        const { docs } = lists[j];
        if (j !== longest && positions[j] < docs.length && docs[positions[j]] < next) next = docs[positions[j]];
      }
      const from = positions[longest];
      const to = next === Infinity ? longDocs.length : seek(longDocs, next, from, longDocs.length);
      if (to - from >= LONG_RUN && longWeight === 1) {
        into.docs.set(longDocs.subarray(from, to), count);
        into.impacts.set(longImpacts.subarray(from, to), count);
      } else {
        for (let i = from, at = count; i < to; i++, at++) {
          into.docs[at] = longDocs[i];
          into.impacts[at] = longWeight * longImpacts[i];
        }
      }
      count += to - from;
      positions[longest] = to;
      if (next === Infinity) return count;
      let sum = 0;
      for (let j = 0; j < lists.length; j++) {
        const { docs, impacts, weight } = lists[j];
        if (positions[j] < docs.length && docs[positions[j]] === next) sum += weight * impacts[positions[j]++];
      }
      into.docs[count] = next;
      into.impacts[count++] = sum;
    }
  }

  /**
   * Sums per passage in a row as long as the archive, the passages touched marked in a bit row, read in order (and
   * both cleared) after.
   */
  scattered(lists: readonly WeightedPostings[], into: TermPostings): number {
    const sums = (this.sums ??= new Float64Array(this.passages));
    const marks = (this.marks ??= new Uint32Array(Math.ceil(this.passages / 32)));
    let count = 0;
    let firstWord = marks.length;
    let lastWord = -1;
    for (const { docs, impacts, weight } of lists) {
      if (docs.length === 0) continue;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        const bit = 1 << (doc & 31);
        if ((marks[doc >>> 5] & bit) === 0) {
          marks[doc >>> 5] |= bit;
          count++;
        }
        sums[doc] += weight * impacts[i];
      }
      firstWord = Math.min(firstWord, docs[0] >>> 5);
      lastWord = Math.max(lastWord, docs[docs.length - 1] >>> 5);
    }
    for (let word = firstWord, at = 0; word <= lastWord; word++) {
      for (let bits = marks[word]; bits !== 0; bits &= bits - 1) {
        const doc = (word << 5) | (31 - Math.clz32(bits & -bits));
        into.docs[at] = doc;
        into.impacts[at++] = sums[doc];
        sums[doc] = 0;
      }
      marks[word] = 0;
    }
    return count;
  }
}
