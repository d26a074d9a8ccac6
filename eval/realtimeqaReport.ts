// `npm run eval -- --set realtimeqa`: prints the engine, the BM25 baseline and each ablation on both halves of the set.
import { DEFAULT_SENTENCE_WEIGHTS } from '../src/search/quotes.ts';
import { DEFAULT_RECENCY, type AnswerEngine, type EngineSettings } from '../src/search/engine.ts';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bm25Baseline, formatHeader, formatRow, halfOf, loadRealtimeSet, measure, type Figures, type System } from './realtimeqa.ts';

/** An idea tried on the set: the engine with some settings changed. */
interface Ablation {
  name: string;
  settings: Partial<EngineSettings>;
}

/** Each idea is the defaults with one thing changed; the name says what. */
const ABLATIONS: (Ablation & { ignoreAsOf?: boolean })[] = [
  { name: 'engine, as of today (before issue 10)', settings: {}, ignoreAsOf: true },
  ...[0.3, 0.6].map((nowWeight) => ({
    name: `recency about-now w=${nowWeight} half-life 7d`,
    settings: { recency: { ...DEFAULT_RECENCY, halfLifeDays: 7, nowWeight } },
  })),
  { name: 'recency all questions w=0.3 half-life 14d', settings: { recency: { halfLifeDays: 14, nowWeight: 0.3, otherWeight: 0.3 } } },
  { name: 'quote +-1 context sentence', settings: { quoteNeighbours: 1 } },
  ...[0.3, 0.5].map((answerType) => ({
    name: `answer-type bonus ${answerType}`,
    settings: { sentenceWeights: { ...DEFAULT_SENTENCE_WEIGHTS, answerType } },
  })),
  { name: 'neighbour key-terms bonus 0.3', settings: { sentenceWeights: { ...DEFAULT_SENTENCE_WEIGHTS, context: 0.3 } } },
  {
    name: 'type 0.3 + neighbour 0.3 + context sentence',
    settings: { quoteNeighbours: 1, sentenceWeights: { ...DEFAULT_SENTENCE_WEIGHTS, answerType: 0.3, context: 0.3 } },
  },
];

function engineSystem(engine: AnswerEngine, name: string, settings: Partial<EngineSettings> = {}, ignoreAsOf = false): System {
  return {
    name,
    answer: async (question, asOf) => (await engine.askTraced(question, { k: 5, ...(ignoreAsOf ? {} : { asOf }) }, settings)).answer,
  };
}

/** `only`: run just the engine, the baselines and the ablations whose name contains it. */
/** A short hash of the set's files and of the baseline's code, so a changed set or baseline is measured afresh. */
function setKey(dir: string): string {
  const hash = createHash('sha256');
  for (const file of ['corpus.jsonl', 'questions.jsonl', 'unanswerable.jsonl']) hash.update(readFileSync(join(dir, file)));
  hash.update(readFileSync(fileURLToPath(new URL('./realtimeqa.ts', import.meta.url))));
  return hash.digest('hex').slice(0, 12);
}

export async function evalRealtimeQa(dir: string, cache: string, open: (corpus: string) => Promise<AnswerEngine>, only?: string): Promise<void> {
  const set = loadRealtimeSet(dir);
  const engine = await open(set.corpus);
  const tuning = set.questions.filter((question) => halfOf(question.qid) === 'tuning');
  const checking = set.questions.filter((question) => halfOf(question.qid) === 'checking');
  const systems: System[] = [
    engineSystem(engine, 'engine (defaults)'),
    bm25Baseline(engine.index.articles, { asOf: true }),
    bm25Baseline(engine.index.articles, { asOf: false }),
    ...ABLATIONS.filter(({ name }) => only === undefined || name.includes(only)).map(({ name, settings, ignoreAsOf }) => engineSystem(engine, name, settings, ignoreAsOf)),
  ];
  console.log(`\n== RealTime QA dev set (${dir}); halves by SHA-1 of qid (first byte even = tuning); hit = answer quote from the gold article holding the answer`);
  let header = false;
  for (const system of systems) {
    const started = performance.now();
    // The baselines never change with the engine: their figures are kept beside the index (keyed by the set's bytes).
    const cached = system.name.startsWith('BM25') ? join(cache, `realtimeqa-${setKey(dir)}-${system.name.replace(/\W+/g, '-')}.json`) : undefined;
    const [onTuning, onChecking] =
      cached && existsSync(cached)
        ? (JSON.parse(readFileSync(cached, 'utf8')) as [Figures, Figures])
        : [await measure(system, tuning, engine.index.articles), await measure(system, checking, engine.index.articles)];
    if (cached) writeFileSync(cached, JSON.stringify([onTuning, onChecking]));
    if (!header) console.log(formatHeader(onTuning, onChecking));
    header = true;
    console.log(formatRow(system.name, onTuning, onChecking));
    console.error(`(${system.name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}
