// Builds the archive into PostgreSQL: one transaction per build writes a new schema and swaps it in, reusing unchanged articles.
import type pg from 'pg';
import type { EngineConfig } from '../../config.ts';
import type { Passage, StoredArticle } from '../../domain/article.ts';
import { passageTerms, type PassageTerms } from '../../retrieval/pgLexical.ts';
import { vectorLiteral } from '../../retrieval/pgDense.ts';
import {
  buildReport,
  deriveIndex,
  manifestOf,
  NO_PREVIOUS_INDEX,
  reusablePrevious,
  startBuild,
  type BuildIndexOptions,
  type BuildReport,
  type DerivedIndex,
  type PreviousIndex,
} from '../build.ts';
import type { Embedder } from '../../embedding/embedder.ts';
import { SentenceVectors } from '../sentenceVectors.ts';
import { readBuild } from './load.ts';
import { writeLookupTables } from './lookupTables.ts';
import {
  buildIndexesSql,
  buildSchema,
  buildTablesSql,
  CATALOG_SQL,
  createPool,
  currentBuild,
  describeDatabase,
  reaching,
  tables,
} from './schema.ts';

/** Rows per INSERT … SELECT FROM unnest(…): large enough to amortise round trips, small enough for one message. */
const BATCH = 1_000;
/** One build at a time per database (a second waits for the first to commit). */
const BUILD_LOCK = 'quote-archive-build';

export type PostgresBuildOptions = Omit<BuildIndexOptions, 'lexical' | 'dense' | 'out' | 'pauseAt'> & { log?: (line: string) => void };

/**
 * Builds the corpus into the database at `url` in one transaction: a new schema `archive_build_<id>` with articles,
 * passages (vectors with an HNSW index, full-text terms with a GIN index) and term frequencies, then the current
 * build is switched to it in one statement. Builds older than the one it replaces are dropped (a bot still
 * reading the replaced build keeps working until it restarts). Throws IndexError when the database is unusable.
 */
export async function buildPostgresIndex(url: string, config: EngineConfig, options: PostgresBuildOptions = {}): Promise<BuildReport> {
  const start = await startBuild(config, options);
  const { endPhase, embedder, derivedBy } = start;
  const pool = createPool(url, { max: 1, log: options.log });
  try {
    const client = await reaching(url, () => pool.connect());
    try {
      await client.query('BEGIN');
      await reaching(url, () => client.query(CATALOG_SQL));
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [BUILD_LOCK]);
      const previous = await readPrevious(client, embedder, derivedBy.chunking);
      endPhase('load');

      const derived = await deriveIndex(start.articles, previous, embedder, derivedBy, options.onProgress, endPhase);
      const byId = new Map(derived.stored.map((article) => [article.id, article]));
      const terms = derived.passages.map((passage) => termsOf(passage, byId.get(passage.articleId)!));
      const documentFrequency = { text: new Map<string, number>(), title: new Map<string, number>() };
      for (const { textTerms, titleTerms } of terms) {
        for (const term of textTerms) documentFrequency.text.set(term, (documentFrequency.text.get(term) ?? 0) + 1);
        for (const term of titleTerms) documentFrequency.title.set(term, (documentFrequency.title.get(term) ?? 0) + 1);
      }
      endPhase('lexical');

      const manifest = manifestOf(derived, embedder, config, {
        corpus: start.corpus,
        derivedBy,
        skipped: start.skipped.length,
        started: start.started,
      });
      const { rows } = await client.query<{ id: string }>('INSERT INTO archive_builds (manifest) VALUES ($1) RETURNING id', [manifest]);
      const buildId = Number(rows[0].id);
      await client.query(buildTablesSql(buildId, embedder.dimensions));
      await insertArticles(client, buildId, derived, embedder.dimensions);
      await insertPassages(client, buildId, derived.passages, derived.vectors, embedder.dimensions, terms);
      await insertTerms(client, buildId, documentFrequency);
      await writeLookupTables(client, buildId, derived.stored);
      endPhase('write');
      await client.query(buildIndexesSql(buildId, config.hnsw));
      options.onProgress?.({ phase: 'graph', done: derived.passages.length, total: derived.passages.length });
      endPhase('graph');

      manifest.buildMs = Date.now() - start.started;
      await client.query('UPDATE archive_builds SET manifest = $2 WHERE id = $1', [buildId, manifest]);
      await client.query(
        `INSERT INTO archive_current (singleton, build_id) VALUES (true, $1)
         ON CONFLICT (singleton) DO UPDATE SET build_id = EXCLUDED.build_id`,
        [buildId],
      );
      await dropBuildsBefore(client, previous.buildId ?? buildId);
      const size = await client.query<{ bytes: string }>(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
        [buildSchema(buildId)],
      );
      await client.query('COMMIT');
      return buildReport(start, derived, previous, {
        dir: `${describeDatabase(url)} (${buildSchema(buildId)})`,
        manifest,
        removedLeftovers: [],
        bytesOnDisk: Number(size.rows[0].bytes),
      });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

/** The current build, as a previous index this build may reuse (with its id). */
async function readPrevious(client: pg.PoolClient, embedder: Embedder, chunking: string): Promise<PreviousIndex & { buildId?: number }> {
  const current = await currentBuild(client);
  if (!current) return NO_PREVIOUS_INDEX;
  const build = await readBuild(client, current.id, current.manifest, { withVectors: true });
  return { ...reusablePrevious({ ...build, manifest: current.manifest }, embedder, chunking), buildId: current.id };
}

function termsOf(passage: Passage, article: StoredArticle): PassageTerms {
  return passageTerms(article.text.slice(passage.start, passage.end), passage.firstSentence === 0 ? (article.title ?? '') : '');
}

async function insertArticles(
  client: pg.PoolClient,
  buildId: number,
  { stored: articles, hashes, sentenceVectors }: DerivedIndex,
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
        batch.map((_, i) => from + i),
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

async function insertPassages(
  client: pg.PoolClient,
  buildId: number,
  passages: Passage[],
  vectors: Float32Array,
  dimensions: number,
  terms: PassageTerms[],
): Promise<void> {
  for (let from = 0; from < passages.length; from += BATCH) {
    const batch = passages.slice(from, from + BATCH);
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
        batch.map((passage) => terms[passage.id].textLength),
        batch.map((passage) => terms[passage.id].titleLength),
        batch.map((passage) => vectorLiteral(vectors.subarray(passage.id * dimensions, (passage.id + 1) * dimensions))),
        batch.map((passage) => terms[passage.id].search),
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

/** Drops every build older than `keep` (the one just replaced stays for bots still reading it). */
async function dropBuildsBefore(client: pg.PoolClient, keep: number): Promise<void> {
  const { rows } = await client.query<{ id: string }>('SELECT id FROM archive_builds WHERE id < $1', [keep]);
  for (const { id } of rows) {
    await client.query(`DROP SCHEMA IF EXISTS ${buildSchema(Number(id))} CASCADE`);
    await client.query('DELETE FROM archive_builds WHERE id = $1', [id]);
  }
}
