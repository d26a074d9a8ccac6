// `npm run index`: builds (or incrementally rebuilds) the search index from a corpus.
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import cliProgress from 'cli-progress';
import { loadEngineConfig } from '../src/config.ts';
import { SetupError } from '../src/domain/errors.ts';
import { type BuildProgress } from '../src/index/build.ts';
import { describeStore, rebuildArchive } from '../src/openArchive.ts';

const USAGE = 'usage: npm run index -- [--corpus PATH] [--out DIR | --store postgres [--workers N]] [--skip-invalid]';

/**
 * This process's heaps (this thread's and the analysis worker's) grow to 1.5× what they hold after a major collection
 * before the next one, not V8's own up to 4×: most of a build's peak RSS was that headroom, and the heaps hold little
 * (README, "At scale"). No cap: a heap still grows as far as what it holds needs.
 */
setFlagsFromString('--heap-growing-percent=50');

/** Options that do not go together; shown with the usage line. */
class UsageError extends Error {}

try {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      out: { type: 'string' },
      store: { type: 'string', default: 'files' },
      'skip-invalid': { type: 'boolean', default: false },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      `${USAGE}\n  defaults: CORPUS (seeds) and INDEX_DIR (data/index) from the environment or .env` +
        '\n  --store postgres: build into the PostgreSQL + pgvector database at DATABASE_URL instead of INDEX_DIR' +
        '\n  --workers N: share the analysis and embedding among N worker processes here (0: none), and more started with' +
        '\n    `npm run index-worker` on any machine with the same DATABASE_URL; the build is switched in when all is done',
    );
    process.exit(0);
  }
  if (values.store !== 'files' && values.store !== 'postgres') throw new UsageError(`--store is files or postgres, not "${values.store}"`);
  const config = loadEngineConfig();
  const corpus = values.corpus ?? config.corpus;
  const url = values.store === 'postgres' ? config.databaseUrl : undefined;
  if (values.store === 'postgres' && !url)
    throw new UsageError('--store postgres needs DATABASE_URL (postgres://user:password@host:5432/database)');
  if (url && values.out) throw new UsageError('--out names a folder; with --store postgres the archive goes to DATABASE_URL');
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!url || !Number.isInteger(workers) || workers < 0))
    throw new UsageError(`--workers is a number of workers (0 or more) for --store postgres, not "${values.workers}"`);
  const out = values.out ?? config.indexDir;
  // The store the build writes: the database with --store postgres, else the index folder (whatever DATABASE_URL says).
  const target = { ...config, indexDir: out, databaseUrl: url };
  console.log(`Indexing ${corpus} → ${await describeStore(target)} with ${config.embeddingModel}`);
  const progress = process.stdout.isTTY && !process.env.CI ? progressBar() : progressLines();
  const report = await rebuildArchive(target, {
    corpus,
    skipInvalid: values['skip-invalid'],
    ...(workers !== undefined ? { workers } : {}),
    onProgress: progress.update,
    log: console.log,
  });
  progress.stop();

  for (const { source, reason } of report.skipped.slice(0, 10)) console.log(`skipped ${source}: ${reason}`);
  if (report.skippedCount > 10) console.log(`skipped ${report.skippedCount - 10} more`);
  for (const { source, reason } of report.warnings) console.log(`warning: ${source}: ${reason}`);
  if (report.removedLeftovers.length > 0) console.log(`removed ${report.removedLeftovers.length} leftovers of killed builds`);
  if (report.previousUnusable) console.log(`previous index not reused: ${report.previousUnusable}`);
  const { counts } = report.manifest;
  const seconds = report.ms / 1000;
  console.log(
    [
      `articles:  ${counts.articles} (${report.skippedCount} skipped)`,
      `passages:  ${counts.passages} (${counts.sentences} sentences)`,
      `reused ${report.reusedPassages} passages, embedded ${report.embeddedPassages}; entities extracted for ${report.extractedArticles} articles`,
      `time:      ${seconds.toFixed(1)} s, ${(counts.passages / seconds).toFixed(0)} passages/s (${phases(report.phaseMs)})`,
      `on disk:   ${formatBytes(report.bytesOnDisk)} in ${report.dir}`,
    ].join('\n'),
  );
} catch (error) {
  if (error instanceof SetupError) {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  } else if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    // A usage mistake: one line and where the usage is, exit 2 (as `npm run ask`).
    console.error(`error: ${error.message.split('\n')[0].replace(/\.?\s*$/, '.')} See \`npm run index -- --help\`.`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}

interface ProgressView {
  update(progress: BuildProgress): void;
  stop(): void;
}

function progressBar(): ProgressView {
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {value}/{total} {unit} | {speed}/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  let phaseStart = Date.now();
  return {
    update({ phase: next, done, total }) {
      if (next !== phase) {
        if (phase) bar.stop();
        phase = next;
        phaseStart = Date.now();
        bar.start(total, done, { phase: label(next), unit: unit(next), speed: 0 });
        return;
      }
      bar.update(done, { speed: Math.round(done / Math.max((Date.now() - phaseStart) / 1000, 1e-3)) });
    },
    stop() {
      if (phase) bar.stop();
    },
  };
}

/** Without a terminal (CI, logs): a line when a phase starts and ends, and at each quarter of a long one. */
function progressLines(): ProgressView {
  let phase: string | undefined;
  let phaseStart = Date.now();
  let quarter = 0;
  return {
    update({ phase: next, done, total }) {
      if (next !== phase) {
        phase = next;
        phaseStart = Date.now();
        quarter = 0;
        console.log(`${label(next)}: ${total} ${unit(next)}…`);
      }
      const reached = Math.floor((done / Math.max(total, 1)) * 4);
      if (total >= 1000 && reached > quarter && done < total) {
        quarter = reached;
        console.log(`${label(next)}: ${done}/${total} after ${((Date.now() - phaseStart) / 1000).toFixed(0)} s`);
      }
      if (done === total && total > 0) {
        const seconds = (Date.now() - phaseStart) / 1000;
        console.log(`${label(next)}: done in ${seconds.toFixed(1)} s (${(total / Math.max(seconds, 1e-3)).toFixed(0)} ${unit(next)}/s)`);
      }
    },
    stop() {},
  };
}

function label(phase: BuildProgress['phase']): string {
  return { analyse: 'analysing', embed: 'embedding', graph: 'building graph' }[phase];
}

function unit(phase: BuildProgress['phase']): string {
  return phase === 'analyse' ? 'articles' : 'passages';
}

function phases(ms: Record<string, number>): string {
  return Object.entries(ms)
    .map(([phase, value]) => `${phase} ${(value / 1000).toFixed(1)} s`)
    .join(', ');
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
