// `npm run bench`: latency per stage, cold start, HNSW recall@10 against brute force, and memory, for the seeds and a Reuters index.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEngineConfig, type EngineConfig } from '../src/config.ts';
import { recoverIndex } from '../src/index/files.ts';
import type { StageTimings } from '../src/search/engine.ts';
import { loadQuestions } from '../eval/answers.ts';
import { benchmarkQueries, mulberry32 } from '../eval/queries.ts';
import { EntityLookup } from '../src/lookup/lookup.ts';
import { buildArchiveIndex, openArchive, openEngine } from '../src/openArchive.ts';
import { runBurst } from '../eval/burst.ts';
import type { Archive } from '../src/archive.ts';
import { benchStores, measureProcess, type Store } from '../eval/storeBench.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/corpus/sentences.ts';

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
    'stores-cache': { type: 'string', default: resolve(root, '../cache/pg') },
    shards: { type: 'string', default: '2' },
    /** Internal: one bot process of `--stores`. */
    'store-one': { type: 'string' },
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

if (values['store-one'] || values.stores) {
  const config = { ...loadEngineConfig(), corpus: values['reuters-corpus'] };
  const queries = () =>
    queriesFor({ name: 'reuters', corpus: values['reuters-corpus'], indexDir: '' }, readArticles(values['reuters-corpus']), queryCount);
  if (values['store-one']) await measureProcess(values['store-one'] as Store, config, queries());
  else {
    await benchStores({
      config,
      corpus: values['reuters-corpus'],
      cache: values['stores-cache'],
      queries: queries(),
      shards: Number(values.shards),
      selfCommand: [
        process.execPath,
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        ...passThrough(),
        '--stores-cache',
        values['stores-cache'],
      ],
      log,
    });
  }
} else if (values.one || values.burst) {
  const name = values.one ?? values.burst;
  const target = targets.find((candidate) => candidate.name === name);
  if (!target) throw new Error(`unknown target ${name}`);
  await (values.one ? measure(target) : burst(target));
} else {
  console.log(
    `Benchmark (${queryCount} warm queries per index; ${process.platform}, node ${process.version}, ${(await import('node:os')).cpus().length} cores)`,
  );
  for (const target of targets) {
    if (!existsSync(target.corpus)) {
      console.log(`\n== ${target.name}: skipped, ${target.corpus} not found`);
      continue;
    }
    await ensureBuilt(target);
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', target.name, ...passThrough()], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) console.log(`(${target.name} benchmark exited with ${child.status})`);
    coldStart(target);
    const burstChild = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--burst', target.name, ...passThrough()],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (burstChild.status !== 0) console.log(`(${target.name} burst exited with ${burstChild.status})`);
  }
}

function passThrough(): string[] {
  return [
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

async function measure(target: Target): Promise<void> {
  const config = configFor(target);
  const loadStarted = performance.now();
  const { engine, index, embedder } = await openEngine(config, { log });
  const loadMs = performance.now() - loadStarted;
  const rssLoaded = process.memoryUsage().rss;
  const verification = checksumCost(index.dir, Object.keys(index.manifest.files));
  const queries = queriesFor(target, index.articles, queryCount);

  for (const query of queries.slice(0, 20)) await engine.ask(query);
  const timings: (StageTimings & { total: number })[] = [];
  let answered = 0;
  for (const query of queries) {
    const started = performance.now();
    const traced = await engine.askTraced(query);
    timings.push({ ...traced.timings, total: performance.now() - started });
    if (traced.answer.answered) answered++;
  }
  const rssWarm = process.memoryUsage().rss;

  const { counts } = index.manifest;
  console.log(
    `\n== ${target.name}: ${counts.articles} articles, ${counts.passages} passages, ${index.manifest.model.dimensions} dims (${target.indexDir})`,
  );
  console.log(
    `load (index + model + lexical index): ${(loadMs / 1000).toFixed(2)} s; RSS after loading ${mb(rssLoaded)}, after the queries ${mb(rssWarm)}`,
  );
  console.log(
    `checksum verification at load (read + sha256 of ${mb(verification.bytes)} in ${Object.keys(index.manifest.files).length} files): ` +
      `${verification.totalMs.toFixed(0)} ms, of which sha256 ${verification.hashMs.toFixed(0)} ms (median of 5)`,
  );
  console.log(`warm latency over ${timings.length} queries (${answered} answered), ms:`);
  console.log('stage              p50      p95');
  for (const stage of ['embed', 'dense', 'lexical', 'quotes', 'total'] as const) {
    const label =
      stage === 'quotes' ? 'fusion+quotes' : stage === 'dense' ? 'dense search' : stage === 'lexical' ? 'lexical search' : stage;
    const series = timings.map((timing) => timing[stage]);
    console.log(`${label.padEnd(15)} ${percentile(series, 50).toFixed(2).padStart(7)}  ${percentile(series, 95).toFixed(2).padStart(7)}`);
  }

  // Person autocomplete, which the bot answers inside Discord's 3 s: directory build, then typed prefixes of real names.
  let started = performance.now();
  const lookup = new EntityLookup([...index.articles.values()]);
  const directoryMs = performance.now() - started;
  const prefixes = lookup.directory.people.flatMap(({ name }) => [1, 3, 6].map((length) => name.slice(0, length).toLowerCase()));
  started = performance.now();
  for (const prefix of prefixes) lookup.suggestPeople(prefix);
  const completeMs = prefixes.length ? (performance.now() - started) / prefixes.length : 0;
  console.log(
    `person autocomplete: directory of ${lookup.directory.people.length} people built in ${directoryMs.toFixed(0)} ms; ` +
      `${completeMs.toFixed(3)} ms/query over ${prefixes.length} prefixes`,
  );

  // HNSW recall@10 against exact search over the same stored vectors, with the benchmark's own question vectors.
  const vectors = await embedder.embed(queries);
  console.log(
    `HNSW recall@10 vs brute force (${vectors.length} question vectors, M=${index.manifest.hnsw.m}, efConstruction=${index.manifest.hnsw.efConstruction}):`,
  );
  for (const ef of [...new Set([16, 32, 64, config.hnsw.efSearch, 256])].sort((a, b) => a - b)) {
    let found = 0;
    let approximateMs = 0;
    let exactMs = 0;
    for (const vector of vectors) {
      let started = performance.now();
      const approximate = index.dense.approximate(vector, 10, ef).map((hit) => hit.passageId);
      approximateMs += performance.now() - started;
      started = performance.now();
      const exact = new Set(index.dense.exact(vector, 10).map((hit) => hit.passageId));
      exactMs += performance.now() - started;
      found += approximate.filter((id) => exact.has(id)).length;
    }
    const mark = ef === config.hnsw.efSearch ? '  <- configured (HNSW_EF_SEARCH)' : '';
    console.log(
      `  ef=${String(ef).padEnd(4)} recall@10 ${((100 * found) / (10 * vectors.length)).toFixed(1)}%  ` +
        `(${(approximateMs / vectors.length).toFixed(3)} ms/query vs ${(exactMs / vectors.length).toFixed(3)} ms brute force)${mark}`,
    );
  }
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

/** Start → first answer for a fresh process: the CLI answering one question with --json. */
function coldStart(target: Target): void {
  const question = target.name === 'seeds' ? 'What did Imran Khan say about the cypher?' : 'cocoa prices in Brazil';
  const runs: number[] = [];
  let status: number | null = 0;
  for (let run = 0; run < 2; run++) {
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/ask.ts'), '--json', '--index', target.indexDir, question],
      {
        cwd: root,
        env: { ...process.env, CORPUS: target.corpus },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    runs.push(performance.now() - started);
    status = child.status;
  }
  console.log(
    `cold start (new process → first answer, \`ask --json\`): ${runs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}${status === 0 ? '' : ` (exit ${status})`}`,
  );
}

/** The corpus's articles with their sentences, for picking benchmark questions without opening an index. */
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
async function burst(target: Target): Promise<void> {
  const archive = await openArchive(configFor(target), { log });
  const result = await runBurst(archive, {
    asks: Number(values['burst-asks']),
    users: 20,
    mentions: Number(values['burst-mentions']),
    questions: burstQuestions(target, archive),
  });
  for (const error of result.errors.slice(0, 3)) console.log(`  bot error during the burst: ${error}`);
  const acks = result.ackMs;
  const over = (ms: number) => acks.filter((ack) => ack > ms).length;
  console.log(
    `burst of ${acks.length} /ask from 20 users + ${values['burst-mentions']} mentions (${target.name}): acknowledgement p50 ${percentile(acks, 50).toFixed(0)} ms, ` +
      `p99 ${percentile(acks, 99).toFixed(0)} ms, max ${Math.max(...acks).toFixed(0)} ms; over 1 s: ${over(1000)}, over 3 s: ${over(3000)}; ` +
      `${result.asksAnswered} asks and ${result.mentionsAnswered} mentions answered, ${result.searchedBeforeAck} searches before their acknowledgement`,
  );
}

/** The seeds' evaluation questions; for another corpus, 250 article titles picked by a fixed-seed generator. */
function burstQuestions(target: Target, archive: Archive): string[] {
  if (target.name === 'seeds') return loadQuestions(join(root, 'tests/fixtures/seed-questions.jsonl')).map((q) => q.question);
  const random = mulberry32(7);
  const titles = archive
    .dates({ from: '0001-01-01', to: '9999-12-31' })
    .published.flatMap((article) => (article.title ? [article.title.toLowerCase()] : []));
  return Array.from({ length: 250 }, () => titles[Math.floor(random() * titles.length)]);
}

function percentile(series: number[], p: number): number {
  const sorted = [...series].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
