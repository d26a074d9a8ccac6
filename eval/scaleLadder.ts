// `npm run bench -- --scale`: Reuters repeated with fresh ids and shifted dates to larger archives, each built and served in
// fresh processes: build CPU and peak RSS, index size, serving RSS, cold start, answer p50/p95, and the fits over sizes.
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { loadEngineConfig } from '../src/config.ts';
import { openArchive } from '../src/openArchive.ts';
import { isGraphFile } from '../src/index/graphSegments.ts';
import type { IndexManifest } from '../src/index/types.ts';

export interface LadderOptions {
  /** The Reuters JSONL file repeated to each size. */
  source: string;
  /** Where corpora and indexes are generated (outside the repository; they are large). */
  workDir: string;
  sizes: number[];
  /** Questions answered per size (after 10 to warm up). */
  queries: string[];
  /** The project root: `node bin/run.mjs` runs the CLI from there. */
  root: string;
  /** The command serving one size in a fresh process, given `--scale-serve <index> --scale-queries <file>` (eval/scaleServe.ts). */
  selfCommand: string[];
  /** Keep each size's corpus and index (default: removed once measured, they take gigabytes). */
  keep: boolean;
  log: (line: string) => void;
}

/** What one process used, from its own `process.resourceUsage()` (worker threads included). */
interface Usage {
  cpuS: number;
  peakRssMB: number;
  wallS: number;
}

export interface ServeFigures {
  /** RSS with the archive open, before any question, and after them all. */
  openRssMB: number;
  servingRssMB: number;
  openMs: number;
  answers: { queries: number; wallP50: number; wallP95: number; cpuP50: number; cpuP95: number };
}

export interface SizeFigures {
  articles: number;
  /** Passages, and the dense graphs they are searched through (a graph per SEGMENT_PASSAGES). */
  passages: number;
  graphs: number;
  build: Usage;
  indexMB: number;
  serve: ServeFigures;
  /** `npm run ask -- --index … --json "…"`, twice: wall, and CPU of the whole process tree (npm and node). */
  coldStart: { wallS: number[]; cpuS: number[] };
}

/** Prints `process.resourceUsage()` as one `USAGE {...}` line on stderr when the process exits. */
const USAGE_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); " +
      'writeSync(2, `\\nUSAGE ${JSON.stringify({ cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6, peakRssMB: u.maxRSS / 1024 })}\\n`); });',
  );

export async function runLadder(options: LadderOptions): Promise<{ sizes: SizeFigures[]; fits: Record<string, string> }> {
  mkdirSync(options.workDir, { recursive: true });
  const results: SizeFigures[] = [];
  for (const size of options.sizes) {
    const corpus = join(options.workDir, `reuters-x${size}.jsonl`);
    const indexDir = join(options.workDir, `index-${size}`);
    const articles = await repeatCorpus(options.source, size, corpus);
    options.log(`== ${articles} articles: building ${indexDir}`);
    rmSync(indexDir, { recursive: true, force: true });
    const build = runMeasured(['bin/run.mjs', 'index', '--corpus', corpus, '--out', indexDir, '--skip-invalid'], options.root, process.env);
    if (!build.ok) throw new Error(`building ${articles} articles failed: ${build.tail}`);
    const indexMB = folderBytes(indexDir) / 2 ** 20;
    const manifest = JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8')) as IndexManifest;
    const queriesFile = join(options.workDir, 'queries.json');
    writeFileSync(queriesFile, JSON.stringify(options.queries));
    const serve = spawnSync(process.execPath, [...options.selfCommand, '--scale-serve', indexDir, '--scale-queries', queriesFile], {
      cwd: options.root,
      env: { ...process.env, CORPUS: corpus },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (serve.status !== 0) throw new Error(`serving ${indexDir} failed (exit ${serve.status})`);
    const coldStart = { wallS: [] as number[], cpuS: [] as number[] };
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      const ask = spawnSync('npm', ['run', '--silent', 'ask', '--', '--index', indexDir, '--json', 'cocoa prices in Brazil'], {
        cwd: options.root,
        env: { ...process.env, CORPUS: corpus, NODE_OPTIONS: `--import=${USAGE_HOOK}` },
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      coldStart.wallS.push((performance.now() - started) / 1000);
      const usages = usagesOf(ask.stderr);
      coldStart.cpuS.push(usages.length > 0 ? usages.reduce((sum, usage) => sum + usage.cpuS, 0) : Number.NaN);
    }
    const figures: SizeFigures = {
      articles,
      passages: manifest.counts.passages,
      graphs: Object.keys(manifest.files).filter(isGraphFile).length,
      build: build.usage,
      indexMB,
      serve: JSON.parse(serve.stdout) as ServeFigures,
      coldStart,
    };
    options.log(JSON.stringify(figures));
    results.push(figures);
    if (!options.keep) {
      // The index is a link to the build's own folder: both go.
      rmSync(realpathSync(indexDir), { recursive: true, force: true });
      rmSync(indexDir, { recursive: true, force: true });
      rmSync(corpus, { force: true });
    }
  }
  return { sizes: results, fits: fitsOf(results) };
}

/**
 * Writes `size` articles to `file`: the source's articles in order, again and again, copy k with ids suffixed `~k` and
 * dates k years later, so no two articles share an id and each copy is a later archive. Line by line: memory stays flat.
 */
async function repeatCorpus(source: string, size: number, file: string): Promise<number> {
  if (existsSync(file) && statSync(file).size > 0) return size;
  const out = createWriteStream(`${file}.part`);
  let written = 0;
  for (let copy = 0; written < size; copy++) {
    const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
    for await (const line of lines) {
      if (written >= size) break;
      if (!line.trim()) continue;
      const article = JSON.parse(line) as { id: string; date: string; text?: string };
      if (!article.text?.trim()) continue;
      const year = Number(article.date.slice(0, 4)) + copy;
      const shifted = { ...article, id: copy === 0 ? article.id : `${article.id}~${copy}`, date: `${year}${article.date.slice(4)}` };
      if (!out.write(`${JSON.stringify(shifted)}\n`)) await once(out, 'drain');
      written++;
    }
    if (copy > 1000) throw new Error(`${source} holds no article with text`);
  }
  out.end();
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(`${file}.part`, file);
  return written;
}

function runMeasured(args: string[], cwd: string, env: NodeJS.ProcessEnv): { ok: boolean; usage: Usage; tail: string } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [`--import=${USAGE_HOOK}`, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallS = (performance.now() - started) / 1000;
  const usage = usagesOf(child.stderr).at(-1);
  return {
    ok: child.status === 0 && usage !== undefined,
    usage: { cpuS: usage?.cpuS ?? Number.NaN, peakRssMB: usage?.peakRssMB ?? Number.NaN, wallS },
    tail: child.stderr.trim().split('\n').slice(-3).join(' | '),
  };
}

/** The USAGE lines of every process that printed one (npm and the node it starts both do), in exit order. */
function usagesOf(stderr: string): { cpuS: number; peakRssMB: number }[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('USAGE '))
    .map((line) => JSON.parse(line.slice(6)) as { cpuS: number; peakRssMB: number });
}

function folderBytes(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(folder, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(path) : statSync(path).size);
  }, 0);
}

/** In this (fresh) process: open the archive as the bot does and answer the questions; figures as JSON on stdout. */
export async function serveOnce(indexDir: string, queries: string[]): Promise<ServeFigures> {
  const config = { ...loadEngineConfig(), indexDir };
  const started = performance.now();
  const archive = await openArchive(config);
  const openMs = performance.now() - started;
  const openRssMB = process.memoryUsage().rss / 2 ** 20;
  for (const question of queries.slice(0, 10)) await archive.ask({ question });
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const question of queries) {
    const cpuStart = process.cpuUsage();
    const begun = performance.now();
    await archive.ask({ question });
    wall.push(performance.now() - begun);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const servingRssMB = process.memoryUsage().rss / 2 ** 20;
  await archive.close();
  return {
    openRssMB,
    servingRssMB,
    openMs,
    answers: {
      queries: queries.length,
      wallP50: percentile(wall, 0.5),
      wallP95: percentile(wall, 0.95),
      cpuP50: percentile(cpu, 0.5),
      cpuP95: percentile(cpu, 0.95),
    },
  };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Least squares: `a + b·N` for what grows linearly, `c·N^k` for answer times (fitted on logs). */
function fitsOf(results: SizeFigures[]): Record<string, string> {
  if (results.length < 2) return {};
  const n = results.map((result) => result.articles);
  const linear = (name: string, unit: string, perThousand: number, pick: (result: SizeFigures) => number) => {
    const { intercept, slope } = leastSquares(n, results.map(pick));
    return [name, `${intercept.toFixed(1)} ${unit} + ${(slope * perThousand).toFixed(2)} ${unit} per 1,000 articles`] as const;
  };
  const power = (name: string, pick: (result: SizeFigures) => number) => {
    const { slope } = leastSquares(
      n.map(Math.log),
      results.map((result) => Math.log(pick(result))),
    );
    return [name, `grows as N^${slope.toFixed(2)}`] as const;
  };
  return Object.fromEntries([
    linear('build CPU', 's', 1000, (result) => result.build.cpuS),
    linear('build peak RSS', 'MB', 1000, (result) => result.build.peakRssMB),
    linear('index size', 'MB', 1000, (result) => result.indexMB),
    linear('serving RSS', 'MB', 1000, (result) => result.serve.servingRssMB),
    linear('cold start CPU', 's', 1000, (result) => Math.min(...result.coldStart.cpuS)),
    power('answer p50 wall', (result) => result.serve.answers.wallP50),
    power('answer p95 wall', (result) => result.serve.answers.wallP95),
    power('answer p95 CPU', (result) => result.serve.answers.cpuP95),
  ]);
}

function leastSquares(x: number[], y: number[]): { intercept: number; slope: number } {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [mx, my] = [mean(x), mean(y)];
  const slope = x.reduce((sum, xi, i) => sum + (xi - mx) * (y[i] - my), 0) / x.reduce((sum, xi) => sum + (xi - mx) ** 2, 0);
  return { intercept: my - slope * mx, slope };
}
