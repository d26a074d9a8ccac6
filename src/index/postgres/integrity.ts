// What a build looked like when it was written (row counts, sizes, its indexes, a checksum of its manifest), and whether it still does.
import type pg from 'pg';
import { IndexError } from '../errors.ts';
import { lookupTables } from './lookupTables.ts';
import { postingsTable } from './postings.ts';
import { buildSchema, tables } from './schema.ts';

/** Measured over a build's tables right after it is written; recorded in `archive_builds.integrity`. */
export interface BuildIntegrity {
  /** sha256 of the manifest as the database stores it (`manifest::text`). */
  manifestSha256: string;
  articles: number;
  /** Bytes of all sentence vectors: an emptied or cut row changes it. */
  sentenceVectorBytes: number;
  passages: number;
  /** Lexemes over all passages' tsvectors: an emptied or edited one changes it. */
  lexemes: number;
  terms: number;
  /** Indexes on the passages table (primary key, HNSW, GIN). */
  passageIndexes: number;
  /**
   * Rows of each per-build lookup table (people, aliases, name prefixes, quotations, date mentions, postings) by
   * table name, and the indexes on them; absent from records of builds older than those tables.
   */
  lookupRows?: Record<string, number>;
  lookupIndexes?: number;
}

const MANIFEST_SHA256 = `encode(sha256(convert_to(manifest::text, 'UTF8')), 'hex')`;

/** Measures build `buildId` and records it as the build's integrity (called once its rows and indexes are written). */
export async function recordIntegrity(client: pg.Pool | pg.PoolClient, buildId: number): Promise<BuildIntegrity> {
  const integrity = await measure(client, buildId);
  await client.query('UPDATE archive_builds SET integrity = $2 WHERE id = $1', [buildId, integrity]);
  return integrity;
}

/**
 * Why build `buildId` can no longer be trusted (a table or schema gone, rows deleted or emptied, an index dropped, the
 * manifest edited), or undefined when it is as it was written. One query per table: linear in the archive's rows.
 */
export async function findDamage(client: pg.Pool | pg.PoolClient, buildId: number): Promise<string | undefined> {
  // A catalog from before integrity records has no column for them (a build adds it).
  const { rows } = await client.query<{ integrity: BuildIntegrity | null; sha: string }>(
    `SELECT ${(await hasIntegrityColumn(client)) ? 'integrity' : 'NULL::jsonb AS integrity'}, ${MANIFEST_SHA256} AS sha
     FROM archive_builds WHERE id = $1`,
    [buildId],
  );
  if (!rows[0]) return `build ${buildId} is not in archive_builds`;
  const recorded = rows[0].integrity;
  if (!recorded) return 'it has no integrity record (built by an older version, or the record was removed)';
  if (recorded.manifestSha256 !== rows[0].sha) return 'its manifest was changed after it was built';
  const missing = await missingTables(client, buildId, Object.keys(recorded.lookupRows ?? {}));
  if (missing) return missing;
  const now = await measure(client, buildId, recorded.lookupRows !== undefined);
  const changed = (Object.keys(LABELS) as (keyof typeof LABELS)[]).find((key) => now[key] !== recorded[key]);
  if (changed) return `${LABELS[changed]}: ${recorded[changed]} when built, ${now[changed]} now`;
  const table = Object.keys(recorded.lookupRows ?? {}).find((name) => now.lookupRows?.[name] !== recorded.lookupRows?.[name]);
  if (table) return `rows of ${table}: ${recorded.lookupRows?.[table]} when built, ${now.lookupRows?.[table]} now`;
  if (recorded.lookupIndexes !== undefined && now.lookupIndexes !== recorded.lookupIndexes)
    return `indexes on its lookup tables: ${recorded.lookupIndexes} when built, ${now.lookupIndexes} now`;
  return undefined;
}

/** Throws IndexError (one line, saying how to repair it) when build `buildId` is damaged; what loading checks first. */
export async function refuseDamaged(client: pg.Pool | pg.PoolClient, source: string, buildId: number): Promise<void> {
  const damage = await findDamage(client, buildId);
  if (damage)
    throw new IndexError(source, `its build ${buildId} is damaged (${damage}); repair it with \`npm run index -- --store postgres\``);
}

const LABELS = {
  articles: 'article rows',
  sentenceVectorBytes: 'bytes of sentence vectors',
  passages: 'passage rows',
  lexemes: 'full-text lexemes of its passages',
  terms: 'term rows',
  passageIndexes: 'indexes on its passages',
} satisfies Record<Exclude<keyof BuildIntegrity, 'manifestSha256' | 'lookupRows' | 'lookupIndexes'>, string>;

async function hasIntegrityColumn(client: pg.Pool | pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ present: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'archive_builds' AND column_name = 'integrity') AS present`,
  );
  return rows[0].present;
}

/** The tables a build's lookups read (see lookupTables.ts and postings.ts). */
function lookupTableNames(buildId: number): string[] {
  return [...Object.values(lookupTables(buildId)), postingsTable(buildId)];
}

async function missingTables(client: pg.Pool | pg.PoolClient, buildId: number, lookups: string[]): Promise<string | undefined> {
  const schema = buildSchema(buildId);
  const { rows } = await client.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present', [
    schema,
  ]);
  if (!rows[0].present) return `its schema ${schema} is missing`;
  for (const table of [...Object.values(tables(buildId)), ...lookups]) {
    const found = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
    if (!found.rows[0].present) return `its table ${table} is missing`;
  }
  return undefined;
}

/** The build's integrity as it is now; with `lookups`, its lookup tables' too (they must all be present). */
async function measure(client: pg.Pool | pg.PoolClient, buildId: number, lookups = true): Promise<BuildIntegrity> {
  const t = tables(buildId);
  const { rows } = await client.query<Record<keyof BuildIntegrity, string>>(
    `SELECT (SELECT ${MANIFEST_SHA256} FROM archive_builds WHERE id = $1) AS "manifestSha256",
            (SELECT count(*) FROM ${t.articles}) AS articles,
            (SELECT coalesce(sum(octet_length(sentence_vectors)), 0) FROM ${t.articles}) AS "sentenceVectorBytes",
            (SELECT count(*) FROM ${t.passages}) AS passages,
            (SELECT coalesce(sum(length(search)), 0) FROM ${t.passages}) AS lexemes,
            (SELECT count(*) FROM ${t.terms}) AS terms,
            (SELECT count(*) FROM pg_indexes WHERE schemaname = $2 AND tablename = 'passages') AS "passageIndexes"`,
    [buildId, buildSchema(buildId)],
  );
  const row = rows[0];
  const lookupRows: Record<string, number> = {};
  let lookupIndexes = 0;
  if (lookups) {
    const names = lookupTableNames(buildId);
    const counts = await client.query<{ rows: string[]; indexes: string }>(
      `SELECT ARRAY[${names.map((name) => `(SELECT count(*) FROM ${name})`).join(', ')}]::bigint[]::text[] AS rows,
              (SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2::text[])) AS indexes`,
      [buildSchema(buildId), names.map((name) => name.slice(name.indexOf('.') + 1))],
    );
    names.forEach((name, i) => (lookupRows[name] = Number(counts.rows[0].rows[i])));
    lookupIndexes = Number(counts.rows[0].indexes);
  }
  return {
    manifestSha256: row.manifestSha256,
    articles: Number(row.articles),
    sentenceVectorBytes: Number(row.sentenceVectorBytes),
    passages: Number(row.passages),
    lexemes: Number(row.lexemes),
    terms: Number(row.terms),
    passageIndexes: Number(row.passageIndexes),
    ...(lookups ? { lookupRows, lookupIndexes } : {}),
  };
}
