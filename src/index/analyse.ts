// Analyses articles for the index build (sentences, people, dates, quotations), on every core: worker threads over chunks.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { splitSentences } from '../corpus/sentences.ts';
import type { Article, Sentence } from '../domain/article.ts';
import type { ArticleEntities } from '../domain/mentions.ts';
import { extractEntities } from '../entities/extract.ts';
import { findQuotations } from '../quotations/extract.ts';
import { codeModule, tsxLoaderApi } from '../codeFiles.ts';

/** An article to analyse; with `sentences` (an unchanged article whose extraction code changed) only its entities are found. */
export interface AnalysisJob {
  article: Article;
  sentences?: Sentence[];
}

export interface ArticleAnalysis {
  sentences: Sentence[];
  entities: ArticleEntities;
}

export interface AnalyseOptions {
  /** Called with the number of jobs analysed so far, as chunks complete. */
  onProgress?: (done: number) => void;
  /** Threads to analyse in, this one included; default one per core, or this one alone for under MIN_TEXT_FOR_WORKERS. */
  threads?: number;
}

/** Articles per chunk: enough to make messaging cheap, few enough to keep every core busy to the end. */
const CHUNK = 32;
/**
 * Characters of text below which this thread analyses alone: a worker spends about 1.5 s of CPU loading the NLP
 * libraries and warming up before its first article, what some 250,000 characters of news take to analyse.
 */
const MIN_TEXT_FOR_WORKERS = 500_000;

/** An article's sentences (unless given), its people and dates, and its direct quotations with their speakers. */
export function analyseArticle({ article, sentences = splitSentences(article.text) }: AnalysisJob): ArticleAnalysis {
  const { people, dates } = extractEntities(article, sentences);
  return { sentences, entities: { people, dates, quotations: findQuotations({ text: article.text, sentences, people }) } };
}

/**
 * `analyseArticle` of every job, in order, the same whichever thread analyses which job: chunks of jobs go to
 * whichever thread is free, this one or a worker.
 */
export async function analyseArticles(jobs: AnalysisJob[], options: AnalyseOptions = {}): Promise<ArticleAnalysis[]> {
  const pool = new AnalysisPool(options.threads);
  try {
    return await pool.analyse(jobs, options.onProgress);
  } finally {
    await pool.close();
  }
}

/**
 * Threads analysing batch after batch of jobs (a streamed build's). The workers start with the first batch worth
 * them (MIN_TEXT_FOR_WORKERS) and serve every batch after it: each costs about 1.5 s of CPU before its first article.
 */
export class AnalysisPool {
  private readonly workers: Worker[] = [];

  /**
   * `threads`: see AnalyseOptions. With `spareThisThread` this thread analyses only while there is no worker: a streamed
   * build embeds and writes one batch here while the workers analyse the next, so its heap holds no analysis garbage.
   */
  constructor(
    private readonly threads?: number,
    private readonly spareThisThread = false,
  ) {}

  /** `analyseArticle` of every job, in order; `onProgress` with the number analysed so far, as chunks complete. */
  async analyse(jobs: readonly AnalysisJob[], onProgress?: (done: number) => void): Promise<ArticleAnalysis[]> {
    this.startWorkers(jobs);
    const analyses: ArticleAnalysis[] = new Array(jobs.length);
    let next = 0;
    let done = 0;
    const takeChunks = async (analyse: (chunk: AnalysisJob[]) => Promise<ArticleAnalysis[]>) => {
      while (next < jobs.length) {
        const from = next;
        next += CHUNK;
        const chunk = await analyse(jobs.slice(from, from + CHUNK));
        chunk.forEach((analysis, i) => (analyses[from + i] = analysis));
        done += chunk.length;
        onProgress?.(done);
      }
    };
    // Between its own chunks this thread lets the workers' answers in, so they are given their next chunk at once.
    const here = async (chunk: AnalysisJob[]) => {
      const analysed = chunk.map(analyseArticle);
      await new Promise(setImmediate);
      return analysed;
    };
    const analyseHere = this.workers.length === 0 || !this.spareThisThread;
    try {
      await Promise.all([
        ...this.workers.map((worker) => takeChunks((chunk) => analyseIn(worker, chunk))),
        ...(analyseHere ? [takeChunks(here)] : []),
      ]);
    } finally {
      next = jobs.length;
    }
    return analyses;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  /** Workers for `jobs`, when there are none yet and the jobs are worth them. */
  private startWorkers(jobs: readonly AnalysisJob[]): void {
    if (this.workers.length > 0) return;
    const text = jobs.reduce((sum, job) => sum + job.article.text.length, 0);
    const wanted = Math.min(this.threads ?? (text < MIN_TEXT_FOR_WORKERS ? 1 : availableParallelism()), Math.ceil(jobs.length / CHUNK));
    for (let started = 1; started < wanted; started++) this.workers.push(startWorker());
  }
}

const WORKER = codeModule('./analyseWorker.ts', import.meta.url).href;
const TSX_API = tsxLoaderApi();
/** As TypeScript, the worker registers tsx's loader first (on Node 20 a worker's execArgv cannot); compiled, it is run as is. */
const BOOT = TSX_API
  ? `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); });`
  : `import(${JSON.stringify(WORKER)});`;

function startWorker(): Worker {
  return new Worker(BOOT, { eval: true });
}

/** Posts `jobs` to `worker` and resolves with their analyses; rejects if the worker fails or stops. */
function analyseIn(worker: Worker, jobs: AnalysisJob[]): Promise<ArticleAnalysis[]> {
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      outcome();
    };
    const onMessage = (analyses: ArticleAnalysis[]) => settle(() => resolve(analyses));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) => settle(() => reject(new Error(`an analysis worker stopped (exit ${code})`)));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(jobs);
  });
}
