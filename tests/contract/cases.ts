// The ArchiveStore contract as data: each case asks the archive one thing (every query option and lookup), and what
// it returns must be the same from every store. A case may also say what the answer must be (`expect`).
import { expect } from 'vitest';
import type { StoreArchive } from '../../src/archive.ts';
import type { Answer, Quote } from '../../src/domain/answer.ts';

export interface ContractCase {
  name: string;
  ask(archive: StoreArchive): Promise<unknown>;
  /** What the answer must be, whichever store gave it. */
  expect?(result: never): void;
}

/** A result without what stores may legitimately differ on: the time of the build; scores are compared apart, to 1e-6. */
export function comparable(result: unknown): { shape: unknown; scores: number[] } {
  const scores: number[] = [];
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key, field]) => {
            if (key === 'score' && typeof field === 'number') scores.push(field);
            return key !== 'score' && key !== 'builtAt';
          })
          .map(([key, field]) => [key, strip(field)]),
      );
    }
    return value;
  };
  return { shape: strip(result), scores };
}

export function expectSameResults(name: string, reference: unknown, other: unknown): void {
  const [a, b] = [comparable(reference), comparable(other)];
  expect(b.shape, name).toEqual(a.shape);
  expect(b.scores.length, name).toBe(a.scores.length);
  b.scores.forEach((score, i) => expect(score, `${name}: score ${i}`).toBeCloseTo(a.scores[i], 6));
}

const published = (quotes: Quote[]) => quotes.map((quote) => quote.date);

/** "Did X say" and relative times read as of a day: nothing published after it, whatever the store. */
export function noneAfter(day: string) {
  return (answer: Answer) => {
    for (const date of published(answer.quotes)) expect(date <= day, `a quote of ${date} answers as of ${day}`).toBe(true);
  };
}
