// `npm run eval -- --set realtimeqa`: prints the engine, the BM25 baseline and each ablation on both halves of the set.
import { DEFAULT_SENTENCE_WEIGHTS } from '../src/search/quotes.ts';
import { CALIBRATION } from '../src/search/abstain.ts';
import { DEFAULT_RECENCY, type AnswerEngine, type EngineSettings } from '../src/search/engine.ts';
import type { StoredArticle } from '../src/domain/article.ts';
import { createHash } from 'node:crypto';
import { realtimeParaphrases } from './paraphrases.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bm25Baseline,
  formatHeader,
  formatRow,
  halfOf,
  loadRealtimeSet,
  measure,
  type Figures,
  type RealtimeQuestion,
  type System,
} from './newsQuiz.ts';

/** An idea tried on the set: the engine with some settings changed. */
interface Ablation {
  name: string;
  settings: Partial<EngineSettings>;
}

/** Each idea is the defaults with one thing changed; the name says what. */
const ABLATIONS: (Ablation & { ignoreAsOf?: boolean })[] = [
  { name: 'engine, as of today (no --as-of)', settings: {}, ignoreAsOf: true },
  { name: '- context sentence (quote 1 sentence)', settings: { quoteNeighbours: 0 } },
  { name: '- recency preference', settings: { recency: { ...DEFAULT_RECENCY, nowWeight: 0, otherWeight: 0, quoteWeight: 0 } } },
  { name: '+ recency w=0.5', settings: { recency: { ...DEFAULT_RECENCY, nowWeight: 0.5, otherWeight: 0.5 } } },
  { name: '+ neighbour key-terms bonus 0.3', settings: { sentenceWeights: { ...DEFAULT_SENTENCE_WEIGHTS, context: 0.3 } } },
  { name: '+ answer-type bonus 0.3', settings: { sentenceWeights: { ...DEFAULT_SENTENCE_WEIGHTS, answerType: 0.3 } } },
  { name: '+ lexical-only retrieval', settings: { mode: 'lexical' } },
  { name: '- second context sentence (1 each side)', settings: { quoteNeighbours: 1 } },
  { name: '+ answer-type bonus 0.5', settings: { sentenceWeights: { ...DEFAULT_SENTENCE_WEIGHTS, answerType: 0.5 } } },
  { name: '- recency on quote score (0.2)', settings: { recency: { ...DEFAULT_RECENCY, quoteWeight: 0 } } },
  { name: '+ recency on quote score 0.4', settings: { recency: { ...DEFAULT_RECENCY, quoteWeight: 0.4 } } },
  { name: '- about-now age gate (30 d)', settings: { calibration: { ...CALIBRATION, maxAgeDaysAboutNow: undefined } } },
  {
    name: '- coverage waived when retrievers agree',
    settings: { calibration: { ...CALIBRATION, minCoverageWhenRetrieversAgree: undefined } },
  },
];

function engineSystem(engine: AnswerEngine, name: string, settings: Partial<EngineSettings> = {}, ignoreAsOf = false): System {
  return {
    name,
    answer: async (question, asOf) => (await engine.askTraced({ question, k: 5, ...(ignoreAsOf ? {} : { asOf }) }, settings)).answer,
  };
}

/** Raise when the baseline's behaviour or its figures change (eval/newsQuiz.ts), so cached figures are remeasured. */
const BASELINE_VERSION = 1;

/** A short hash of the set's files and the baseline's version: a changed set or baseline is measured afresh. */
function setKey(dir: string): string {
  const hash = createHash('sha256');
  for (const file of ['corpus.jsonl', 'questions.jsonl', 'unanswerable.jsonl']) hash.update(readFileSync(join(dir, file)));
  hash.update(String(BASELINE_VERSION));
  return hash.digest('hex').slice(0, 12);
}

/**
 * Least share of the tuning half's answerable questions the coverage gate must still answer: issue 10 asks
 * for 90% on the checking half; 95% on the tuning half leaves a margin for the questions it was not tuned on.
 */
const MIN_ANSWERED = 0.95;

/**
 * The coverage gate (src/search/abstain.ts) swept on the tuning half: for each \`minCoverage\`, the share of
 * answerable questions still answered and of unanswerable ones abstained on. The calibrated value is the
 * highest that still answers \`MIN_ANSWERED\` of the answerable questions.
 */
async function calibrateCoverage(
  engine: AnswerEngine,
  tuning: RealtimeQuestion[],
): Promise<{ minCoverage: number; coverageWaivedAt: number | null; answered: number; abstained: number }> {
  const runs: { answerable: boolean; answered: boolean; coverage: number; score: number }[] = [];
  for (const question of tuning) {
    const settings = { calibration: { ...engine.settings.calibration, minCoverage: 0 } };
    const traced = await engine.askTraced({ question: question.question, k: 5, asOf: question.questionDate }, settings);
    const score = traced.candidates[0]?.quote.score ?? 0;
    runs.push({ answerable: question.gold !== undefined, answered: traced.answer.answered, coverage: traced.evidence.coverage, score });
  }
  const answerable = runs.filter((run) => run.answerable);
  const unanswerable = runs.filter((run) => !run.answerable);
  const at = (minCoverage: number, waiver: number) => {
    const answers = (run: (typeof runs)[number]): boolean => run.answered && (run.coverage >= minCoverage || run.score >= waiver);
    return {
      answered: answerable.filter(answers).length / answerable.length,
      abstained: unanswerable.filter((run) => !answers(run)).length / unanswerable.length,
    };
  };
  console.log("\n== Coverage gate, tuning half (answer only when the best quote's article holds this IDF share of the question's terms)");
  console.log('minCoverage  answered (answerable)  abstained (unanswerable)   [waived from best score 0.8: answered / abstained]');
  for (let step = 0; step <= 100; step += 5) {
    const plain = at(step / 100, Infinity);
    const waived = at(step / 100, 0.8);
    console.log(
      `${(step / 100).toFixed(2).padStart(11)}  ${(100 * plain.answered).toFixed(1).padStart(20)}%  ${(100 * plain.abstained).toFixed(1).padStart(23)}%` +
        `   ${(100 * waived.answered).toFixed(1)}% / ${(100 * waived.abstained).toFixed(1)}%`,
    );
  }
  // The most abstention that still answers MIN_ANSWERED; among equals the lowest waiver (kindest to paraphrases).
  let chosen = { minCoverage: 0, coverageWaivedAt: null as number | null, ...at(0, Infinity) };
  for (let step = 0; step <= 100; step += 5) {
    for (const waiver of [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1, Infinity]) {
      const point = at(step / 100, waiver);
      if (point.answered < MIN_ANSWERED || point.abstained < chosen.abstained) continue;
      const lower = (chosen.coverageWaivedAt ?? Infinity) > waiver;
      if (point.abstained > chosen.abstained || lower)
        chosen = { minCoverage: step / 100, coverageWaivedAt: Number.isFinite(waiver) ? waiver : null, ...point };
    }
  }
  console.log(
    `calibrated: minCoverage ${chosen.minCoverage}, waived from best score ${chosen.coverageWaivedAt ?? 'never'} ` +
      `(most abstention answering >= ${100 * MIN_ANSWERED}% of answerable; answered ${(100 * chosen.answered).toFixed(1)}%, abstained ${(100 * chosen.abstained).toFixed(1)}%)`,
  );
  return chosen;
}

export interface RealtimeQaOptions {
  /** Run just the engine, the baselines and the ablations whose name contains this. */
  only?: string;
  /** Calibrate the coverage gate on the tuning half and write it into this calibration file. */
  calibrationFile?: string;
}

export async function evalRealtimeQa(
  dir: string,
  cache: string,
  open: (corpus: string) => Promise<{ engine: AnswerEngine; articles: ReadonlyMap<string, StoredArticle> }>,
  options: RealtimeQaOptions = {},
): Promise<void> {
  const { only, calibrationFile } = options;
  const set = loadRealtimeSet(dir);
  const { engine, articles } = await open(set.corpus);
  const tuning = set.questions.filter((question) => halfOf(question.qid) === 'tuning');
  const checking = set.questions.filter((question) => halfOf(question.qid) === 'checking');
  const gate = await calibrateCoverage(engine, tuning);
  if (calibrationFile) {
    const previous = JSON.parse(readFileSync(calibrationFile, 'utf8')) as Record<string, unknown>;
    const coverageMeasured = {
      set: 'realtimeqa-dev, tuning half',
      command: 'npm run eval -- --set realtimeqa --calibrate',
      answered: Number(gate.answered.toFixed(3)),
      abstained: Number(gate.abstained.toFixed(3)),
      at: new Date().toISOString().slice(0, 10),
    };
    const record = { ...previous, minCoverage: gate.minCoverage, coverageWaivedAt: gate.coverageWaivedAt ?? undefined, coverageMeasured };
    writeFileSync(calibrationFile, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`wrote ${calibrationFile} (the rows below still use the calibration loaded at start; rerun to see it)`);
  }
  const systems: System[] = [
    engineSystem(engine, 'engine (defaults)'),
    bm25Baseline(articles, { asOf: true }),
    bm25Baseline(articles, { asOf: false }),
    ...ABLATIONS.filter(({ name }) => only === undefined || name.includes(only)).map(({ name, settings, ignoreAsOf }) =>
      engineSystem(engine, name, settings, ignoreAsOf),
    ),
  ];
  console.log(
    `\n== RealTime QA dev set (${dir}); halves by SHA-1 of qid (first byte even = tuning); hit = answer quote from the gold article holding the answer`,
  );
  const paraphrases = realtimeParaphrases(set.questions);
  const paraphraseRows: string[] = [];
  let header = false;
  for (const system of systems) {
    const started = performance.now();
    // The baselines never change with the engine: their figures are kept beside the index (keyed by the set's bytes).
    const cached = system.name.startsWith('BM25')
      ? join(cache, `realtimeqa-${setKey(dir)}-${system.name.replace(/\W+/g, '-')}.json`)
      : undefined;
    const [onTuning, onChecking] =
      cached && existsSync(cached)
        ? (JSON.parse(readFileSync(cached, 'utf8')) as [Figures, Figures])
        : [await measure(system, tuning, articles), await measure(system, checking, articles)];
    if (cached) writeFileSync(cached, JSON.stringify([onTuning, onChecking]));
    if (!header) console.log(formatHeader(onTuning, onChecking));
    header = true;
    console.log(formatRow(system.name, onTuning, onChecking));
    if (!cached) {
      const [original, reworded] = [
        await measure(
          system,
          paraphrases.map(({ original }) => original),
          articles,
        ),
        await measure(
          system,
          paraphrases.map(({ reworded }) => reworded),
          articles,
        ),
      ];
      paraphraseRows.push(formatRow(system.name, original, reworded));
    }
    console.error(`(${system.name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  console.log(`\n== Paraphrase set (eval/paraphrases.jsonl): ${paraphrases.length} tuning-half questions, original wording | reworded`);
  console.log(`${'system'.padEnd(44)} | hit@1 hit@3 MRR@5  ans%  abs% !vb late | hit@1 hit@3 MRR@5  ans%  abs% !vb late`);
  for (const row of paraphraseRows) console.log(row);
}
