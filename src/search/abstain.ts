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
}

export const CALIBRATION: AbstentionCalibration = {
  threshold: calibrationFile.threshold,
  nearMissFloor: calibrationFile.nearMissFloor,
};

/**
 * The quotes to show, best first: those clearing the threshold as answers, then near misses to fill
 * up to `k`; `answered` is false when not even the best clears it.
 */
export function decide(
  ranked: QuoteCandidate[],
  k: number,
  calibration: AbstentionCalibration = CALIBRATION,
): { answered: boolean; quotes: Quote[] } {
  const quotes: Quote[] = [];
  for (const { quote } of ranked.slice(0, k)) {
    if (quote.score >= calibration.threshold) quotes.push(quote);
    else if (quote.score >= calibration.nearMissFloor) quotes.push({ ...quote, nearMiss: true });
  }
  const answered = quotes.length > 0 && !quotes[0].nearMiss;
  return { answered, quotes };
}
