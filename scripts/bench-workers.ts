// `npm run bench-workers -- [--corpus PATH] [--workers N] [--batch ARTICLES]`: the shared part of a Postgres build with
// workers against the database at DATABASE_URL — batches planned, claimed, analysed, embedded and written back by N
// worker processes here (0: only `npm run index-worker` elsewhere), then read back in corpus order — without writing a
// build, so it runs on a PostgreSQL without pgvector too. Prints the wall time and each process's CPU.
import { parseArgs } from 'node:util';
import { loadEngineConfig } from '../src/config.ts';
import { SetupError } from '../src/domain/errors.ts';
import { startBuild } from '../src/index/build.ts';
import { createPool } from '../src/index/postgres/connect.ts';
import { DEFAULT_BATCH_ARTICLES, deriveWithWorkers } from '../src/index/postgres/workers.ts';

const USAGE = 'usage: npm run bench-workers -- [--corpus PATH] [--workers N] [--batch ARTICLES]';

const { values } = parseArgs({
  options: { corpus: { type: 'string' }, workers: { type: 'string', default: '1' }, batch: { type: 'string' } },
});
const workers = Number(values.workers);
const batchArticles = Number(values.batch ?? DEFAULT_BATCH_ARTICLES);
const config = loadEngineConfig();
if (!config.databaseUrl || !Number.isInteger(workers) || workers < 0 || !Number.isInteger(batchArticles) || batchArticles < 1) {
  console.error(`error: needs DATABASE_URL, a number of workers and of articles per batch. ${USAGE}`);
  process.exit(2);
}
const start = await startBuild(config, { corpus: values.corpus ?? config.corpus, skipInvalid: true });
const pool = createPool(config.databaseUrl, config.postgres, { max: 2, purpose: 'build' });
const began = Date.now();
const before = process.cpuUsage();
try {
  // The batches read back in corpus order, as a build writes them, but not written.
  const derived = await deriveWithWorkers(
    pool,
    { url: config.databaseUrl, config },
    start,
    { workers, batchArticles, log: console.log },
    async (batches) => {
      const count = { articles: 0, passages: 0 };
      const client = await pool.connect();
      try {
        for await (const batch of batches(client)) {
          count.articles += batch.stored.length;
          count.passages += batch.passages.length;
        }
      } finally {
        client.release();
      }
      return count;
    },
  );
  const cpu = process.cpuUsage(before);
  console.log(
    `${derived.articles} articles, ${derived.passages} passages derived by workers in ${((Date.now() - began) / 1000).toFixed(1)} s ` +
      `(coordinator ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s)`,
  );
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
