// A damaged current build in Postgres (issue 23): loading refuses it in one line instead of answering from it, and
// `npm run index -- --store postgres` repairs it whatever the damage (a new build from the corpus, the damaged one dropped).
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPglite, type PgliteServer } from '../../eval/pglite.ts';
import { loadEngineConfig, type EngineConfig } from '../../src/config.ts';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { IndexError } from '../../src/index/errors.ts';
import { openPostgresStore } from '../../src/index/postgres/store.ts';
import { buildPostgresArchive, openArchive } from '../../src/openArchive.ts';
import { runTsx } from '../support/runScript.ts';

const QUESTIONS = ['Who warned officials about WhatsApp links?', 'What did the Intelligence Bureau find?', 'audio leaks'];

let server: PgliteServer;
let root: string;
let corpus: string;
let embedder: Embedder;
let config: EngineConfig;
let answers: string;

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(server.url);
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function current(): Promise<{ id: number; schema: string }> {
  const [{ build_id }] = await sql<{ build_id: string }>('SELECT build_id FROM archive_current');
  return { id: Number(build_id), schema: `archive_build_${build_id}` };
}

const buildSchemas = async () =>
  (await sql<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'archive_build_%' ORDER BY nspname")).map(
    ({ nspname }) => nspname,
  );

/** Every question's answer from the current build, as JSON. */
async function answersNow(): Promise<string> {
  const archive = await openArchive(config, { embedder });
  try {
    const answered = [];
    for (const question of QUESTIONS) answered.push(await archive.ask({ question }));
    return JSON.stringify(answered);
  } finally {
    await archive.close();
  }
}

beforeAll(async () => {
  server = await startPglite();
  root = mkdtempSync(join(tmpdir(), 'postgres-repair-'));
  corpus = join(root, 'corpus');
  // A few seed articles keep the ten rebuilds below quick.
  for (const file of readdirSync('seeds')
    .filter((name) => name.endsWith('.txt'))
    .slice(0, 6))
    cpSync(join('seeds', file), join(corpus, file));
  embedder = await createEmbedder(loadEngineConfig({}));
  // PGlite on a shared two-core machine can take seconds per statement: this test is about damage, not stalls.
  config = {
    ...loadEngineConfig({ CORPUS: corpus, HNSW_EF_CONSTRUCTION: '50', PG_STATEMENT_TIMEOUT_MS: '120000' }),
    databaseUrl: server.url,
  };
  await buildPostgresArchive(server.url, config, { embedder });
  answers = await answersNow();
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Fifteen ways a current build gets damaged by hand; `s` is its schema, `id` its row in archive_builds. */
const DAMAGE: [string, (s: string, id: number) => string, RegExp][] = [
  ['the passages table dropped', (s) => `DROP TABLE ${s}.passages`, /table archive_build_\d+\.passages is missing/],
  ['the build schema dropped', (s) => `DROP SCHEMA ${s} CASCADE`, /schema archive_build_\d+ is missing/],
  ['the manifest replaced by {}', (_, id) => `UPDATE archive_builds SET manifest = '{}' WHERE id = ${id}`, /manifest was changed/],
  [
    'an article deleted (with its passages)',
    (s) => `DELETE FROM ${s}.passages WHERE article_id = (SELECT id FROM ${s}.articles WHERE ordinal = 0);
            DELETE FROM ${s}.articles WHERE ordinal = 0`,
    /rows of its table archive_build_\d+\.passages were changed after it was built \(DELETE\)/,
  ],
  [
    'passage rows deleted',
    (s) => `DELETE FROM ${s}.passages WHERE id % 3 = 1`,
    /rows of its table archive_build_\d+\.passages were changed after it was built \(DELETE\)/,
  ],
  [
    'a passage’s tsvector emptied',
    (s) => `UPDATE ${s}.passages SET search = '' WHERE id = 0`,
    /rows of its table archive_build_\d+\.passages were changed after it was built \(UPDATE\)/,
  ],
  [
    'term rows deleted',
    (s) => `DELETE FROM ${s}.terms WHERE df = 1`,
    /rows of its table archive_build_\d+\.terms were changed after it was built \(DELETE\)/,
  ],
  [
    'an article’s sentence vectors emptied',
    (s) => `UPDATE ${s}.articles SET sentence_vectors = '' WHERE ordinal = 0`,
    /rows of its table archive_build_\d+\.articles were changed after it was built \(UPDATE\)/,
  ],
  [
    'the manifest’s counts edited',
    (_, id) => `UPDATE archive_builds SET manifest = jsonb_set(manifest, '{counts,passages}', '1') WHERE id = ${id}`,
    /manifest was changed/,
  ],
  [
    'the HNSW index dropped',
    (s) =>
      `DO $$ BEGIN EXECUTE (SELECT 'DROP INDEX ${s}.' || indexname FROM pg_indexes WHERE schemaname = '${s}' AND indexdef LIKE '%hnsw%'); END $$`,
    /indexes on its table archive_build_\d+\.passages: (\d+) when built, (?!\1)\d+ now/,
  ],
  ['the postings table dropped', (s) => `DROP TABLE ${s}.postings`, /table archive_build_\d+\.postings is missing/],
  [
    'people rows deleted',
    (s) => `DELETE FROM ${s}.people WHERE id % 2 = 0`,
    /rows of its table archive_build_\d+\.people were changed after it was built \(DELETE\)/,
  ],
  [
    'the postings truncated',
    (s) => `TRUNCATE ${s}.postings`,
    /rows of its table archive_build_\d+\.postings were changed after it was built \(TRUNCATE\)/,
  ],
  [
    'the trigger noting changes dropped, then rows deleted',
    (s) => `DROP TRIGGER archive_build_changed ON ${s}.terms; DELETE FROM ${s}.terms WHERE df = 1`,
    /the trigger noting changes to its table archive_build_\d+\.terms was dropped/,
  ],
  [
    'a postings index dropped',
    (s) =>
      `DO $$ BEGIN EXECUTE (SELECT 'DROP INDEX ${s}.' || indexname FROM pg_indexes WHERE schemaname = '${s}' AND tablename = 'postings' LIMIT 1); END $$`,
    /indexes on its table archive_build_\d+\.postings: (\d+) when built, (?!\1)\d+ now/,
  ],
];

describe('opening a build', () => {
  it('reads its record and the catalog, never one of its tables (checked whatever the archive’s size)', async () => {
    const statements: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (text) statements.push(text);
      return (query as (...parameters: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      const store = await openPostgresStore(server.url, config, { embedder });
      await store.close();
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(statements.some((text) => text.includes('archive_builds'))).toBe(true);
    expect(statements.filter((text) => /archive_build_\d+\./.test(text))).toEqual([]);
  });
});

describe('a damaged current build', () => {
  it.each(DAMAGE)('%s: refused at load in one line, repaired by the next build, answers as before', async (_, damage, says) => {
    const damaged = await current();
    await sql(damage(damaged.schema, damaged.id));

    const refusal = await openArchive(config, { embedder }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(IndexError);
    expect((refusal as Error).message).toMatch(says);
    expect((refusal as Error).message).toMatch(/is damaged \(.*\); repair it with `npm run index -- --store postgres`$/);
    expect((refusal as Error).message).not.toContain('\n');

    const repaired = await buildPostgresArchive(server.url, config, { embedder });
    expect(repaired.previousUnusable).toMatch(/^the current build is damaged/);
    expect(repaired.reusedPassages).toBe(0);
    expect(await buildSchemas()).toEqual([(await current()).schema]);
    expect(await answersNow()).toBe(answers);
  });
});

describe('a build from before near names in SQL (no name_words)', () => {
  it('is refused as older, not as damaged, and rebuilt reusing its passages: answers and suggestions as before', async () => {
    const suggested = async () => {
      const archive = await openArchive(config, { embedder });
      try {
        return await archive.person('Shebaz Sharef');
      } finally {
        await archive.close();
      }
    };
    const before = await suggested();
    const old = await current();
    // As an older version left it: the table absent, and absent from the build's record.
    await sql(`DROP TABLE ${old.schema}.name_words;
               UPDATE archive_builds SET integrity = integrity #- '{tables,name_words}' WHERE id = ${old.id}`);
    const refusal = await openArchive(config, { embedder }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(IndexError);
    expect((refusal as Error).message).toMatch(
      /was built by an older version of this program; rebuild it with `npm run index -- --store postgres`$/,
    );

    const rebuilt = await buildPostgresArchive(server.url, config, { embedder });
    expect(rebuilt.previousUnusable).toBeUndefined();
    expect(rebuilt.reusedPassages).toBeGreaterThan(0);
    expect(await answersNow()).toBe(answers);
    expect(await suggested()).toEqual(before);
    expect(before).toMatchObject({ found: false, suggestions: expect.arrayContaining(['Shehbaz Sharif']) });
  });
});

describe('from the command line', () => {
  it('npm run ask refuses a damaged build in one line; npm run index -- --store postgres repairs it', async () => {
    const damaged = await current();
    await sql(`DELETE FROM ${damaged.schema}.passages WHERE id = 0`);
    const env = {
      ...process.env,
      PG_STATEMENT_TIMEOUT_MS: '120000',
      CORPUS: corpus,
      DATABASE_URL: server.url,
      HNSW_EF_CONSTRUCTION: '50',
      INDEX_DIR: join(root, 'unused'),
    };

    const refused = await runTsx(['scripts/ask.ts', QUESTIONS[0]], { env });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^error: Index postgres:.*is damaged \(rows of its table archive_build_\d+\.passages were changed after it was built \(DELETE\)\)/,
      ),
    ]);

    const rebuilt = await runTsx(['scripts/index.ts', '--store', 'postgres'], { env });
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/previous index not reused: the current build is damaged/);
    expect(await answersNow()).toBe(answers);
  });
});
