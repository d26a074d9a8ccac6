// Growable columns of numbers and strings: what a build keeps per article, as a few flat buffers rather than an object
// (or a string) per article, so a million articles cost megabytes (see README, "At scale"); and the search of a sorted
// column.

/**
 * A growable column of numbers: doubles (exact for integers up to 2^53, such as byte offsets into a large file), or
 * `Uint32Array` for whole numbers below 2^32 at half the bytes.
 */
export class NumberColumn {
  private values: Float64Array | Uint32Array;
  length = 0;

  constructor(private readonly kind: typeof Float64Array | typeof Uint32Array = Float64Array) {
    this.values = new kind(1_024);
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new this.kind(Math.max(this.values.length * 2, 1_024));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  at(index: number): number {
    return this.values[index];
  }

  /** Lets go of the room kept for more values (up to as many again): for a column complete before a long wait. */
  fit(): void {
    this.values = this.values.slice(0, this.length);
  }
}

/** A growable column of strings, kept as UTF-8 bytes end to end in one buffer. */
export class StringColumn {
  private bytes = Buffer.alloc(1 << 16);
  private used = 0;
  /** Where string i ends in `bytes` (it starts where string i - 1 ends). */
  private readonly ends = new NumberColumn();
  /** Strings UTF-8 cannot hold (a lone surrogate, which JSON can spell), kept as they are, by index. */
  private readonly illFormed = new Map<number, string>();

  get length(): number {
    return this.ends.length;
  }

  push(value: string): void {
    if (!isWellFormed(value)) {
      this.illFormed.set(this.length, value);
      this.ends.push(this.used);
      return;
    }
    const needed = this.used + Buffer.byteLength(value);
    if (needed > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(value, this.used);
    this.ends.push(this.used);
  }

  at(index: number): string {
    return this.illFormed.get(index) ?? this.bytes.toString('utf8', this.start(index), this.ends.at(index));
  }

  /** As `NumberColumn.fit`: a million article ids of 22 bytes are 22 MB, kept in 32 MB while they grow. */
  fit(): void {
    this.bytes = Buffer.from(this.bytes.subarray(0, this.used));
    this.ends.fit();
  }

  /**
   * `at(a)` against `at(b)` in JavaScript's string order (UTF-16 code units), mostly without decoding either: UTF-8 bytes
   * sort as code points, which differ from code units only where a character past U+FFFF meets one of U+E000–U+FFFF,
   * and there the first differing bytes are both lead bytes of 0xEE or more.
   */
  compare(a: number, b: number): number {
    if (this.illFormed.has(a) || this.illFormed.has(b)) return compareStrings(this.at(a), this.at(b));
    const [fromA, toA, fromB, toB] = [this.start(a), this.ends.at(a), this.start(b), this.ends.at(b)];
    const length = Math.min(toA - fromA, toB - fromB);
    for (let i = 0; i < length; i++) {
      const [x, y] = [this.bytes[fromA + i], this.bytes[fromB + i]];
      if (x === y) continue;
      return x < 0xee || y < 0xee ? x - y : compareStrings(this.at(a), this.at(b));
    }
    return toA - fromA - (toB - fromB);
  }

  private start(index: number): number {
    return index === 0 ? 0 : this.ends.at(index - 1);
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `value` has no lone surrogate (String.prototype.isWellFormed, not in the ES2022 typings). */
function isWellFormed(value: string): boolean {
  return !/\p{Surrogate}/u.test(value);
}

/** The first index of ascending `values` holding more than `value` (`values.length` when none does). */
export function firstAbove(values: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
