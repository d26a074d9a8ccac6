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
  /**
   * Least coverage when the lexical and the dense retriever, each alone, put the best quote's article first: a
   * question in other words than the article's ("conquer" for "beat") is found by meaning, and words agree on the
   * article even where they miss half the question.
   */
  minCoverageWhenRetrieversAgree?: number;
  /**
   * A question about now ("this week", "recently", "on Saturday") is not answered by a quote whose article is
   * older than this many days on the as-of day: the archive has not got this week's story.
   */
  maxAgeDaysAboutNow?: number;
}

export const CALIBRATION: AbstentionCalibration = {
  threshold: calibrationFile.threshold,
  nearMissFloor: calibrationFile.nearMissFloor,
  minCoverage: calibrationFile.minCoverage,
  // Absent from the file when calibration found no waiver worth having.
  coverageWaivedAt: (calibrationFile as { coverageWaivedAt?: number }).coverageWaivedAt,
  minCoverageWhenRetrieversAgree: (calibrationFile as { minCoverageWhenRetrieversAgree?: number }).minCoverageWhenRetrieversAgree,
  maxAgeDaysAboutNow: (calibrationFile as { maxAgeDaysAboutNow?: number }).maxAgeDaysAboutNow,
};

/** What abstention weighs beside the best quote's score. */
export interface AnswerEvidence {
  /** IDF-weighted share of the question's terms found in the best quote's article (title and text), 0..1. */
  coverage: number;
  /** Whether the lexical and the dense retriever, each alone, put the best quote's article first. */
  retrieversAgree?: boolean;
  /** Whether the question is about now, and the best quote's age in days on the as-of day. */
  aboutNow?: boolean;
  ageDays?: number;
}

/**
 * The quotes to show, best first: those clearing the threshold as answers, then near misses to fill
 * up to `k`; `answered` is false when not even the best clears it. After the first, an answer must add
 * something — another article, or a candidate of the asked-for kind — or it is a further passage.
 */
export function decide(
  ranked: QuoteCandidate[],
  k: number,
  calibration: AbstentionCalibration = CALIBRATION,
  evidence: AnswerEvidence = { coverage: 1 },
): { answered: boolean; quotes: Quote[] } {
  const quotes: Quote[] = [];
  const best = ranked[0]?.quote.score ?? 0;
  const covered =
    evidence.coverage >= (calibration.minCoverage ?? 0) ||
    best >= (calibration.coverageWaivedAt ?? Infinity) ||
    (evidence.retrieversAgree === true && evidence.coverage >= (calibration.minCoverageWhenRetrieversAgree ?? Infinity));
  const current = !evidence.aboutNow || (evidence.ageDays ?? 0) <= (calibration.maxAgeDaysAboutNow ?? Infinity);
  const answeredArticles = new Set<string>();
  for (const { quote, articleId, signals } of ranked.slice(0, k)) {
    if (covered && current && quote.score >= calibration.threshold) {
      const adds = answeredArticles.size === 0 || !answeredArticles.has(articleId) || signals.answerType > 0;
      quotes.push(adds ? quote : { ...quote, further: true });
      if (adds) answeredArticles.add(articleId);
    } else if (quote.score >= calibration.nearMissFloor) quotes.push({ ...quote, nearMiss: true });
  }
  const answered = quotes.length > 0 && !quotes[0].nearMiss;
  return { answered, quotes };
}
