// The RealTime QA development set (../shared/corpora/realtimeqa-dev): the engine, plain BM25 and ablations, per half.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import type { StoredArticle } from '../src/domain/article.ts';
import type { Answer, Quote } from '../src/domain/answer.ts';

export interface RealtimeQuestion {
  qid: string;
  question: string;
  /** The day the question was asked: the engine's "as of". */
  questionDate: string;
  /** Gold article and answer string; absent for an unanswerable question. */
  gold?: { article: string; expect: string };
}

export type Half = 'tuning' | 'checking';

/**
 * The fixed split: a question is in the tuning half when the first byte of the SHA-1 of its `qid` is
 * even, else in the checking half. Chosen before any figure was looked at; never changed.
 */
export function halfOf(qid: string): Half {
  return createHash('sha1').update(qid).digest()[0] % 2 === 0 ? 'tuning' : 'checking';
}

export interface RealtimeSet {
  corpus: string;
  questions: RealtimeQuestion[];
}

/** The set as read from `dir`: the corpus path (indexed as is) and every question, answerable first. */
export function loadRealtimeSet(dir: string): RealtimeSet {
  const lines = (file: string): Record<string, string>[] =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Record<string, string>);
  const answerable = lines('questions.jsonl').map((record) => ({
    qid: record.qid,
    question: record.question,
    questionDate: record.question_date,
    gold: { article: record.article, expect: record.expect },
  }));
  const unanswerable = lines('unanswerable.jsonl').map((record) => ({
    qid: record.qid,
    question: record.question,
    questionDate: record.question_date,
  }));
  return { corpus: join(dir, 'corpus.jsonl'), questions: [...answerable, ...unanswerable] };
}

/** A system under test: answers a question as of a day, best quote first (near misses flagged). */
export interface System {
  name: string;
  answer(question: string, asOf: string): Promise<Answer>;
}

export interface Figures {
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt3: number;
  mrrAt5: number;
  /** Share of answerable questions answered (not abstained). */
  answered: number;
  /** Share of unanswerable questions abstained on. */
  abstained: number;
  /** Quotes (or highlights) that are not exact substrings of their article: must be 0. */
  notVerbatim: number;
  /** Quotes from articles published after the question's day. */
  afterAsOf: number;
}

/** A hit: a quote shown as an answer (not a near miss, not a further passage) from the gold article whose text holds the answer, case-insensitively. */
function isHit(quote: Quote, gold: { article: string; expect: string }): boolean {
  return (
    !quote.nearMiss && !quote.further && quote.article === gold.article && quote.text.toLowerCase().includes(gold.expect.toLowerCase())
  );
}

/** Runs `system` on `questions` and measures it. */
export async function measure(
  system: System,
  questions: RealtimeQuestion[],
  articles: ReadonlyMap<string, StoredArticle>,
): Promise<Figures> {
  let hit1 = 0;
  let hit3 = 0;
  let mrr = 0;
  let answered = 0;
  let abstained = 0;
  let notVerbatim = 0;
  let afterAsOf = 0;
  let answerable = 0;
  for (const question of questions) {
    const answer = await system.answer(question.question, question.questionDate);
    for (const quote of answer.quotes) {
      const text = articles.get(quote.article)?.text ?? '';
      if (!text.includes(quote.text) || !quote.text.includes(quote.highlight)) notVerbatim++;
      if (quote.date > question.questionDate) afterAsOf++;
    }
    if (!question.gold) {
      if (!answer.answered) abstained++;
      continue;
    }
    answerable++;
    if (answer.answered) answered++;
    const gold = question.gold;
    const rank = answer.quotes.slice(0, 5).findIndex((quote) => isHit(quote, gold));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  const unanswerable = questions.length - answerable;
  const share = (count: number, of: number): number => (of ? count / of : 0);
  return {
    answerable,
    unanswerable,
    hitAt1: share(hit1, answerable),
    hitAt3: share(hit3, answerable),
    mrrAt5: share(mrr, answerable),
    answered: share(answered, answerable),
    abstained: share(abstained, unanswerable),
    notVerbatim,
    afterAsOf,
  };
}

/** Sentences per window of the baseline. */
const WINDOW_SENTENCES = 3;

/**
 * The baseline a user could write in an afternoon: MiniSearch with its default options over windows of
 * three consecutive sentences (a window starting at every sentence), the top five windows quoted as they
 * are, never abstaining. Articles published after the question's day are not searched.
 */
export function bm25Baseline(articles: ReadonlyMap<string, StoredArticle>, options: { asOf: boolean }): System {
  interface Window {
    id: number;
    article: StoredArticle;
    first: number;
    last: number;
    text: string;
  }
  const windows: Window[] = [];
  for (const article of articles.values()) {
    const count = article.sentences.length;
    for (let first = 0; first < Math.max(1, count - WINDOW_SENTENCES + 1); first++) {
      const last = Math.min(count - 1, first + WINDOW_SENTENCES - 1);
      const text = article.text.slice(article.sentences[first].start, article.sentences[last].end);
      windows.push({ id: windows.length, article, first, last, text });
    }
  }
  let search: MiniSearch<Window> | undefined;
  return {
    name: options.asOf ? 'BM25 3-sentence windows, as of (baseline)' : 'BM25 3-sentence windows, all dates',
    answer: async (question, asOf) => {
      if (!search) {
        search = new MiniSearch<Window>({ fields: ['text'], storeFields: [] });
        search.addAll(windows);
      }
      const results = options.asOf
        ? search.search(question, { filter: (result) => windows[result.id as number].article.date <= asOf })
        : search.search(question);
      const quotes: Quote[] = results.slice(0, 5).map((result) => {
        const window = windows[result.id as number];
        const { sentences, text } = window.article;
        return {
          article: window.article.id,
          date: window.article.date,
          text: window.text,
          highlight: text.slice(sentences[window.first].start, sentences[window.first].end),
          score: result.score,
        };
      });
      return { query: question, answered: quotes.length > 0, quotes };
    },
  };
}

const pct = (value: number): string => `${(100 * value).toFixed(1)}`.padStart(5);
const num = (value: number): string => value.toFixed(3);

/** One table row: a system's figures on the tuning half, then on the checking half. */
export function formatRow(name: string, tuning: Figures, checking: Figures): string {
  const cells = (f: Figures): string =>
    `${num(f.hitAt1)} ${num(f.hitAt3)} ${num(f.mrrAt5)} ${pct(f.answered)} ${pct(f.abstained)} ${String(f.notVerbatim).padStart(3)} ${String(f.afterAsOf).padStart(4)}`;
  return `${name.slice(0, 44).padEnd(44)} | ${cells(tuning)} | ${cells(checking)}`;
}

export function formatHeader(tuning: Figures, checking: Figures): string {
  const head = 'hit@1 hit@3 MRR@5  ans%  abs% !vb late';
  return [
    `${''.padEnd(44)} | tuning: ${tuning.answerable} + ${tuning.unanswerable} unanswerable`.padEnd(83) +
      `| checking: ${checking.answerable} + ${checking.unanswerable}`,
    `${'system'.padEnd(44)} | ${head} | ${head}`,
    `(ans% = answerable answered, abs% = unanswerable abstained on, !vb = quotes not verbatim, late = quotes published after the question's day)`,
  ].join('\n');
}
