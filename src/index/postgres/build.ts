// Builds the archive into PostgreSQL: one transaction per build writes a new schema and swaps it in, reusing unchanged articles.
import type pg from 'pg';
import type { EngineConfig } from '../../config.ts';
import type { Passage, StoredArticle } from '../../domain/article.ts';
import { passageTerms, type PassageTerms } from '../../retrieval/pgLexical.ts';
import { vectorLiteral } from '../../retrieval/pgDense.ts';
import {
  buildReport,
  deriveIndex,
  foldBatches,
  manifestOf,
  NO_PREVIOUS_INDEX,
  reusablePrevious,
  startBuild,
  type BuildIndexOptions,
  type BuildReport,
  type BuildStart,
  type DerivedIndex,
  type DerivedSummary,
  type PreviousIndex,
} from '../build.ts';
import type { Embedder } from '../../embedding/embedder.ts';
import { ArchiveUnavailableError } from '../../domain/errors.ts';
import { SentenceVectors } from '../sentenceVectors.ts';
import { readBuild } from './load.ts';
import { writeLookupTables, type ArticleEntities } from './lookupTables.ts';
import { postingsTable, writePostings } from './postings.ts';
import { createPool, describeDatabase, reaching } from './connect.ts';
import { findDamage, recordIntegrity, tablesNow } from './integrity.ts';
import { deriveWithWorkers, type BatchSource, type CoordinateOptions } from './workers.ts';
import { buildIndexesSql, buildSchema, buildTablesSql, CATALOG_SQL, currentBuild, tables } from './schema.ts';

/** Rows per INSERT … SELECT FROM unnest(…): large enough to amortise round trips, small enough for one message. */
const BATCH = 1_000;
/** One build at a time per database (a second waits for the first to finish). */
const BUILD_LOCK = 'quote-archive-build';

export type PostgresBuildOptions = Omit<BuildIndexOptions, 'lexical' | 'dense' | 'out' | 'pauseAt'> & {
  log?: (line: string) => void;
  /**
   * Share the analysis and embedding with workers (see workers.ts): this many worker processes on this machine (0:
   * only others, `npm run index-worker`). Absent: this process derives everything, reusing unchanged articles.
   */
  workers?: number;
} & Pick<CoordinateOptions, 'batchArticles' | 'leaseMs' | 'stallMs'>;

/**
 * Builds the corpus into the database at `url`: the corpus is analysed and embedded first (no transaction open), then
 * one transaction writes a new schema `archive_build_<id>` with articles, passages (vectors with an HNSW index,
 * full-text terms with a GIN index) and term frequencies, records the build's integrity (see integrity.ts) and
 * switches the current build to it. The build it replaces is kept for bots still reading it, unless it is damaged;
 * older ones are dropped. A damaged current build is not reused: this build starts from the corpus and repairs it.
 * Throws IndexError or ArchiveUnavailableError (one line) when the database is unusable.
 */
export async function buildPostgresIndex(url: string, config: EngineConfig, options: PostgresBuildOptions = {}): Promise<BuildReport> {
  const start = await startBuild(config, options);
  const { endPhase, embedder, derivedBy } = start;
  const pool = createPool(url, config.postgres, { max: 2, log: options.log, purpose: 'build' });
  try {
    return await reaching(
      url,
      config.postgres,
      async () => {
        // A session lock (not a transaction's): the analysis below may take long, and an open transaction may not idle.
        const locked = await pool.connect();
        try {
          await locked.query(CATALOG_SQL);
          await locked.query('SELECT pg_advisory_lock(hashtext($1))', [BUILD_LOCK]);
          try {
            await dropOrphanSchemas(locked);
            const shared = options.workers !== undefined;
            const previous = await readPrevious(locked, embedder, derivedBy.chunking, { reuse: !shared });
            endPhase('load');
            const write = (batches: BatchSource) => writeBuild(pool, config, start, batches, previous, options);
            const { written, summary } = shared
              ? await deriveWithWorkers(pool, { url, config }, start, { ...options, workers: options.workers! }, write)
              : await write(oneBatch(await deriveIndex(start.articles, previous, embedder, derivedBy, options.onProgress, endPhase)));
            return buildReport(start, summary, previous, { ...written, dir: `${describeDatabase(url)} (${written.dir})` });
          } finally {
            await locked.query('SELECT pg_advisory_unlock(hashtext($1))', [BUILD_LOCK]);
          }
        } finally {
          locked.release();
        }
      },
      'build',
    );
  } finally {
    await pool.end();
  }
}

type PreviousBuild = PreviousIndex & { buildId?: number; damaged?: boolean };

/** A whole derived archive as the one batch of a build. */
function oneBatch(derived: DerivedIndex): BatchSource {
  return async function* () {
    yield derived;
  };
}

/**
 * Writes the build of `batches` (read over the build's own transaction) as a new build in one transaction, a batch at
 * a time, and switches it in. Of the whole
 * archive it holds only the terms' document frequencies and the articles' entities (the people directory and the
 * lookup tables are built from them); what the report says about the written build, and the batches summed up.
 */
async function writeBuild(
  pool: pg.Pool,
  config: EngineConfig,
  start: BuildStart,
  batches: BatchSource,
  previous: PreviousBuild,
  options: PostgresBuildOptions,
): Promise<{ written: Pick<BuildReport, 'dir' | 'manifest' | 'removedLeftovers' | 'bytesOnDisk'>; summary: DerivedSummary }> {
  const { embedder, derivedBy, endPhase } = start;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The manifest counts what the batches hold: written once they all are.
    const { rows } = await client.query<{ id: string }>("INSERT INTO archive_builds (manifest) VALUES ('{}') RETURNING id");
    const buildId = Number(rows[0].id);
    // A schema of that name can only be a leftover (the catalog was dropped and its ids started again).
    await client.query(`DROP SCHEMA IF EXISTS ${buildSchema(buildId)} CASCADE`);
    await client.query(buildTablesSql(buildId, embedder.dimensions));
    const documentFrequency = { text: new Map<string, number>(), title: new Map<string, number>() };
    const entities: ArticleEntities[] = [];
    const summary = await foldBatches(batches(client), async (batch) => {
      const byId = new Map(batch.stored.map((article) => [article.id, article]));
      const terms = batch.passages.map((passage) => termsOf(passage, byId.get(passage.articleId)!));
      for (const { textTerms, titleTerms } of terms) {
        for (const term of textTerms) documentFrequency.text.set(term, (documentFrequency.text.get(term) ?? 0) + 1);
        for (const term of titleTerms) documentFrequency.title.set(term, (documentFrequency.title.get(term) ?? 0) + 1);
      }
      await insertArticles(client, buildId, batch, entities.length, embedder.dimensions);
      await insertPassages(client, buildId, batch, embedder.dimensions, terms);
      for (const { id, date, entities: found } of batch.stored) entities.push({ id, date, entities: found });
    });
    await insertTerms(client, buildId, documentFrequency);
    await writeLookupTables(client, buildId, entities);
    await writePostings(client, { ...tables(buildId), postings: postingsTable(buildId) });
    endPhase('write');
    await client.query(buildIndexesSql(buildId, config.hnsw));
    options.onProgress?.({ phase: 'graph', done: summary.counts.passages, total: summary.counts.passages });
    endPhase('graph');

    const manifest = manifestOf(summary, embedder, config, {
      corpus: start.corpus,
      derivedBy,
      skipped: start.skippedCount,
      started: start.started,
    });
    manifest.buildMs = Date.now() - start.started;
    await client.query('UPDATE archive_builds SET manifest = $2 WHERE id = $1', [buildId, manifest]);
    await recordIntegrity(client, buildId);
    await client.query(
      `INSERT INTO archive_current (singleton, build_id) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET build_id = EXCLUDED.build_id`,
      [buildId],
    );
    // The replaced build stays for bots still reading it, unless it is damaged: then nothing should read it again.
    const removedLeftovers = await dropBuildsBefore(
      client,
      previous.damaged || previous.buildId === undefined ? buildId : previous.buildId,
    );
    const size = await client.query<{ bytes: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [buildSchema(buildId)],
    );
    await client.query('COMMIT');
    await settle(client, buildId);
    return { written: { dir: buildSchema(buildId), manifest, removedLeftovers, bytesOnDisk: Number(size.rows[0].bytes) }, summary };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Vacuums and analyses build `buildId`'s tables once committed: lexical search reads postings from their index alone,
 * which skips the table only on pages VACUUM has marked all-visible (PGlite runs no autovacuum, a server's would come
 * later), and the planner needs the tables' statistics. Outside the build's transaction, as VACUUM must be.
 */
async function settle(client: pg.PoolClient, buildId: number): Promise<void> {
  const schema = buildSchema(buildId);
  const names = [...(await tablesNow(client, schema)).keys()];
  await client.query(`VACUUM (ANALYZE) ${names.map((name) => `${schema}.${name}`).join(', ')}`);
}

/** The current build, as a previous index this build may reuse (with its id); a damaged one is not reused. */
async function readPrevious(
  client: pg.PoolClient,
  embedder: Embedder,
  chunking: string,
  { reuse }: { reuse: boolean },
): Promise<PreviousBuild> {
  const current = await currentBuild(client);
  if (!current) return NO_PREVIOUS_INDEX;
  const damage = await findDamage(client, current.id);
  if (damage)
    return {
      ...NO_PREVIOUS_INDEX,
      unusable: `the current build is damaged (${damage}); rebuilt from the corpus`,
      buildId: current.id,
      damaged: true,
    };
  // Workers derive each batch from the corpus alone: a build shared with them reuses nothing.
  if (!reuse)
    return { ...NO_PREVIOUS_INDEX, unusable: 'a build with workers analyses and embeds every article afresh', buildId: current.id };
  let build;
  try {
    build = await readBuild(client, current.id, current.manifest, { withVectors: true });
  } catch (error) {
    if (error instanceof ArchiveUnavailableError) throw error;
    return {
      ...NO_PREVIOUS_INDEX,
      unusable: `the current build is unreadable (${(error as Error).message}); rebuilt from the corpus`,
      buildId: current.id,
      damaged: true,
    };
  }
  return { ...reusablePrevious({ ...build, manifest: current.manifest }, embedder, chunking), buildId: current.id };
}

function termsOf(passage: Passage, article: StoredArticle): PassageTerms {
  return passageTerms(article.text.slice(passage.start, passage.end), passage.firstSentence === 0 ? (article.title ?? '') : '');
}

/** A batch's articles, numbered in corpus order from `firstOrdinal`, with their sentence vectors. */
async function insertArticles(
  client: pg.PoolClient,
  buildId: number,
  { stored: articles, hashes, sentenceVectors }: DerivedIndex,
  firstOrdinal: number,
  dimensions: number,
): Promise<void> {
  const sentences = new SentenceVectors(sentenceVectors, dimensions, articles);
  for (let from = 0; from < articles.length; from += BATCH) {
    const batch = articles.slice(from, from + BATCH);
    await client.query(
      `INSERT INTO ${tables(buildId).articles} (id, ordinal, date, title, text, source, hash, sentences, entities, sentence_vectors)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[], $10::bytea[])`,
      [
        batch.map((article) => article.id),
        batch.map((_, i) => firstOrdinal + from + i),
        batch.map((article) => article.date),
        batch.map((article) => article.title ?? null),
        batch.map((article) => article.text),
        batch.map((article) => article.source ?? null),
        batch.map((article) => hashes[article.id].hash),
        batch.map((article) => JSON.stringify(article.sentences)),
        batch.map((article) => JSON.stringify(article.entities)),
        batch.map((article) => {
          const rows = sentences.rowsOf(article.id);
          return Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
        }),
      ],
    );
  }
}

/** A batch's passages with their vectors (the batch's own, row i for its i-th passage) and terms (`terms[i]`, likewise). */
async function insertPassages(
  client: pg.PoolClient,
  buildId: number,
  { passages, vectors }: DerivedIndex,
  dimensions: number,
  terms: PassageTerms[],
): Promise<void> {
  for (let from = 0; from < passages.length; from += BATCH) {
    const batch = passages.slice(from, from + BATCH);
    const rows = batch.map((_, i) => from + i);
    await client.query(
      `INSERT INTO ${tables(buildId).passages}
         (id, article_id, date, first_sentence, last_sentence, start_offset, end_offset, text_length, title_length, embedding, search)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::vector[], $11::tsvector[])`,
      [
        batch.map((passage) => passage.id),
        batch.map((passage) => passage.articleId),
        batch.map((passage) => passage.date),
        batch.map((passage) => passage.firstSentence),
        batch.map((passage) => passage.lastSentence),
        batch.map((passage) => passage.start),
        batch.map((passage) => passage.end),
        rows.map((row) => terms[row].textLength),
        rows.map((row) => terms[row].titleLength),
        rows.map((row) => vectorLiteral(vectors.subarray(row * dimensions, (row + 1) * dimensions))),
        rows.map((row) => terms[row].search),
      ],
    );
  }
}

async function insertTerms(
  client: pg.PoolClient,
  buildId: number,
  documentFrequency: { text: Map<string, number>; title: Map<string, number> },
): Promise<void> {
  const entries = [...new Set([...documentFrequency.text.keys(), ...documentFrequency.title.keys()])].map(
    (term) => [term, documentFrequency.text.get(term) ?? 0, documentFrequency.title.get(term) ?? 0] as const,
  );
  for (let from = 0; from < entries.length; from += BATCH * 10) {
    const batch = entries.slice(from, from + BATCH * 10);
    await client.query(`INSERT INTO ${tables(buildId).terms} (term, df, title_df) SELECT * FROM unnest($1::text[], $2::int[], $3::int[])`, [
      batch.map(([term]) => term),
      batch.map(([, df]) => df),
      batch.map(([, , titleDf]) => titleDf),
    ]);
  }
}

/** Drops every build older than `keep`; the schemas dropped. */
async function dropBuildsBefore(client: pg.PoolClient, keep: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>('SELECT id FROM archive_builds WHERE id < $1', [keep]);
  for (const { id } of rows) {
    await client.query(`DROP SCHEMA IF EXISTS ${buildSchema(Number(id))} CASCADE`);
    await client.query('DELETE FROM archive_builds WHERE id = $1', [id]);
  }
  return rows.map(({ id }) => buildSchema(Number(id)));
}

/** Drops schemas named like a build that no build row owns (left when the catalog was dropped by hand). */
async function dropOrphanSchemas(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace n WHERE nspname ~ '^archive_build_[0-9]+$'
       AND NOT EXISTS (SELECT 1 FROM archive_builds b WHERE 'archive_build_' || b.id = n.nspname)`,
  );
  for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
}
