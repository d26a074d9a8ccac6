// A plain PostgreSQL (no pgvector needed) holding a copy of a build's lexical tables, for `npm run bench -- --stores`
// to time lexical search on a real server beside PGlite.
import type pg from 'pg';
import type { EngineConfig } from '../src/config.ts';
import { createPool } from '../src/index/postgres/connect.ts';
import { currentBuild, tables } from '../src/index/postgres/schema.ts';
import { writePostings } from '../src/index/postgres/postings.ts';
import { PgLexicalRetriever, type PgLexicalRanking } from '../src/retrieval/pgLexical.ts';

const SCHEMA = 'lexical_copy';
const COPY = { passages: `${SCHEMA}.passages`, terms: `${SCHEMA}.terms`, postings: `${SCHEMA}.postings`, origin: `${SCHEMA}.origin` };
const BATCH = 2_000;

export interface PlainPostgres {
  version: string;
  open(ranking: PgLexicalRanking): Promise<{ lexical: PgLexicalRetriever; close(): Promise<void> }>;
}

/**
 * Copies the current build at `sourceUrl` (passages' terms, lengths and texts; term statistics) into schema
 * `lexical_copy` of `targetUrl`, unless it already holds that build, and writes its postings there as a build does.
 */
export async function copyLexicalTables(sourceUrl: string, targetUrl: string, config: EngineConfig): Promise<PlainPostgres> {
  const source = createPool(sourceUrl, config.postgres, { max: 1, purpose: 'build' });
  const target = createPool(targetUrl, config.postgres, { max: 1, purpose: 'build' });
  try {
    const build = (await currentBuild(source))!;
    const origin = `${build.id}:${build.manifest.buildMs}:${build.manifest.counts.passages}`;
    const copied = await target.query<{ present: boolean }>(`SELECT to_regclass('${COPY.origin}') IS NOT NULL AS present`);
    const same =
      copied.rows[0].present && (await target.query<{ origin: string }>(`SELECT origin FROM ${COPY.origin}`)).rows[0]?.origin === origin;
    if (!same) await copy(source, target, build.id, origin);
    const { rows } = await target.query<{ server_version: string }>('SHOW server_version');
    return { version: rows[0].server_version.split(' ')[0], open: (ranking) => openCopy(targetUrl, config, ranking) };
  } finally {
    await source.end();
    await target.end();
  }
}

async function copy(source: pg.Pool, target: pg.Pool, buildId: number, origin: string): Promise<void> {
  const t = tables(buildId);
  await target.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};
    CREATE TABLE ${COPY.passages} (id integer PRIMARY KEY, text_length integer NOT NULL, title_length integer NOT NULL, search tsvector NOT NULL, text text NOT NULL);
    CREATE TABLE ${COPY.terms} (term text PRIMARY KEY, df integer NOT NULL, title_df integer NOT NULL);
    CREATE TABLE ${COPY.origin} (origin text NOT NULL);`);
  const count = Number((await source.query<{ count: string }>(`SELECT count(*) FROM ${t.passages}`)).rows[0].count);
  for (let from = 0; from < count; from += BATCH) {
    const { rows } = await source.query<{ id: number; text_length: number; title_length: number; search: string; text: string }>(
      `SELECT p.id, p.text_length, p.title_length, p.search::text AS search,
              substr(a.text, p.start_offset + 1, p.end_offset - p.start_offset) AS text
       FROM ${t.passages} p JOIN ${t.articles} a ON a.id = p.article_id WHERE p.id >= $1 AND p.id < $2`,
      [from, from + BATCH],
    );
    await target.query(`INSERT INTO ${COPY.passages} SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::tsvector[], $5::text[])`, [
      rows.map((r) => r.id),
      rows.map((r) => r.text_length),
      rows.map((r) => r.title_length),
      rows.map((r) => r.search),
      rows.map((r) => r.text),
    ]);
  }
  const terms = await source.query<{ term: string; df: number; title_df: number }>(`SELECT term, df, title_df FROM ${t.terms}`);
  for (let from = 0; from < terms.rows.length; from += BATCH * 10) {
    const batch = terms.rows.slice(from, from + BATCH * 10);
    await target.query(`INSERT INTO ${COPY.terms} SELECT * FROM unnest($1::text[], $2::int[], $3::int[])`, [
      batch.map((r) => r.term),
      batch.map((r) => r.df),
      batch.map((r) => r.title_df),
    ]);
  }
  await target.query(`CREATE INDEX ON ${COPY.passages} USING gin (search)`);
  await writePostings(target, COPY);
  // As a build does (src/index/postgres/build.ts): postings read from their index alone need all-visible pages.
  await target.query(`VACUUM (ANALYZE) ${COPY.passages}, ${COPY.terms}, ${COPY.postings}`);
  await target.query(`INSERT INTO ${COPY.origin} VALUES ($1)`, [origin]);
}

async function openCopy(
  url: string,
  config: EngineConfig,
  ranking: PgLexicalRanking,
): Promise<{ lexical: PgLexicalRetriever; close(): Promise<void> }> {
  const pool = createPool(url, config.postgres);
  const stats = await pool.query<{ count: number; text: number; title: number }>(
    `SELECT count(*)::int AS count, avg(text_length)::float8 AS text, avg(title_length)::float8 AS title FROM ${COPY.passages}`,
  );
  const { count, text, title } = stats.rows[0];
  const lexical = new PgLexicalRetriever(
    pool,
    { passages: COPY.passages, postings: COPY.postings, terms: COPY.terms },
    count,
    { text, title },
    async (ids) => {
      const texts = await pool.query<{ id: number; text: string }>(`SELECT id, text FROM ${COPY.passages} WHERE id = ANY($1::int[])`, [
        ids,
      ]);
      return new Map(texts.rows.map(({ id, text: passage }) => [id, passage]));
    },
    ranking,
  );
  return { lexical, close: () => pool.end() };
}
