// The archive's passages by publication day, so that "the passages published between two days" costs two binary
// searches rather than a pass over every passage and a Set of the answer (which, at a million articles, was most of an
// answer's time whenever a question's dates left out part of the archive).
import { firstAbove } from '../columns.ts';
import type { Passage } from '../domain/article.ts';
import { dayNumber } from '../entities/days.ts';
import type { DateRange } from '../domain/lookups.ts';

export class PassagesByDate {
  /** Each passage's day as the number YYYYMMDD (ordered as the ISO dates are), by passage id. */
  private readonly days: Int32Array;
  /** Passage ids by day, then id. */
  private readonly order: Uint32Array;
  /** `days` in `order`. */
  private readonly sortedDays: Int32Array;

  constructor(passages: readonly Pick<Passage, 'id' | 'date'>[]) {
    this.days = new Int32Array(passages.length);
    for (const { id, date } of passages) this.days[id] = dayNumber(date);
    this.order = new Uint32Array(passages.length);
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    this.order.sort((a, b) => this.days[a] - this.days[b] || a - b);
    this.sortedDays = Int32Array.from(this.order, (id) => this.days[id]);
  }

  /** The passages published from `from` to `to` (either end open when absent), as a set read from the days. */
  between({ from, to }: Partial<DateRange>): ReadonlySet<number> {
    const first = from === undefined ? -Infinity : dayNumber(from);
    const last = to === undefined ? Infinity : dayNumber(to);
    const start = firstAbove(this.sortedDays, first - 1);
    const end = firstAbove(this.sortedDays, last);
    return new PublishedBetween(this.days, first, last, this.order.subarray(start, Math.max(start, end)));
  }
}

/** The passages whose day is within `first`..`last`: membership from the day, iteration (ascending ids) from `ids`. */
class PublishedBetween implements ReadonlySet<number> {
  private ascending?: Uint32Array;

  constructor(
    private readonly days: Int32Array,
    private readonly first: number,
    private readonly last: number,
    private readonly ids: Uint32Array,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  has(id: number): boolean {
    const day = this.days[id];
    return day !== undefined && day >= this.first && day <= this.last;
  }

  *values(): SetIterator<number> {
    yield* (this.ascending ??= this.ids.slice().sort());
  }

  keys(): SetIterator<number> {
    return this.values();
  }

  *entries(): SetIterator<[number, number]> {
    for (const id of this.values()) yield [id, id];
  }

  forEach(callback: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    for (const id of this.values()) callback.call(thisArg, id, id, this);
  }

  [Symbol.iterator](): SetIterator<number> {
    return this.values();
  }
}
