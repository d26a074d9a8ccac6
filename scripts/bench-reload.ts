// `npm run bench:reload`: a hot reload on Reuters-21578 (+100 articles, then −100): time, memory before/during/after,
// questions answered meanwhile, and the longest event-loop stall (over the whole reload, and while the new index loads).
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEngineConfig } from '../src/config.ts';
import { INDEX_FILES } from '../src/index/files.ts';
import { buildArchiveIndex } from '../src/openArchive.ts';
import { LiveArchive, type ReloadReport } from '../src/ops/liveArchive.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: resolve(root, '../shared/corpora/reuters21578/reuters21578.jsonl') },
    /** Outside the repository: the working corpus file and its index (built once, a few minutes). */
    cache: { type: 'string', default: resolve(root, '../cache/live') },
    added: { type: 'string', default: '100' },
  },
});
const added = Number(values.added);
/** Generic news questions, asked in a loop while the reload runs (none from an evaluation set). */
const QUESTIONS = [
  'What did the company say about its quarterly profit?',
  'Who raised interest rates?',
  'What happened to oil prices?',
  'What did the central bank say about the dollar?',
];

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:reload does)');
if (!existsSync(values.corpus)) {
  console.log(`skipped: ${values.corpus} not found`);
  process.exit(0);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
function memory(): { rss: number; heap: number; external: number } {
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed, external: usage.external + usage.arrayBuffers };
}
function settled(): ReturnType<typeof memory> {
  gc!();
  gc!();
  return memory();
}
const show = (label: string, m: ReturnType<typeof memory>) =>
  console.log(
    `  ${label.padEnd(34)} RSS ${mb(m.rss).padStart(7)}  JS heap ${mb(m.heap).padStart(7)}  buffers ${mb(m.external).padStart(6)}`,
  );

const lines = readFileSync(values.corpus, 'utf8')
  .split('\n')
  .filter((line) => line.trim());
const base = lines.slice(0, -added);
const extra = lines.slice(-added);
mkdirSync(values.cache, { recursive: true });
const liveCorpus = join(values.cache, 'reuters-live.jsonl');
writeFileSync(liveCorpus, `${base.join('\n')}\n`);
const config = loadEngineConfig({ ...process.env, CORPUS: liveCorpus, INDEX_DIR: join(values.cache, 'reuters-index') });

if (!existsSync(join(config.indexDir, INDEX_FILES.manifest))) {
  console.error(`Building the base index once (${base.length} articles) in ${config.indexDir}…`);
  const report = await buildArchiveIndex(config, { skipInvalid: true });
  console.error(`built in ${(report.ms / 1000).toFixed(0)} s`);
}
const live = await LiveArchive.open(config);
// An earlier run may have stopped with the extra articles still in: bring the index back to the base corpus.
const synced = await live.reload();
console.log(`Reload benchmark: Reuters-21578, ${synced.articles} articles served (${process.platform}, node ${process.version})`);
console.log(`no-change reload: ${(synced.ms / 1000).toFixed(1)} s (${synced.added} added, ${synced.removed} removed)`);

/** Reloads while asking a question every 100 ms, sampling memory and event-loop delay. */
async function measuredReload(label: string): Promise<ReloadReport> {
  const before = settled();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let peak = before;
  /** When each stall of the event loop ended and how long it was (gaps of the 50 ms sampler beyond its period). */
  const stalls: { end: number; ms: number }[] = [];
  let lastTick = performance.now();
  const sampler = setInterval(() => {
    const now = memory();
    if (now.rss > peak.rss) peak = now;
    const tick = performance.now();
    stalls.push({ end: tick, ms: Math.max(0, tick - lastTick - 50) });
    lastTick = tick;
  }, 50);
  const latencies: number[] = [];
  let failed = 0;
  let done = false;
  const asking = (async () => {
    for (let i = 0; !done; i++) {
      const started = performance.now();
      try {
        await live.archive.ask({ question: QUESTIONS[i % QUESTIONS.length] });
        latencies.push(performance.now() - started);
      } catch {
        failed++;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const report = await live.reload();
  const loadEnded = performance.now();
  done = true;
  await asking;
  clearInterval(sampler);
  delay.disable();
  const swapped = memory();
  const after = settled();
  latencies.sort((a, b) => a - b);
  // The load is the end of the reload: stalls that ended after it began, up to the first tick after it.
  const loading = stalls.filter((stall) => stall.end >= loadEnded - report.loadMs && stall.end <= loadEnded + 60);
  const loadStall = Math.max(0, ...loading.map((stall) => stall.ms));
  console.log(`\n== ${label}`);
  console.log(
    `reload ${(report.ms / 1000).toFixed(1)} s: articles ${report.added} added, ${report.changed} changed, ${report.removed} removed; ` +
      `passages ${report.embeddedPassages} embedded, ${report.reusedPassages} reused; ${report.articles} articles served; build child peak RSS ${mb(report.buildMaxRssBytes)}`,
  );
  console.log(
    `questions during the reload: ${latencies.length} answered, ${failed} failed; latency p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(0)} ms, ` +
      `max ${latencies.at(-1)?.toFixed(0)} ms`,
  );
  console.log(
    `longest event-loop stall: ${(delay.max / 1e6).toFixed(0)} ms over the whole reload; ${loadStall.toFixed(0)} ms while the bot loaded ` +
      `the new index (${(report.loadMs / 1000).toFixed(1)} s of the reload; load average ${loadavg()[0].toFixed(1)})`,
  );
  show('before (settled)', before);
  show('during (peak, sampled every 50 ms)', peak);
  show('right after the swap', swapped);
  show('after (old index released, settled)', after);
  return report;
}

appendFileSync(liveCorpus, `${extra.join('\n')}\n`);
await measuredReload(`+${added} articles`);
writeFileSync(liveCorpus, `${base.join('\n')}\n`);
await measuredReload(`−${added} articles (back to the base corpus)`);
