// Measures the engine on a question set: hit@k, MRR, abstention precision/recall, and the threshold sweep that calibrates it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AbstentionCalibration } from '../src/search/abstain.ts';
import type { AnswerEngine, EngineSettings, RetrievalMode } from '../src/search/engine.ts';
import type { QuoteCandidate } from '../src/search/quotes.ts';

const questionLine = z.union([
  z.object({ question: z.string().min(1), article: z.string().min(1), expect: z.string().min(1) }).strict(),
  z.object({ question: z.string().min(1), unanswerable: z.literal(true) }).strict(),
]);

export type EvalQuestion = z.infer<typeof questionLine>;

/** Questions from a JSONL file; throws naming the line that does not fit the format. */
export function loadQuestions(file: string): EvalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim())
    .map(({ line, number }) => {
      const parsed = questionLine.safeParse(JSON.parse(line));
      if (!parsed.success) {
        throw new Error(
          `${file}:${number}: expected {"question","article","expect"} or {"question","unanswerable":true} (${parsed.error.issues[0].message})`,
        );
      }
      return parsed.data;
    });
}

/** One question's outcome. */
export interface QuestionOutcome {
  question: EvalQuestion;
  /** Score of the best quote (what the score threshold looks at). */
  topScore: number;
  /** Whether the engine answered, by every abstention rule (score threshold and coverage gate). */
  answered: boolean;
  /** 1-based rank of the first correct quote among all ranked candidates, or undefined. */
  rank?: number;
  /** Score of that first correct quote, wherever it ranks. */
  correctScore?: number;
  /** 1-based rank of the first correct quote among the quotes shown as answers (near misses excluded). */
  answerRank?: number;
}

export async function runQuestions(
  engine: AnswerEngine,
  questions: EvalQuestion[],
  settings: Partial<EngineSettings> = {},
  k = 3,
): Promise<QuestionOutcome[]> {
  const outcomes: QuestionOutcome[] = [];
  for (const question of questions) {
    const traced = await engine.askTraced({ question: question.question, k }, settings);
    const outcome: QuestionOutcome = { question, topScore: traced.candidates[0]?.quote.score ?? 0, answered: traced.answer.answered };
    if ('article' in question) {
      const correct = (quote: { article: string; text: string }): boolean =>
        quote.article === question.article && quote.text.includes(question.expect);
      const rank = traced.candidates.findIndex((candidate: QuoteCandidate) => correct(candidate.quote));
      if (rank >= 0) {
        outcome.rank = rank + 1;
        outcome.correctScore = traced.candidates[rank].quote.score;
      }
      const answers = traced.answer.quotes.filter((quote) => !quote.nearMiss && !quote.further);
      const answerRank = answers.findIndex(correct);
      if (answerRank >= 0) outcome.answerRank = answerRank + 1;
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

export interface RankingMetrics {
  questions: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
}

/** hit@1, hit@3 and MRR over the answerable questions, by `rank` (ranking) or `answerRank` (what a user is shown). */
export function rankingMetrics(outcomes: QuestionOutcome[], which: 'rank' | 'answerRank'): RankingMetrics {
  const answerable = outcomes.filter((outcome) => 'article' in outcome.question);
  const ranks = answerable.map((outcome) => outcome[which]);
  const share = (predicate: (rank: number | undefined) => boolean): number =>
    answerable.length ? ranks.filter(predicate).length / answerable.length : 0;
  return {
    questions: answerable.length,
    hitAt1: share((rank) => rank === 1),
    hitAt3: share((rank) => rank !== undefined && rank <= 3),
    mrr: answerable.length ? ranks.reduce<number>((sum, rank) => sum + (rank ? 1 / rank : 0), 0) / answerable.length : 0,
  };
}

/** Abstention at one threshold: "positive" = the engine abstains; truth = the question is unanswerable. */
export interface AbstentionPoint {
  threshold: number;
  abstained: number;
  precision: number;
  recall: number;
  f1: number;
  /** F-beta with beta 2: recall (abstaining on off-topic questions) counts twice as much as precision. */
  f2: number;
  /** Answerable questions answered (top score ≥ threshold) with a correct first quote, out of all answerable. */
  answeredCorrectly: number;
  /** Unanswerable questions that would have been answered anyway. */
  falseAnswers: number;
}

export function abstentionAt(outcomes: QuestionOutcome[], threshold: number): AbstentionPoint {
  const abstains = (outcome: QuestionOutcome): boolean => outcome.topScore < threshold;
  const unanswerable = outcomes.filter((outcome) => 'unanswerable' in outcome.question);
  const answerable = outcomes.filter((outcome) => 'article' in outcome.question);
  const abstained = outcomes.filter(abstains).length;
  const rightlyAbstained = unanswerable.filter(abstains).length;
  const precision = abstained ? rightlyAbstained / abstained : 1;
  const recall = unanswerable.length ? rightlyAbstained / unanswerable.length : 1;
  return {
    threshold,
    abstained,
    precision,
    recall,
    f1: fBeta(precision, recall, 1),
    f2: fBeta(precision, recall, 2),
    answeredCorrectly: answerable.length
      ? answerable.filter((outcome) => !abstains(outcome) && outcome.rank === 1).length / answerable.length
      : 0,
    falseAnswers: unanswerable.length - rightlyAbstained,
  };
}

function fBeta(precision: number, recall: number, beta: number): number {
  const b2 = beta * beta;
  return precision + recall ? ((1 + b2) * precision * recall) / (b2 * precision + recall) : 0;
}

/** The abstention trade-off at thresholds 0.00, 0.01, … 1.00. */
export function thresholdSweep(outcomes: QuestionOutcome[]): AbstentionPoint[] {
  return Array.from({ length: 101 }, (_, i) => abstentionAt(outcomes, i / 100));
}

/**
 * The threshold with the best abstention F2 (an off-topic question answered with an irrelevant quote is
 * the worst failure, so abstention recall weighs twice its precision); among equals, the middle of the
 * widest run of them (the largest margin either side). The near-miss floor is the lowest score of a
 * correct quote at any rank: below it, on this set, no quote was ever right, so none is worth showing.
 */
export function calibrate(outcomes: QuestionOutcome[]): AbstentionCalibration & { point: AbstentionPoint } {
  const sweep = thresholdSweep(outcomes);
  const best = Math.max(...sweep.map((point) => point.f2));
  let bestRun: AbstentionPoint[] = [];
  let run: AbstentionPoint[] = [];
  for (const point of sweep) {
    if (point.f2 >= best - 1e-9) run.push(point);
    else run = [];
    if (run.length > bestRun.length) bestRun = [...run];
  }
  const middle = bestRun[Math.floor((bestRun.length - 1) / 2)];
  const threshold = middle.threshold;
  const correctScores = outcomes.flatMap((outcome) => (outcome.correctScore === undefined ? [] : [outcome.correctScore]));
  const lowestCorrect = correctScores.length ? Math.min(...correctScores) : threshold;
  const nearMissFloor = Math.min(threshold, Math.floor(lowestCorrect * 100) / 100);
  return { threshold, nearMissFloor, point: abstentionAt(outcomes, threshold) };
}

/** A paragraph-retrieval question: the gold article is the paragraph holding the answer. */
export interface RetrievalQuestion {
  question: string;
  article: string;
  /** Gold answer spans (XQuAD), for checking that the highlighted sentence holds the answer. */
  answers?: string[];
}

export interface RecallAtK {
  /** A retriever alone, or `quotes`: the articles in the order of the engine's final quotes. */
  mode: RetrievalMode | 'quotes';
  recallAt1: number;
  recallAt5: number;
  /** `quotes` mode only: share of questions whose first quote is from the gold article and highlights a gold answer. */
  answerInHighlight?: number;
}

/** Recall@1/@5 of articles (ranked by their best passage) for one retrieval mode. */
export async function articleRecall(
  engine: AnswerEngine,
  questions: RetrievalQuestion[],
  mode: RetrievalMode | 'quotes',
  settings: Partial<EngineSettings> = {},
): Promise<RecallAtK> {
  let at1 = 0;
  let at5 = 0;
  let highlighted = 0;
  for (const { question, article, answers = [] } of questions) {
    let ranked: string[];
    if (mode === 'quotes') {
      const { candidates } = await engine.askTraced({ question, k: 5 }, settings);
      ranked = [...new Set(candidates.map((candidate) => candidate.articleId))];
      const first = candidates[0];
      if (first?.articleId === article && answers.some((answer) => first.quote.highlight.includes(answer))) highlighted++;
    } else {
      ranked = await engine.rankArticles(question, { ...settings, mode });
    }
    const rank = ranked.indexOf(article);
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 5) at5++;
  }
  const share = (count: number): number => count / questions.length;
  return { mode, recallAt1: share(at1), recallAt5: share(at5), ...(mode === 'quotes' ? { answerInHighlight: share(highlighted) } : {}) };
}
