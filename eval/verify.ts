// Quotation checking measured (issue 21): verdict accuracy on the generated set over the seeds, PolNeAR dev and
// Reuters, no "found" for an absent quotation, and the time per check on the whole Reuters archive.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import type { Article, StoredArticle } from '../src/domain/article.ts';
import type { Verdict } from '../src/domain/verification.ts';
import { PersonDirectory } from '../src/entities/people.ts';
import { analyseArticle } from '../src/index/analyse.ts';
import { unpaced } from '../src/pace.ts';
import { citationOf } from '../src/corpus/label.ts';
import { QuoteVerifier, type VerifierStore } from '../src/verify/verifier.ts';
import { mulberry32 } from './random.ts';
import { archiveShingles, verifyCases, type CaseCounts, type VerifyCase } from './verifySet.ts';

export interface VerifyEvalPaths {
  seeds: string;
  polnear: string;
  reuters: string;
  /** Press releases: the off-topic sentences. */
  isaf: string;
  /** Where the generated set is written, one case per line. */
  setOut: string;
}

const COUNTS: Record<'seeds' | 'polnear' | 'reuters', CaseCounts> = {
  seeds: {
    exact: 4,
    'exact-speaker': 2,
    repunctuated: 3,
    ellipsis: 2,
    trimmed: 4,
    'words-changed': 5,
    'wrong-speaker': 3,
    'absent-near-topic': 5,
    'absent-off-topic': 4,
  },
  polnear: {
    exact: 10,
    'exact-speaker': 8,
    repunctuated: 8,
    ellipsis: 4,
    trimmed: 8,
    'words-changed': 10,
    'wrong-speaker': 8,
    'absent-near-topic': 8,
    'absent-off-topic': 6,
  },
  reuters: {
    exact: 10,
    'exact-speaker': 2,
    repunctuated: 6,
    ellipsis: 4,
    trimmed: 8,
    'words-changed': 10,
    'wrong-speaker': 2,
    'absent-near-topic': 8,
    'absent-off-topic': 6,
  },
};
/** Reuters articles held out of the archive: their sentences are the near-topic absent ones. */
const REUTERS_HELD_OUT = 300;
/** Reuters articles analysed for drawing cases (the rest are analysed only if a check lands on them). */
const REUTERS_DRAWN = 80;

const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

function analysed(article: Article): StoredArticle {
  return { ...article, ...analyseArticle({ article }) };
}

/** An article analysed the first time its sentences or quotations are read: a whole newswire loads in seconds. */
function analysedOnDemand(article: Article): StoredArticle {
  let analysis: ReturnType<typeof analyseArticle> | undefined;
  const analyse = () => (analysis ??= analyseArticle({ article }));
  return Object.defineProperties({ ...article } as StoredArticle, {
    sentences: { get: () => analyse().sentences },
    entities: { get: () => analyse().entities },
  });
}

/** What the checker reads, over analysed articles in memory and their people directory (the eval builds no index). */
export function articlesInMemory(articles: StoredArticle[], directory: PersonDirectory): VerifierStore {
  const byId = new Map(articles.map((article) => [article.id, article]));
  const oldestFirst = [...articles].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id)).map(citationOf);
  return {
    articlesPublished: async () => oldestFirst,
    articles: async (ids) => new Map([...ids].flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : []))),
    people: { resolve: async (name) => directory.resolve(name) },
  };
}

const sentencesOf = (texts: string[]): string[] =>
  texts.flatMap((text) => splitSentences(text).map((sentence) => text.slice(sentence.start, sentence.end).trim()));

interface CorpusRun {
  name: string;
  verifier: QuoteVerifier;
  cases: VerifyCase[];
}

async function prepare(paths: VerifyEvalPaths, log: (line: string) => void): Promise<CorpusRun[]> {
  const random = mulberry32(21);
  const isaf = readJsonl<{ text: string }>(paths.isaf);
  const offTopic = sentencesOf(isaf.slice(0, 120).map((release) => release.text));
  const reutersAll = loadCorpus(paths.reuters, { skipInvalid: true }).articles;
  const southAsia = new Set(
    readFileSync(join(paths.reuters, '..', 'south_asia_ids.txt'), 'utf8')
      .split('\n')
      .filter(Boolean),
  );

  log('verify: seeds…');
  const seeds = loadCorpus(paths.seeds).articles.map(analysed);
  const seedDirectory = await PersonDirectory.create(seeds, unpaced);
  const seedCases = verifyCases({
    name: 'seeds',
    articles: seeds,
    shingles: archiveShingles(seeds.map((article) => article.text)),
    directory: seedDirectory,
    nearTopic: sentencesOf(reutersAll.filter((article) => southAsia.has(article.id)).map((article) => article.text)),
    offTopic,
    counts: COUNTS.seeds,
    seed: 1,
  });

  log('verify: PolNeAR dev…');
  const polnear = readJsonl<Article>(join(paths.polnear, 'dev', 'articles.jsonl')).map(({ id, date, title, text }) =>
    analysed({ id, date, text, ...(title ? { title } : {}) }),
  );
  const polnearDirectory = await PersonDirectory.create(polnear, unpaced);
  const train = readJsonl<Article>(join(paths.polnear, 'train', 'articles.jsonl'));
  const polnearCases = verifyCases({
    name: 'polnear-dev',
    articles: polnear,
    shingles: archiveShingles(polnear.map((article) => article.text)),
    directory: polnearDirectory,
    nearTopic: sentencesOf(train.filter(() => random() < 0.05).map((article) => article.text)),
    offTopic,
    counts: COUNTS.polnear,
    seed: 2,
  });

  log(`verify: Reuters (${reutersAll.length} articles, ${REUTERS_HELD_OUT} held out)…`);
  const heldOut = new Set(reutersAll.filter(() => random() < REUTERS_HELD_OUT / reutersAll.length).map((article) => article.id));
  const reuters = reutersAll.filter((article) => !heldOut.has(article.id)).map(analysedOnDemand);
  const drawn = reuters.filter(() => random() < REUTERS_DRAWN / reuters.length);
  const reutersCases = verifyCases({
    name: 'reuters',
    articles: drawn,
    shingles: archiveShingles(reuters.map((article) => article.text)),
    directory: await PersonDirectory.create(drawn, unpaced),
    nearTopic: sentencesOf(reutersAll.filter((article) => heldOut.has(article.id)).map((article) => article.text)),
    offTopic,
    counts: COUNTS.reuters,
    seed: 3,
  });
  const started = performance.now();
  const reutersVerifier = await QuoteVerifier.create(articlesInMemory(reuters, await PersonDirectory.create(drawn, unpaced)));
  log(`verify: Reuters checker built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return [
    { name: 'seeds', verifier: await QuoteVerifier.create(articlesInMemory(seeds, seedDirectory)), cases: seedCases },
    { name: 'polnear-dev', verifier: await QuoteVerifier.create(articlesInMemory(polnear, polnearDirectory)), cases: polnearCases },
    { name: 'reuters', verifier: reutersVerifier, cases: reutersCases },
  ];
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;

/** Prints the set's figures: accuracy by corpus and by kind, absent cases "found", and time per check on Reuters. */
export async function runVerifyEval(paths: VerifyEvalPaths, verbose: boolean, print: (line: string) => void, log: (line: string) => void) {
  const runs = await prepare(paths, log);
  writeFileSync(paths.setOut, runs.flatMap((run) => run.cases.map((item) => JSON.stringify(item))).join('\n') + '\n');
  const results: { item: VerifyCase; got: Verdict }[] = [];
  const reutersMs: number[] = [];
  const reutersCpuMs: number[] = [];
  for (const run of runs) {
    for (const item of run.cases) {
      // Timed the second time: the first analyses the Reuters article it lands on, which an index has done beforehand.
      if (run.name === 'reuters') await run.verifier.verify(item.quote, item.speaker ? { speaker: item.speaker } : {});
      const [wall, cpu] = [performance.now(), process.cpuUsage()];
      const got = (await run.verifier.verify(item.quote, item.speaker ? { speaker: item.speaker } : {})).verdict;
      if (run.name === 'reuters') {
        reutersMs.push(performance.now() - wall);
        const used = process.cpuUsage(cpu);
        reutersCpuMs.push((used.user + used.system) / 1000);
      }
      results.push({ item, got });
    }
  }
  const accuracy = (subset: typeof results) => `${subset.filter((result) => result.got === result.item.expected).length}/${subset.length}`;
  print(`\n== Quotation checking (issue 21): ${results.length} cases, set written to ${paths.setOut}`);
  print('| corpus | cases | verdict right |');
  print('| --- | --- | --- |');
  for (const run of runs)
    print(`| ${run.name} | ${run.cases.length} | ${accuracy(results.filter((result) => result.item.corpus === run.name))} |`);
  const right = results.filter((result) => result.got === result.item.expected).length;
  print(`| all | ${results.length} | ${accuracy(results)} = ${(right / results.length).toFixed(3)} |`);
  print('\n| kind | expected | verdict right |');
  print('| --- | --- | --- |');
  for (const kind of [...new Set(results.map((result) => result.item.kind))]) {
    const ofKind = results.filter((result) => result.item.kind === kind);
    print(`| ${kind} | ${ofKind[0].item.expected} | ${accuracy(ofKind)} |`);
  }
  const absentFound = results.filter((result) => result.item.expected === 'absent' && result.got !== 'absent').length;
  print(`\nAbsent quotations reported found: ${absentFound}`);
  print(
    `Reuters (${reutersMs.length} checks over ${runs[2].verifier.size} articles): wall p50 ${percentile(reutersMs, 0.5).toFixed(1)} ms, ` +
      `p95 ${percentile(reutersMs, 0.95).toFixed(1)} ms; CPU p50 ${percentile(reutersCpuMs, 0.5).toFixed(1)} ms, p95 ${percentile(reutersCpuMs, 0.95).toFixed(1)} ms`,
  );
  if (verbose)
    for (const { item, got } of results.filter((result) => result.got !== result.item.expected))
      print(
        `  ✗ ${item.corpus} ${item.kind}: expected ${item.expected}, got ${got}: ${JSON.stringify(item.quote)}${item.speaker ? ` — ${item.speaker}` : ''}`,
      );
}
