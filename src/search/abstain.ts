// Abstention: answers only when the best quote's score clears a threshold calibrated on the evaluation set.
import calibrationFile from './calibration.json' with { type: 'json' };
import type { QuoteCandidate } from './quotes.ts';
import type { Quote } from '../domain/answer.ts';

/** Where to draw the line between an answer, a near miss and nothing; written by `npm run eval -- --calibrate`. */
export interface AbstentionCalibration {
  /** A best quote scoring at least this is an answer. */
  threshold: number;
  /** Below the threshold but at least this: shown as a near miss. */
  nearMissFloor: number;
  /**
   * Least share of the question's terms (IDF-weighted) that the best quote's article must hold for an
   * answer: a near-topic question whose specific words the article lacks is not answered by it.
   */
  minCoverage?: number;
  /**
   * A best quote scoring at least this is answered whatever its coverage: a question worded unlike the
   * archive ("treasury chief" for "finance minister") can still match it well in meaning.
   */
  coverageWaivedAt?: number;
}

export const CALIBRATION: AbstentionCalibration = {
  threshold: calibrationFile.threshold,
  nearMissFloor: calibrationFile.nearMissFloor,
  minCoverage: calibrationFile.minCoverage,
  // Absent from the file when calibration found no waiver worth having.
  coverageWaivedAt: (calibrationFile as { coverageWaivedAt?: number }).coverageWaivedAt,
};

/** What abstention weighs beside the best quote's score. */
export interface AnswerEvidence {
  /** IDF-weighted share of the question's terms found in the best quote's article (title and text), 0..1. */
  coverage: number;
}

/**
 * The quotes to show, best first: those clearing the threshold as answers, then near misses to fill
 * up to `k`; `answered` is false when not even the best clears it.
 */
export function decide(
  ranked: QuoteCandidate[],
  k: number,
  calibration: AbstentionCalibration = CALIBRATION,
  evidence: AnswerEvidence = { coverage: 1 },
): { answered: boolean; quotes: Quote[] } {
  const quotes: Quote[] = [];
  const best = ranked[0]?.quote.score ?? 0;
  const covered = evidence.coverage >= (calibration.minCoverage ?? 0) || best >= (calibration.coverageWaivedAt ?? Infinity);
  for (const { quote } of ranked.slice(0, k)) {
    if (covered && quote.score >= calibration.threshold) quotes.push(quote);
    else if (quote.score >= calibration.nearMissFloor) quotes.push({ ...quote, nearMiss: true });
  }
  const answered = quotes.length > 0 && !quotes[0].nearMiss;
  return { answered, quotes };
}
