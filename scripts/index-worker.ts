// `npm run index-worker`: helps a Postgres build in progress (started with `npm run index -- --store postgres --workers N`).
import { parseArgs } from 'node:util';
import { loadEngineConfig } from '../src/config.ts';
import { SetupError } from '../src/domain/errors.ts';
import { describeStore, runIndexWorker } from '../src/openArchive.ts';

const USAGE = 'usage: npm run index-worker -- [--wait SECONDS]';

try {
  const { values } = parseArgs({
    options: { wait: { type: 'string', default: '60' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    console.log(
      `${USAGE}\n  claims batches of the build in progress in DATABASE_URL, analyses and embeds them, until none is left;` +
        '\n  --wait: how long to wait for a build to start (default 60 s)',
    );
    process.exit(0);
  }
  const waitSeconds = Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
    console.error(`error: --wait is a number of seconds, not "${values.wait}". See \`npm run index-worker -- --help\`.`);
    process.exit(2);
  }
  const config = loadEngineConfig();
  if (!config.databaseUrl) {
    console.error('error: npm run index-worker needs DATABASE_URL (postgres://user:password@host:5432/database).');
    process.exit(2);
  }
  console.log(`Helping the build in ${await describeStore(config)} with ${config.embeddingModel}`);
  const started = Date.now();
  const report = await runIndexWorker(config.databaseUrl, config, { waitMs: waitSeconds * 1000, log: console.log });
  const cpu = process.cpuUsage();
  console.log(
    `worked: ${report.batches} batches, ${report.articles} articles, ${report.passages} passages in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`,
  );
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`error: ${error.message.replace(/\s*\n\s*/g, ' ')}`);
  process.exitCode = 1;
}
