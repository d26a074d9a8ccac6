// Merges quotes that say the same thing: the same sentence reached through two passages, and the same fact in two articles.
import type { QuoteCandidate } from './quotes.ts';
import { termsOf } from '../corpus/terms.ts';

/** Highlights sharing at least this share of their terms (Jaccard) state the same fact… */
const SAME_FACT_OVERLAP = 0.7;
/**
 * …when published this close together. Wire copy repeats its wording for new events ("The Bundesbank
 * left credit policies unchanged after today's meeting", fortnight after fortnight): those are not repeats.
 */
const SAME_FACT_MAX_DAYS = 2;
const DAY_MS = 86_400_000;

/**
 * Candidates best first, without repeats: one quote per highlighted sentence, none overlapping another
 * quote of the same article, and none whose highlight restates a better quote's highlight in another
 * article of about the same date.
 */
export function dedupeQuotes(candidates: QuoteCandidate[]): QuoteCandidate[] {
  const ordered = [...candidates].sort(
    (a, b) => b.quote.score - a.quote.score || a.quote.date.localeCompare(b.quote.date) || a.passageId - b.passageId,
  );
  const kept: { candidate: QuoteCandidate; terms: () => Set<string> }[] = [];
  for (const candidate of ordered) {
    // Read only when compared with a quote of another article about the same date: most candidates never are.
    const terms = lazily(() => new Set(termsOf(candidate.quote.highlight)));
    const repeats = kept.some(({ candidate: other, terms: otherTerms }) =>
      other.articleId === candidate.articleId
        ? candidate.first <= other.last && other.first <= candidate.last
        : daysApart(candidate.quote.date, other.quote.date) <= SAME_FACT_MAX_DAYS && jaccard(terms(), otherTerms()) >= SAME_FACT_OVERLAP,
    );
    if (!repeats) kept.push({ candidate, terms });
  }
  return kept.map(({ candidate }) => candidate);
}

function lazily<T>(read: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= read());
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS;
}
