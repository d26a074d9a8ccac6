// `npm run bench`: latency per stage, cold start, HNSW recall@10 against brute force, and memory, for the seeds and a Reuters index.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEngineConfig, type EngineConfig } from '../src/config.ts';
import { recoverIndex } from '../src/index/files.ts';
import type { StageTimings } from '../src/search/engine.ts';
import { loadQuestions } from '../eval/answers.ts';
import { benchmarkQueries } from '../eval/queries.ts';
import { mulberry32 } from '../eval/random.ts';
import { PersonDirectory } from '../src/entities/people.ts';
import { HnswRetriever } from '../src/retrieval/dense.ts';
import { unpaced } from '../src/pace.ts';
import { buildArchiveIndex, openArchive, openIndexEngine } from '../src/openArchive.ts';
import { runBurst } from '../eval/burst.ts';
import { bruteForceNearest, plainMiniSearch } from '../eval/peers.ts';
import type { Passage, StoredArticle } from '../src/domain/article.ts';
import type { Archive } from '../src/archive.ts';
import {
  benchStores,
  benchWorkerBuilds,
  measureBuildProcess,
  measureProcess,
  printWorkerBuilds,
  type ProcessFigures,
  type Store,
} from '../eval/storeBench.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import { runLadder, serveOnce, type SizeFigures as LadderSize } from '../eval/scaleLadder.ts';
import { formatQuotationCost, measureQuotationCost } from '../eval/quotationCost.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    queries: { type: 'string', default: '200' },
    'reuters-corpus': { type: 'string', default: resolve(root, '../shared/corpora/reuters21578/reuters21578.jsonl') },
    'reuters-index': { type: 'string', default: resolve(root, '../cache/reuters-index') },
    'seeds-index': { type: 'string', default: resolve(root, '../cache/bench/seeds-index') },
    'skip-reuters': { type: 'boolean', default: false },
    /** Internal: measure one index in this (fresh) process, so its memory figure is its own. */
    one: { type: 'string' },
    /** Internal: run the Discord burst on one index in this (fresh) process. */
    burst: { type: 'string' },
    'burst-asks': { type: 'string', default: '200' },
    'burst-mentions': { type: 'string', default: '50' },
    /** The embedded store vs Postgres on Reuters (only this): build time, latency, memory, N shard processes. */
    stores: { type: 'boolean', default: false },
    /** Built indexes and databases of `--stores`, kept between runs (full Reuters into PGlite takes minutes). */
    'stores-cache': { type: 'string', default: resolve(root, '../cache/store-bench') },
    /** With --stores: a plain PostgreSQL (no pgvector needed) to time lexical search on as well, e.g. Debian's 15. */
    'stores-plain-postgres': { type: 'string' },
    shards: { type: 'string', default: '2' },
    /** With --stores: archive sizes, as one Reuters article in every N (1: all of it), measured one after the other. */
    'stores-every': { type: 'string', default: '10,1' },
    /** With --stores: build throughput with 0, 1 and 2 workers on one Reuters article in N (0: not measured). */
    'stores-workers-every': { type: 'string', default: '20' },
    /** Internal: one build process of `--stores`' worker bench (`none`, a number of workers, or `help`: a separate worker). */
    'build-one': { type: 'string' },
    /** Internal: one bot process of `--stores`, asking the questions in the JSON file `--store-queries`. */
    'store-one': { type: 'string' },
    'store-queries': { type: 'string' },
    /** One JSON object with every figure on stdout (progress stays on stderr). */
    json: { type: 'boolean', default: false },
    /** The scale ladder (only this): Reuters repeated to each of `--sizes` articles, built and served (eval/scaleLadder.ts). */
    scale: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '100000,300000,1000000' },
    'scale-dir': { type: 'string', default: resolve(root, '../cache/scale-ladder') },
    /** Keep each size's generated corpus and index. */
    keep: { type: 'boolean', default: false },
    /** Internal: serve one index of the ladder in this (fresh) process, with the questions in this file. */
    'scale-serve': { type: 'string' },
    'scale-queries': { type: 'string' },
    /** The quotation stage's CPU time (only this): this code against `--baseline` on a Reuters sample (eval/quotationCost.ts). */
    quotations: { type: 'boolean', default: false },
    baseline: { type: 'string', default: 'main' },
    sample: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '4' },
  },
});
const queryCount = Number(values.queries);
const log = (line: string): void => console.error(line);

interface Target {
  name: string;
  corpus: string;
  indexDir: string;
}
const targets: Target[] = [
  { name: 'seeds', corpus: join(root, 'seeds'), indexDir: values['seeds-index'] },
  ...(values['skip-reuters'] ? [] : [{ name: 'reuters', corpus: values['reuters-corpus'], indexDir: values['reuters-index'] }]),
];

if (values['scale-serve']) {
  const questions = JSON.parse(readFileSync(values['scale-queries']!, 'utf8')) as string[];
  console.log(JSON.stringify(await serveOnce(values['scale-serve'], questions)));
} else if (values.scale) {
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    console.error(`--sizes must be article counts separated by commas (got "${values.sizes}")`);
    process.exit(2);
  }
  const os = await import('node:os');
  const machine = { cores: os.cpus().length, loadAverageBefore: os.loadavg() };
  const reuters = { name: 'reuters', corpus: values['reuters-corpus'], indexDir: '' };
  const ladder = await runLadder({
    source: values['reuters-corpus'],
    workDir: values['scale-dir'],
    sizes,
    queries: queriesFor(reuters, readArticles(values['reuters-corpus']), queryCount),
    root,
    selfCommand: ['--import', 'tsx', fileURLToPath(new URL('../eval/scaleServe.ts', import.meta.url))],
    keep: values.keep,
    log,
  });
  const report = { machine: { ...machine, loadAverageAfter: os.loadavg() }, queries: queryCount, ...ladder };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printLadder(report);
} else if (values['store-one'] || values['build-one'] || values.stores) {
  if (values['build-one']) {
    const what = values['build-one'];
    await measureBuildProcess(loadEngineConfig(), what === 'none' || what === 'help' ? what : Number(what));
  } else if (values['store-one']) {
    const questions = JSON.parse(readFileSync(values['store-queries']!, 'utf8')) as string[];
    await measureProcess(
      values['store-one'] as Store,
      { ...loadEngineConfig(), corpus: values['reuters-corpus'] },
      questions.slice(0, queryCount),
    );
  } else {
    const sizes: SizeFigures[] = [];
    const everies = values['stores-every'].split(',').map(Number);
    const corpusOf = (every: number) =>
      every === 1
        ? values['reuters-corpus']
        : sampleCorpus(values['reuters-corpus'], every, join(values['stores-cache'], `every-${every}`));
    // Every size answers the same questions: titles of the sparsest sample, whose articles every larger size holds.
    const questionCorpus = corpusOf(Math.max(...everies));
    const queries = queriesFor({ name: 'reuters', corpus: questionCorpus, indexDir: '' }, readArticles(questionCorpus), queryCount);
    const questionFile = join(values['stores-cache'], `questions-${queryCount}.json`);
    writeFileSync(questionFile, JSON.stringify(queries));
    for (const every of everies) {
      const cache = join(values['stores-cache'], `every-${every}`);
      const corpus = corpusOf(every);
      const figures = await benchStores({
        config: { ...loadEngineConfig(), corpus },
        corpus,
        cache,
        queries,
        shards: Number(values.shards),
        ...(values['stores-plain-postgres'] ? { plainPostgres: values['stores-plain-postgres'] } : {}),
        selfCommand: [
          process.execPath,
          '--import',
          'tsx',
          fileURLToPath(import.meta.url),
          ...passThrough(),
          // After passThrough's: the last value of an option is the one parsed.
          '--reuters-corpus',
          corpus,
          '--stores-cache',
          cache,
          '--store-queries',
          questionFile,
        ],
        log,
      });
      sizes.push({ articles: readArticles(corpus).size, figures: figures.processes });
    }
    const workersEvery = Number(values['stores-workers-every']);
    const builds =
      workersEvery > 0
        ? await benchWorkerBuilds(corpusOf(workersEvery), [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url)], log)
        : [];
    printSizes(sizes);
    printWorkerBuilds(builds);
  }
} else if (values.quotations) {
  const cost = await measureQuotationCost({
    root,
    corpus: values['reuters-corpus'],
    baseline: values.baseline,
    sample: Number(values.sample),
    rounds: Number(values.rounds),
    log,
  });
  if (values.json) console.log(JSON.stringify(cost));
  else for (const line of formatQuotationCost(cost, values.baseline)) console.log(line);
} else if (values.one || values.burst) {
  const name = values.one ?? values.burst;
  const target = targets.find((candidate) => candidate.name === name);
  if (!target) throw new Error(`unknown target ${name}`);
  if (values.one) {
    const figures = await measure(target);
    if (values.json) console.log(JSON.stringify(figures));
    else printFigures(figures, target.indexDir);
  } else {
    const figures = await burst(target);
    if (values.json) console.log(JSON.stringify(figures));
    else printBurst(figures, target.name);
  }
} else {
  const os = await import('node:os');
  const machine = { platform: process.platform, node: process.version, cores: os.cpus().length, loadAverage: os.loadavg() };
  if (!values.json)
    console.log(`Benchmark (${queryCount} warm queries per index; ${machine.platform}, node ${machine.node}, ${machine.cores} cores)`);
  const report: Record<string, unknown> = {};
  for (const target of targets) {
    if (!existsSync(target.corpus)) {
      if (values.json) report[target.name] = { skipped: `${target.corpus} not found` };
      else console.log(`\n== ${target.name}: skipped, ${target.corpus} not found`);
      continue;
    }
    await ensureBuilt(target);
    const figures = runChild(['--one', target.name]);
    const cold = coldStart(target);
    if (!values.json)
      console.log(
        `cold start (new process → first answer, \`ask --json\`): ${cold.runsMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}${cold.status === 0 ? '' : ` (exit ${cold.status})`}`,
      );
    const burstFigures = runChild(['--burst', target.name]);
    report[target.name] = { ...(figures as object), coldStart: cold, burst: burstFigures };
  }
  if (values.json) console.log(JSON.stringify({ machine, queries: queryCount, indexes: report }, null, 2));
}

/** Runs this script again in a fresh process (its memory figures are its own): its JSON with `--json`, else its report. */
function runChild(args: string[]): unknown {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args, ...passThrough()], {
    cwd: root,
    stdio: ['ignore', values.json ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) {
    const problem = `${args.join(' ')} exited with ${child.status}`;
    if (!values.json) console.log(`(${problem})`);
    return { failed: problem };
  }
  return values.json ? JSON.parse(child.stdout) : undefined;
}

function passThrough(): string[] {
  return [
    ...(values.json ? ['--json'] : []),
    '--queries',
    values.queries,
    '--reuters-corpus',
    values['reuters-corpus'],
    '--reuters-index',
    values['reuters-index'],
    '--seeds-index',
    values['seeds-index'],
  ];
}

function configFor(target: Target): EngineConfig {
  return { ...loadEngineConfig(), corpus: target.corpus, indexDir: target.indexDir };
}

/** Builds the index when there is none (Reuters takes minutes once; it is cached outside the repo). */
async function ensureBuilt(target: Target): Promise<void> {
  if (recoverIndex(target.indexDir)) return;
  log(`No index at ${target.indexDir}: building it from ${target.corpus} (once; Reuters takes a few minutes)…`);
  const report = await buildArchiveIndex(configFor(target), { skipInvalid: true });
  log(
    `Built ${report.manifest.counts.passages} passages from ${report.manifest.counts.articles} articles in ${(report.ms / 1000).toFixed(0)} s.`,
  );
}

/** Every figure of one index, as `--json` prints it (milliseconds and MB unless named otherwise). */
interface IndexFigures {
  name: string;
  articles: number;
  passages: number;
  sentences: number;
  dimensions: number;
  /** The index's own last build, from its manifest (an incremental one reuses what did not change). */
  lastBuild: { ms: number; passagesPerSecond: number; embeddedPassages: number; reusedPassages: number };
  /** The floor under a build: the model embedding passages alone (up to 2,000 of them), on one core. */
  embeddingAlone: { passages: number; passagesPerSecond: number };
  load: { ms: number; checksumMs: number; checksumHashMs: number; checksumBytes: number };
  memory: { afterLoadMB: number; afterQueriesMB: number; peakOverQueriesMB: number };
  answers: {
    queries: number;
    answered: number;
    wall: Percentiles;
    cpu: Percentiles;
    /** Total CPU over total wall time of the questions: 1 means one core busy, no spinning helper threads. */
    cpuPerWall: number;
    stages: Record<'embed' | 'dense' | 'lexical' | 'quotes', Percentiles>;
  };
  /** The same questions through plain MiniSearch (defaults) over the same passages, top 50. */
  lexicalPeer: { name: string; buildMs: number; wall: Percentiles; projectOverPeerP50: number; projectOverPeerP95: number };
  /** The question vectors through HNSW and through exact tight-loop brute force. */
  dense: {
    bruteForceMs: number;
    recall: { ef: number; recallAt10: number; hnswMs: number; engineExactMs: number; configured: boolean }[];
    /** The engine's exact scan (used for date-filtered searches) over the plain loop, per query. */
    engineExactOverPlainLoop: number;
  };
  /** The people directory: read from the index (as the bot opens it) vs built from the articles (as a build does). */
  autocomplete: { people: number; directoryFromIndexMs: number; directoryFromArticlesMs: number; msPerPrefix: number };
}

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

async function measure(target: Target): Promise<IndexFigures> {
  const config = configFor(target);
  const loadStarted = performance.now();
  const { engine, index, embedder } = await openIndexEngine(config, { log });
  // HNSW recall is measured on the graph itself (its approximate and exact searches).
  if (!(index.dense instanceof HnswRetriever))
    throw new Error('npm run bench measures an HNSW graph; the index files hold another dense index');
  const graph = index.dense;
  const loadMs = performance.now() - loadStarted;
  const rssLoaded = process.memoryUsage().rss;
  const verification = checksumCost(index.dir, Object.keys(index.manifest.files));
  const queries = queriesFor(target, index.articles, queryCount);

  for (const query of queries.slice(0, 20)) await engine.ask({ question: query });
  const timings: (StageTimings & { total: number; cpu: number })[] = [];
  let answered = 0;
  let peakRss = process.memoryUsage().rss;
  const allCpu = process.cpuUsage();
  const allStarted = performance.now();
  for (const query of queries) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const traced = await engine.askTraced({ question: query });
    const total = performance.now() - started;
    const used = process.cpuUsage(cpu);
    timings.push({ ...traced.timings, total, cpu: (used.user + used.system) / 1000 });
    if (traced.answer.answered) answered++;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const allUsed = process.cpuUsage(allCpu);
  const cpuPerWall = (allUsed.user + allUsed.system) / 1000 / (performance.now() - allStarted);
  const rssWarm = process.memoryUsage().rss;
  const series = (pick: (timing: (typeof timings)[number]) => number): Percentiles => percentiles(timings.map(pick));

  // The lexical peer: plain MiniSearch over the same passages, the same questions, top 50.
  let started = performance.now();
  const peer = plainMiniSearch(index.passages, index.articles);
  const peerBuildMs = performance.now() - started;
  for (const query of queries.slice(0, 20)) peer(query, 50);
  const peerMs = queries.map((query) => {
    const begun = performance.now();
    peer(query, 50);
    return performance.now() - begun;
  });
  const lexical = series((timing) => timing.lexical);
  const peerWall = percentiles(peerMs);

  // Person autocomplete, which the bot answers inside Discord's 3 s: directory build, then typed prefixes of real names.
  started = performance.now();
  const directory = await PersonDirectory.fromStored(index.people, unpaced);
  const directoryFromIndexMs = performance.now() - started;
  started = performance.now();
  await PersonDirectory.create([...index.articles.values()], unpaced);
  const directoryFromArticlesMs = performance.now() - started;
  const prefixes = directory.people.flatMap(({ name }) => [1, 3, 6].map((length) => name.slice(0, length).toLowerCase()));
  started = performance.now();
  for (const prefix of prefixes) directory.complete(prefix);
  const completeMs = prefixes.length ? (performance.now() - started) / prefixes.length : 0;

  // Dense: HNSW recall@10 against the exact answer, and the engine's exact scan against the plain loop.
  const vectors = await embedder.embed(queries);
  const dimensions = index.manifest.model.dimensions;
  const held = index.vectors.read(0, index.vectors.count);
  started = performance.now();
  const truth = vectors.map((vector) => new Set(bruteForceNearest(held, dimensions, vector, 10)));
  const bruteForceMs = (performance.now() - started) / vectors.length;
  const recall = [...new Set([16, 32, 64, config.hnsw.efSearch, 256])]
    .sort((a, b) => a - b)
    .map((ef) => {
      let found = 0;
      let hnswMs = 0;
      let engineExactMs = 0;
      vectors.forEach((vector, i) => {
        let begun = performance.now();
        const approximate = graph.approximate(vector, 10, ef).map((hit) => hit.passageId);
        hnswMs += performance.now() - begun;
        begun = performance.now();
        graph.exact(vector, 10);
        engineExactMs += performance.now() - begun;
        found += approximate.filter((id) => truth[i].has(id)).length;
      });
      const per = (ms: number) => ms / vectors.length;
      return {
        ef,
        recallAt10: found / (10 * vectors.length),
        hnswMs: per(hnswMs),
        engineExactMs: per(engineExactMs),
        configured: ef === config.hnsw.efSearch,
      };
    });

  // The floor under a build: the model alone over (up to) 2,000 passages.
  const sample = index.passages.slice(0, 2_000).map((passage) => sentenceTextOf(index.articles.get(passage.articleId)!, passage));
  started = performance.now();
  await embedder.embed(sample);
  const embedMs = performance.now() - started;

  const { counts, lastBuild, buildMs } = index.manifest;
  const engineExact = recall.find((row) => row.configured)!.engineExactMs;
  return {
    name: target.name,
    articles: counts.articles,
    passages: counts.passages,
    sentences: counts.sentences,
    dimensions,
    lastBuild: {
      ms: buildMs,
      passagesPerSecond: counts.passages / (buildMs / 1000),
      embeddedPassages: lastBuild.embeddedPassages,
      reusedPassages: lastBuild.reusedPassages,
    },
    embeddingAlone: { passages: sample.length, passagesPerSecond: sample.length / (embedMs / 1000) },
    load: { ms: loadMs, checksumMs: verification.totalMs, checksumHashMs: verification.hashMs, checksumBytes: verification.bytes },
    memory: { afterLoadMB: mb(rssLoaded), afterQueriesMB: mb(rssWarm), peakOverQueriesMB: mb(peakRss) },
    answers: {
      queries: timings.length,
      answered,
      wall: series((timing) => timing.total),
      cpu: series((timing) => timing.cpu),
      cpuPerWall,
      stages: {
        embed: series((timing) => timing.embed),
        dense: series((timing) => timing.dense),
        lexical,
        quotes: series((timing) => timing.quotes),
      },
    },
    lexicalPeer: {
      name: 'MiniSearch 7 (defaults)',
      buildMs: peerBuildMs,
      wall: peerWall,
      projectOverPeerP50: lexical.p50 / peerWall.p50,
      projectOverPeerP95: lexical.p95 / peerWall.p95,
    },
    dense: { bruteForceMs, recall, engineExactOverPlainLoop: engineExact / bruteForceMs },
    autocomplete: { people: directory.people.length, directoryFromIndexMs, directoryFromArticlesMs, msPerPrefix: completeMs },
  };
}

/** The human-readable report of `figures`. */
function printFigures(figures: IndexFigures, indexDir: string): void {
  const f = figures;
  const ms = (value: number) => value.toFixed(2).padStart(7);
  const row = (label: string, p: Percentiles) => console.log(`${label.padEnd(22)} ${ms(p.p50)}  ${ms(p.p95)}  ${ms(p.p99)}`);
  console.log(
    `\n== ${f.name}: ${f.articles} articles, ${f.passages} passages, ${f.sentences} sentences, ${f.dimensions} dims (${indexDir})`,
  );
  console.log(
    `last build of this index: ${(f.lastBuild.ms / 1000).toFixed(1)} s, ${f.lastBuild.passagesPerSecond.toFixed(0)} passages/s ` +
      `(${f.lastBuild.embeddedPassages} embedded, ${f.lastBuild.reusedPassages} reused); ` +
      `the model alone embeds ${f.embeddingAlone.passagesPerSecond.toFixed(0)} passages/s (${f.embeddingAlone.passages} passages)`,
  );
  console.log(
    `load (index + model + lexical index): ${(f.load.ms / 1000).toFixed(2)} s, of which checksums ${f.load.checksumMs.toFixed(0)} ms ` +
      `(sha256 ${f.load.checksumHashMs.toFixed(0)} ms over ${(f.load.checksumBytes / 1048576).toFixed(0)} MB, median of 5)`,
  );
  console.log(
    `memory (RSS): ${f.memory.afterLoadMB.toFixed(0)} MB after loading, ${f.memory.afterQueriesMB.toFixed(0)} MB after the questions, ` +
      `peak ${f.memory.peakOverQueriesMB.toFixed(0)} MB`,
  );
  console.log(`${f.answers.queries} warm questions (${f.answers.answered} answered); CPU/wall ${f.answers.cpuPerWall.toFixed(2)}; ms:`);
  console.log(`${''.padEnd(22)}     p50      p95      p99`);
  row('answer, wall', f.answers.wall);
  row('answer, CPU', f.answers.cpu);
  row('  embed question', f.answers.stages.embed);
  row('  dense search', f.answers.stages.dense);
  row('  lexical search', f.answers.stages.lexical);
  row('  fusion + quotes', f.answers.stages.quotes);
  row(`peer: ${f.lexicalPeer.name}`, f.lexicalPeer.wall);
  console.log(
    `lexical stage vs peer: the peer takes ${(1 / f.lexicalPeer.projectOverPeerP50).toFixed(1)}× as long at p50, ` +
      `${(1 / f.lexicalPeer.projectOverPeerP95).toFixed(1)}× at p95 (peer index built in ${(f.lexicalPeer.buildMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `HNSW recall@10 vs exact tight-loop brute force (${f.dense.bruteForceMs.toFixed(3)} ms/query; the engine's exact scan is ` +
      `${f.dense.engineExactOverPlainLoop.toFixed(2)}× the plain loop):`,
  );
  for (const r of f.dense.recall) {
    console.log(
      `  ef=${String(r.ef).padEnd(4)} recall@10 ${(100 * r.recallAt10).toFixed(1)}%  ${r.hnswMs.toFixed(3)} ms/query ` +
        `(brute force / HNSW ${(f.dense.bruteForceMs / r.hnswMs).toFixed(1)}×)${r.configured ? '  <- configured (HNSW_EF_SEARCH)' : ''}`,
    );
  }
  console.log(
    `person autocomplete: directory of ${f.autocomplete.people} people read from the index in ${f.autocomplete.directoryFromIndexMs.toFixed(0)} ms ` +
      `(built from the articles: ${f.autocomplete.directoryFromArticlesMs.toFixed(0)} ms); ` +
      `${f.autocomplete.msPerPrefix.toFixed(3)} ms/query`,
  );
}

function percentiles(series: number[]): Percentiles {
  return { p50: percentile(series, 50), p95: percentile(series, 95), p99: percentile(series, 99) };
}

function sentenceTextOf(article: StoredArticle, passage: Passage): string {
  return article.text.slice(passage.start, passage.end);
}

/** `count` queries (eval/queries.ts): for the seeds, the evaluation questions first. */
function queriesFor(
  target: Target,
  articles: ReadonlyMap<string, { title?: string; text: string; sentences: { start: number; end: number }[] }>,
  count: number,
): string[] {
  const first = target.name === 'seeds' ? loadQuestions(join(root, 'tests/fixtures/seed-questions.jsonl')).map((q) => q.question) : [];
  return benchmarkQueries(articles, count, first);
}

/** Start → first answer for a fresh process: the CLI answering one question with --json, twice. */
function coldStart(target: Target): { runsMs: number[]; status: number | null } {
  const question = target.name === 'seeds' ? 'What did Imran Khan say about the cypher?' : 'cocoa prices in Brazil';
  const runsMs: number[] = [];
  let status: number | null = 0;
  for (let run = 0; run < 2; run++) {
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/ask.ts'), '--json', '--index', target.indexDir, question],
      { cwd: root, env: { ...process.env, CORPUS: target.corpus }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    runsMs.push(performance.now() - started);
    status = child.status;
  }
  return { runsMs, status };
}

/** The corpus's articles with their sentences, for picking benchmark questions without opening an index. */
/** One line in `every` of the JSONL corpus, written once into `cache` (the same sample on every run). */
function sampleCorpus(corpus: string, every: number, cache: string): string {
  const path = join(cache, `sample-every-${every}.jsonl`);
  if (!existsSync(path)) {
    mkdirSync(cache, { recursive: true });
    const lines = readFileSync(corpus, 'utf8')
      .split('\n')
      .filter((line) => line.trim());
    writeFileSync(path, `${lines.filter((_, i) => i % every === 0).join('\n')}\n`);
  }
  return path;
}

interface SizeFigures {
  articles: number;
  figures: ProcessFigures[];
}

/** The stores side by side at each archive size: a bot's memory after its questions, and its answer times. */
function printSizes(sizes: SizeFigures[]): void {
  if (sizes.length < 2) return;
  console.log(
    '\n== Side by side: one bot process per store and size, the same questions (RSS after them, and after a full GC; answer times)',
  );
  console.log('articles  store       RSS open  RSS after  after GC  heap after GC  p50        p95        bot CPU p95  database CPU');
  for (const { articles, figures } of sizes) {
    for (const f of figures) {
      console.log(
        `${String(articles).padStart(8)}  ${f.store.padEnd(10)}  ${`${(f.rssLoaded / 2 ** 20).toFixed(0)} MB`.padStart(8)}  ${`${(f.rssAfter / 2 ** 20).toFixed(0)} MB`.padStart(9)}  ${`${(f.rssAfterGc / 2 ** 20).toFixed(0)} MB`.padStart(8)}  ${`${(f.heapAfterGc / 2 ** 20).toFixed(1)} MB`.padStart(13)}  ${`${f.p50.toFixed(1)} ms`.padEnd(9)}  ${`${f.p95.toFixed(1)} ms`.padEnd(9)}  ${`${f.cpuP95.toFixed(1)} ms`.padEnd(11)}  ${f.databaseCpu === undefined ? '' : `${f.databaseCpu.toFixed(1)} ms`}`,
      );
    }
  }
  const [smallest, largest] = [sizes[0], sizes.at(-1)!];
  for (const store of ['embedded', 'postgres'] as const) {
    const [small, large] = [smallest, largest].map(({ figures }) => figures.find((f) => f.store === store)!);
    for (const [what, rss] of [
      ['RSS after its questions', (f: ProcessFigures) => f.rssAfter],
      ['RSS after a full GC', (f: ProcessFigures) => f.rssAfterGc],
      ['JavaScript heap in use after a full GC', (f: ProcessFigures) => f.heapAfterGc],
    ] as const) {
      const perThousand = (rss(large) - rss(small)) / 2 ** 20 / ((largest.articles - smallest.articles) / 1000);
      console.log(
        `${store}: ${what} at ${largest.articles} articles is ${((100 * rss(large)) / rss(small)).toFixed(1)}% of that at ${smallest.articles} (${perThousand.toFixed(2)} MB per 1,000 articles)`,
      );
    }
  }
}

function readArticles(corpus: string): Map<string, { title?: string; text: string; sentences: { start: number; end: number }[] }> {
  const { articles } = loadCorpus(corpus, { skipInvalid: true });
  return new Map(articles.map((article) => [article.id, { ...article, sentences: splitSentences(article.text) }]));
}

/** What verifying the index's checksums costs at load: reading the files and hashing them (median of 5 runs). */
function checksumCost(dir: string, files: string[]): { bytes: number; totalMs: number; hashMs: number } {
  const build = realpathSync(dir);
  const runs = Array.from({ length: 5 }, () => {
    let hashMs = 0;
    let bytes = 0;
    const started = performance.now();
    for (const file of files) {
      const content = readFileSync(join(build, file));
      const hashed = performance.now();
      createHash('sha256').update(content).digest('hex');
      hashMs += performance.now() - hashed;
      bytes += content.length;
    }
    return { bytes, totalMs: performance.now() - started, hashMs };
  });
  runs.sort((a, b) => a.totalMs - b.totalMs);
  return runs[2];
}

/**
 * 200 /ask from 20 users plus 50 mentions at once, at the real bot on a loopback fake Discord over this index:
 * how long each interaction waits for its acknowledgement (Discord gives up after 3 s).
 */
async function burst(target: Target): Promise<BurstFigures> {
  const archive = await openArchive(configFor(target), { log });
  const result = await runBurst(archive, {
    asks: Number(values['burst-asks']),
    users: 20,
    mentions: Number(values['burst-mentions']),
    questions: await burstQuestions(target, archive),
  });
  const acks = result.ackMs;
  const over = (ms: number) => acks.filter((ack) => ack > ms).length;
  return {
    asks: acks.length,
    mentions: Number(values['burst-mentions']),
    ack: { ...percentiles(acks), max: Math.max(...acks) },
    overOneSecond: over(1000),
    overThreeSeconds: over(3000),
    asksAnswered: result.asksAnswered,
    mentionsAnswered: result.mentionsAnswered,
    searchedBeforeAck: result.searchedBeforeAck,
    errors: result.errors.slice(0, 3),
  };
}

interface BurstFigures {
  asks: number;
  mentions: number;
  ack: Percentiles & { max: number };
  overOneSecond: number;
  overThreeSeconds: number;
  asksAnswered: number;
  mentionsAnswered: number;
  searchedBeforeAck: number;
  errors: string[];
}

function printBurst(f: BurstFigures, name: string): void {
  for (const error of f.errors) console.log(`  bot error during the burst: ${error}`);
  console.log(
    `burst of ${f.asks} /ask from 20 users + ${f.mentions} mentions (${name}): acknowledgement p50 ${f.ack.p50.toFixed(0)} ms, ` +
      `p99 ${f.ack.p99.toFixed(0)} ms, max ${f.ack.max.toFixed(0)} ms; over 1 s: ${f.overOneSecond}, over 3 s: ${f.overThreeSeconds}; ` +
      `${f.asksAnswered} asks and ${f.mentionsAnswered} mentions answered, ${f.searchedBeforeAck} searches before their acknowledgement`,
  );
}

/** The seeds' evaluation questions; for another corpus, 250 article titles picked by a fixed-seed generator. */
async function burstQuestions(target: Target, archive: Archive): Promise<string[]> {
  if (target.name === 'seeds') return loadQuestions(join(root, 'tests/fixtures/seed-questions.jsonl')).map((q) => q.question);
  const random = mulberry32(7);
  const titles = (await archive.sources()).flatMap((article) => (article.title ? [article.title.toLowerCase()] : []));
  return Array.from({ length: 250 }, () => titles[Math.floor(random() * titles.length)]);
}

function percentile(series: number[], p: number): number {
  const sorted = [...series].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function mb(bytes: number): number {
  return bytes / 1024 / 1024;
}

/** The ladder as a table, one size a row, then the fits. */
function printLadder(report: {
  machine: { cores: number; loadAverageBefore: number[] };
  sizes: LadderSize[];
  fits: Record<string, string>;
}): void {
  console.log(
    `Scale ladder (${report.machine.cores} cores, load average before ${report.machine.loadAverageBefore.map((load) => load.toFixed(1)).join(' ')})`,
  );
  console.log('articles   build CPU  build peak RSS  index    serving RSS  cold start (wall / CPU)   answer p50 / p95 wall  p95 CPU');
  for (const size of report.sizes) {
    const cold = size.coldStart.wallS.map((wall, i) => `${wall.toFixed(2)}/${size.coldStart.cpuS[i].toFixed(2)} s`).join(', ');
    console.log(
      `${String(size.articles).padStart(8)}  ${size.build.cpuS.toFixed(0).padStart(7)} s  ${size.build.peakRssMB.toFixed(0).padStart(10)} MB  ${size.indexMB.toFixed(0).padStart(4)} MB  ${size.serve.servingRssMB.toFixed(0).padStart(8)} MB  ${cold.padEnd(24)}  ${size.serve.answers.wallP50.toFixed(1)} / ${size.serve.answers.wallP95.toFixed(1)} ms  ${size.serve.answers.cpuP95.toFixed(1)} ms`,
    );
  }
  for (const [name, fit] of Object.entries(report.fits)) console.log(`fit: ${name}: ${fit}`);
}
