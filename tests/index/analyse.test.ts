// The build's analysis on worker threads gives exactly what one thread gives, in the jobs' order, and a worker's failure fails it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Article } from '../../src/domain/article.ts';
import { analyseArticle, analyseArticles, AnalysisPool, type AnalysisJob } from '../../src/index/analyse.ts';

const seeds = loadCorpus(resolve('seeds')).articles;
const reuters = resolve('../shared/corpora/reuters21578/reuters21578.jsonl');

/** Enough jobs for several chunks: the seeds again and again, under new ids, some with their sentences given. */
const seedJobs: AnalysisJob[] = Array.from({ length: 40 }, (_, i) => {
  const article: Article = { ...seeds[i % seeds.length], id: `copy-${i}` };
  return i % 3 === 0 ? { article, sentences: splitSentences(article.text) } : { article };
});

describe('analyseArticles', () => {
  it('gives on two threads exactly what one thread gives, in order (the seeds, over several chunks)', async () => {
    const progress: number[] = [];
    const threaded = await analyseArticles(seedJobs, { threads: 2, onProgress: (done) => progress.push(done) });
    expect(threaded).toEqual(seedJobs.map(analyseArticle));
    expect(threaded.length).toBe(40);
    expect(progress.at(-1)).toBe(40);
  });

  it('gives the same, batch after batch, when only the worker analyses (a streamed build spares this thread)', async () => {
    const pool = new AnalysisPool(2, true);
    try {
      // Two batches of 40 (two chunks each: worth a worker), the second in reverse order.
      const batches = [seedJobs, [...seedJobs].reverse()];
      const analysed = [await pool.analyse(batches[0]), await pool.analyse(batches[1])];
      expect(analysed).toEqual(batches.map((batch) => batch.map(analyseArticle)));
    } finally {
      await pool.close();
    }
  });

  it.skipIf(!existsSync(reuters))(
    'gives on two threads exactly what one thread gives on 200 Reuters articles (skipped: no ../shared corpora)',
    async () => {
      const jobs = loadCorpus(reuters, { skipInvalid: true })
        .articles.slice(0, 200)
        .map((article) => ({ article }));
      expect(await analyseArticles(jobs, { threads: 2 })).toEqual(await analyseArticles(jobs, { threads: 1 }));
    },
  );

  it('fails when a worker fails on an article, naming the error', async () => {
    const broken = { article: { id: 'broken', date: '2022-01-01', text: null as unknown as string } };
    await expect(analyseArticles([broken, ...seedJobs], { threads: 2 })).rejects.toThrow(/null/);
  });
});
