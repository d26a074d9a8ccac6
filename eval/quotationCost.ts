// The quotation stage's CPU time on a Reuters sample: this code against a git revision's, alternated in one process, beside the whole analysis.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { loadCorpus } from '../src/corpus/load.ts';
import type { Article, Sentence } from '../src/domain/article.ts';
import type { PersonMention } from '../src/domain/mentions.ts';
import { analyseArticle } from '../src/index/analyse.ts';
import { findQuotations, type QuotationInput } from '../src/quotations/extract.ts';

export interface QuotationCostOptions {
  /** The repository whose revision `baseline` names. */
  root: string;
  corpus: string;
  baseline: string;
  /** Articles measured: every n-th article of the corpus, to this many. */
  sample: number;
  rounds: number;
  log: (line: string) => void;
}

export interface QuotationCost {
  articles: number;
  rounds: number;
  /** CPU ms of the quotation stage over the sample, summed over the rounds. */
  baselineMs: number;
  currentMs: number;
  /** CPU ms of one whole analysis of the sample (sentences, people, dates, quotations), this code. */
  analysisMs: number;
}

type FindQuotations = (input: QuotationInput) => unknown[];

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** The revision's `src/` unpacked into a temporary folder that resolves packages from this checkout; removed by the caller. */
function unpackRevision(root: string, revision: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'quotation-baseline-'));
  const archive = join(folder, 'src.tar');
  for (const [command, args] of [
    ['git', ['-C', root, 'archive', `--output=${archive}`, revision, 'src']],
    ['tar', ['-xf', archive, '-C', folder]],
  ] as const) {
    const run = spawnSync(command, args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr.trim()}`);
  }
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'));
  return folder;
}

/**
 * Times `findQuotations` of this code and of `baseline` on the same articles, sentences and people, alternately
 * (baseline, this code) for `rounds` rounds, so machine load falls on both alike; the whole analysis once beside.
 */
export async function measureQuotationCost(options: QuotationCostOptions): Promise<QuotationCost> {
  const { articles: all } = loadCorpus(options.corpus, { skipInvalid: true });
  const every = Math.max(1, Math.floor(all.length / options.sample));
  const articles: Article[] = all.filter((_, i) => i % every === 0).slice(0, options.sample);
  const folder = unpackRevision(options.root, options.baseline);
  try {
    const baselineModule = (await tsImport(pathToFileURL(join(folder, 'src/quotations/extract.ts')).href, import.meta.url)) as {
      findQuotations: FindQuotations;
    };
    options.log(`quotation cost: ${articles.length} Reuters articles, this code against ${options.baseline}, ${options.rounds} rounds`);
    const started = process.cpuUsage();
    const inputs: { text: string; sentences: Sentence[]; people: PersonMention[] }[] = articles.map((article) => {
      const { sentences, entities } = analyseArticle({ article });
      return { text: article.text, sentences, people: entities.people };
    });
    const analysisMs = cpuMs(started);
    const stage = (find: FindQuotations) => {
      const since = process.cpuUsage();
      for (const input of inputs) find(input);
      return cpuMs(since);
    };
    // One unmeasured pass of each first: compiling the rules' regular expressions is not the stage's cost per article.
    stage(baselineModule.findQuotations);
    stage(findQuotations);
    let baselineMs = 0;
    let currentMs = 0;
    for (let round = 0; round < options.rounds; round++) {
      baselineMs += stage(baselineModule.findQuotations);
      currentMs += stage(findQuotations);
    }
    return { articles: articles.length, rounds: options.rounds, baselineMs, currentMs, analysisMs };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The figures as lines: the stage per round, its change, and that change as a share of the analysis. */
export function formatQuotationCost(cost: QuotationCost, baseline: string): string[] {
  const perRound = (ms: number) => (ms / cost.rounds).toFixed(0);
  const change = (cost.currentMs - cost.baselineMs) / cost.rounds;
  return [
    `quotation stage CPU over ${cost.articles} Reuters articles (mean of ${cost.rounds} alternated rounds): ${baseline} ${perRound(cost.baselineMs)} ms, this code ${perRound(cost.currentMs)} ms (${((cost.currentMs / cost.baselineMs - 1) * 100).toFixed(1)} %)`,
    `whole analysis of the same articles (sentences, people, dates, quotations): ${cost.analysisMs.toFixed(0)} ms; the change is ${((change / cost.analysisMs) * 100).toFixed(2)} % of it`,
  ];
}
