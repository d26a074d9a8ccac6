// What a build was when it was written (its tables and their indexes, a checksum of its manifest, what readers need
// counted once), and whether it still is: checked from the catalog and one row, whatever the archive's size.
import type pg from 'pg';
import type { DateRange } from '../../domain/lookups.ts';
import { IndexError } from '../errors.ts';
import { lookupTables } from './lookupTables.ts';
import { buildSchema, tables } from './schema.ts';

/** Recorded in `archive_builds.integrity` by the build, after its rows and indexes are written. */
export interface BuildRecord {
  /** sha256 of the manifest as the database stores it (`manifest::text`). */
  manifestSha256: string;
  /** Each table of the build's schema (name within it) with the number of indexes on it. */
  tables: Record<string, { indexes: number }>;
  summary: BuildSummary;
}

/** What opening a build needs that would otherwise take a scan of its tables: counted once, by the build. */
export interface BuildSummary {
  /** The first and last publication days. */
  published: DateRange;
  people: number;
  /** Average BM25 field lengths of the passages (lexical ranking). */
  averageLength: { text: number; title: number };
}

const MANIFEST_SHA256 = `encode(sha256(convert_to(manifest::text, 'UTF8')), 'hex')`;
/** The trigger on every table of a build that notes, in `archive_builds.changed`, the first statement that wrote to it (as damage). */
const WATCH = 'archive_build_changed';

/**
 * Records build `buildId` (called once its rows and indexes are written, in its transaction): its tables and their
 * indexes, its manifest's checksum, its summary; and watches its tables, so that any later INSERT, UPDATE, DELETE or
 * TRUNCATE on them is noted in `archive_builds.changed` and the build refused from then on.
 */
export async function recordIntegrity(client: pg.PoolClient, buildId: number): Promise<BuildRecord> {
  const schema = buildSchema(buildId);
  const t = { ...tables(buildId), ...lookupTables(buildId) };
  const { rows } = await client.query<{
    sha: string;
    first: string | null;
    last: string | null;
    people: number;
    text: number;
    title: number;
  }>(
    `SELECT (SELECT ${MANIFEST_SHA256} FROM archive_builds WHERE id = $1) AS sha,
            (SELECT min(date) FROM ${t.articles}) AS first, (SELECT max(date) FROM ${t.articles}) AS last,
            (SELECT count(*)::int FROM ${t.people}) AS people,
            (SELECT coalesce(avg(text_length), 0)::float8 FROM ${t.passages}) AS text,
            (SELECT coalesce(avg(title_length), 0)::float8 FROM ${t.passages}) AS title`,
    [buildId],
  );
  const [summary] = rows;
  const catalog = await tablesNow(client, schema);
  await client.query(`
    CREATE OR REPLACE FUNCTION ${WATCH}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE archive_builds
      SET changed = coalesce(changed, format('rows of its table %I.%I were changed after it was built (%s)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP))
      WHERE id = TG_ARGV[0]::bigint;
      RETURN NULL;
    END $$;
    ${[...catalog.keys()]
      .map(
        (table) =>
          `CREATE TRIGGER ${WATCH} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${schema}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${WATCH}(${buildId});`,
      )
      .join('\n')}`);
  const record: BuildRecord = {
    manifestSha256: summary.sha,
    tables: Object.fromEntries([...catalog].map(([table, { indexes }]) => [table, { indexes }])),
    summary: {
      published: { from: summary.first ?? '', to: summary.last ?? '' },
      people: summary.people,
      averageLength: { text: summary.text || 1, title: summary.title || 1 },
    },
  };
  await client.query('UPDATE archive_builds SET integrity = $2, changed = NULL WHERE id = $1', [buildId, record]);
  return record;
}

/**
 * Build `buildId`'s record, or why it can no longer be trusted (its record missing, its manifest edited, a table or
 * the schema gone, an index dropped, rows written since it was built). A few catalog queries: no table is read.
 */
async function inspectBuild(
  client: pg.Pool | pg.PoolClient,
  buildId: number,
): Promise<{ record: BuildRecord; damage?: undefined } | { record?: undefined; damage: string }> {
  // A catalog from before these records has no columns for them (a build adds them).
  const columns = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'archive_builds' AND column_name IN ('integrity', 'changed')`,
  );
  if (columns.rows.length < 2) return { damage: 'it has no integrity record (built by an older version, or the record was removed)' };
  const { rows } = await client.query<{ integrity: Partial<BuildRecord> | null; changed: string | null; sha: string }>(
    `SELECT integrity, changed, ${MANIFEST_SHA256} AS sha FROM archive_builds WHERE id = $1`,
    [buildId],
  );
  if (!rows[0]) return { damage: `build ${buildId} is not in archive_builds` };
  const { integrity: record, changed, sha } = rows[0];
  if (!record?.tables || !record.summary || !record.manifestSha256)
    return { damage: 'it has no integrity record (built by an older version, or the record was removed)' };
  if (record.manifestSha256 !== sha) return { damage: 'its manifest was changed after it was built' };
  const schema = buildSchema(buildId);
  const now = await tablesNow(client, schema);
  if (now.size === 0) return { damage: `its schema ${schema} is missing` };
  for (const [table, { indexes }] of Object.entries(record.tables)) {
    const found = now.get(table);
    if (!found) return { damage: `its table ${schema}.${table} is missing` };
    if (found.indexes !== indexes)
      return { damage: `indexes on its table ${schema}.${table}: ${indexes} when built, ${found.indexes} now` };
    if (!found.watched) return { damage: `the trigger noting changes to its table ${schema}.${table} was dropped` };
  }
  if (changed) return { damage: changed };
  return { record: record as BuildRecord };
}

/** Why build `buildId` is damaged, if it is (see inspectBuild). */
export async function findDamage(client: pg.Pool | pg.PoolClient, buildId: number): Promise<string | undefined> {
  return (await inspectBuild(client, buildId)).damage;
}

/** Build `buildId`'s record; throws IndexError (one line, saying how to repair it) when the build is damaged. */
export async function checkedRecord(client: pg.Pool | pg.PoolClient, source: string, buildId: number): Promise<BuildRecord> {
  const { record, damage } = await inspectBuild(client, buildId);
  if (record) return record;
  throw new IndexError(source, `its build ${buildId} is damaged (${damage}); repair it with \`npm run index -- --store postgres\``);
}

/** The tables of `schema` now, with their indexes and whether the change trigger is on them. */
export async function tablesNow(
  client: pg.Pool | pg.PoolClient,
  schema: string,
): Promise<Map<string, { indexes: number; watched: boolean }>> {
  const { rows } = await client.query<{ name: string; indexes: number; watched: boolean }>(
    `SELECT c.relname AS name, (SELECT count(*)::int FROM pg_index i WHERE i.indrelid = c.oid) AS indexes,
            EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = $2) AS watched
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
    [schema, WATCH],
  );
  return new Map(rows.map(({ name, indexes, watched }) => [name, { indexes, watched }]));
}
