// The archive's layout in PostgreSQL: a catalog of builds, a one-row pointer to the current one, and a schema per build.
import type pg from 'pg';
import type { PostgresTimeouts } from '../../config.ts';
import type { IndexManifest } from '../types.ts';
import { createPool } from './connect.ts';

/** Each build lives in its own schema; readers go through `archive_current`, swapped in one statement. */
export const buildSchema = (buildId: number): string => `archive_build_${buildId}`;

export const tables = (buildId: number) => {
  const schema = buildSchema(buildId);
  return { articles: `${schema}.articles`, passages: `${schema}.passages`, terms: `${schema}.terms` };
};

/** The catalog; needs the `vector` extension, which a managed Postgres lets its admin create. */
export const CATALOG_SQL = `
  CREATE EXTENSION IF NOT EXISTS vector;
  CREATE TABLE IF NOT EXISTS archive_builds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    manifest jsonb NOT NULL,
    built_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS archive_current (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    build_id bigint NOT NULL REFERENCES archive_builds (id)
  );
  ALTER TABLE archive_builds ADD COLUMN IF NOT EXISTS integrity jsonb;
  ALTER TABLE archive_builds ADD COLUMN IF NOT EXISTS changed text;`;

/** The tables of one build; indexes are created after the rows are in (faster than maintaining them row by row). */
export function buildTablesSql(buildId: number, dimensions: number): string {
  const t = tables(buildId);
  return `
    CREATE SCHEMA ${buildSchema(buildId)};
    CREATE TABLE ${t.articles} (
      id text PRIMARY KEY, ordinal integer NOT NULL, date text NOT NULL, title text, text text NOT NULL, source text,
      hash text NOT NULL, sentences jsonb NOT NULL, entities jsonb NOT NULL,
      sentence_vectors bytea NOT NULL
    );
    CREATE TABLE ${t.passages} (
      id integer PRIMARY KEY, article_id text NOT NULL REFERENCES ${t.articles} (id), date text NOT NULL,
      first_sentence integer NOT NULL, last_sentence integer NOT NULL, start_offset integer NOT NULL, end_offset integer NOT NULL,
      text_length integer NOT NULL, title_length integer NOT NULL,
      embedding vector(${dimensions}) NOT NULL, search tsvector NOT NULL
    );
    CREATE TABLE ${t.terms} (term text PRIMARY KEY, df integer NOT NULL, title_df integer NOT NULL);`;
}

export function buildIndexesSql(buildId: number, hnsw: { m: number; efConstruction: number }): string {
  const t = tables(buildId);
  return `
    CREATE INDEX ON ${t.passages} USING hnsw (embedding vector_cosine_ops) WITH (m = ${hnsw.m}, ef_construction = ${hnsw.efConstruction});
    CREATE INDEX ON ${t.passages} USING gin (search);`;
}

/** The manifest of the current build in the database at `url`, if any build was ever switched in there. */
export async function currentManifest(url: string, timeouts: PostgresTimeouts): Promise<IndexManifest | undefined> {
  const pool = createPool(url, timeouts, { max: 1 });
  try {
    return (await currentBuild(pool))?.manifest;
  } finally {
    await pool.end();
  }
}

/** The current build's id and manifest, if any build was ever switched in. */
export async function currentBuild(client: pg.Pool | pg.PoolClient): Promise<{ id: number; manifest: IndexManifest } | undefined> {
  const catalog = await client.query(`SELECT to_regclass('archive_current') IS NOT NULL AS present`);
  if (!catalog.rows[0].present) return undefined;
  const { rows } = await client.query<{ id: string; manifest: IndexManifest }>(
    'SELECT b.id, b.manifest FROM archive_current c JOIN archive_builds b ON b.id = c.build_id',
  );
  return rows[0] ? { id: Number(rows[0].id), manifest: rows[0].manifest } : undefined;
}
