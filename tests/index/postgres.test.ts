// The Postgres store: `npm run index -- --store postgres` and `npm run ask` against a real Postgres with pgvector
// (PGlite served over the wire protocol, reached through `pg` exactly as a production database is).
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPglite, type PgliteServer } from '../../eval/pglite.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { buildPostgresArchive } from '../../src/openArchive.ts';
import { runTsx, type ScriptRun } from '../support/runScript.ts';

function script(name: 'index' | 'ask', args: string[], env: Record<string, string>): Promise<ScriptRun> {
  return runTsx([`scripts/${name}.ts`, ...args], {
    env: { ...process.env, INDEX_DIR: join(root, 'unused-index'), HNSW_EF_CONSTRUCTION: '50', ...env },
  });
}

let server: PgliteServer;
let root: string;
let corpus: string;
let embedder: Embedder;
const config = () => ({ ...loadEngineConfig({ CORPUS: corpus, HNSW_EF_CONSTRUCTION: '50' }), databaseUrl: server.url });

async function catalog(): Promise<{ current: number; schemas: string[] }> {
  const client = new pg.Client(server.url);
  await client.connect();
  try {
    const current = await client.query<{ build_id: string }>('SELECT build_id FROM archive_current');
    const schemas = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'archive_build_%' ORDER BY nspname",
    );
    return { current: Number(current.rows[0].build_id), schemas: schemas.rows.map(({ nspname }) => nspname) };
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  server = await startPglite();
  root = mkdtempSync(join(tmpdir(), 'postgres-store-'));
  corpus = join(root, 'corpus');
  cpSync('seeds', corpus, { recursive: true });
  embedder = await createEmbedder(loadEngineConfig({}));
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('the archive in Postgres', () => {
  it('npm run index -- --store postgres builds it, npm run ask answers from it with a verbatim, dated quote', async () => {
    const built = await script('index', ['--store', 'postgres'], { CORPUS: corpus, DATABASE_URL: server.url });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(/reused 0 passages, embedded \d+/);
    expect(built.stdout).toContain('(archive_build_1)');
    expect(built.stdout).not.toMatch(/password/);

    const run = await script('ask', ['--json', 'Who warned officials about WhatsApp links?'], { DATABASE_URL: server.url });
    expect(run.status).toBe(0);
    const answer = JSON.parse(run.stdout) as { answered: boolean; quotes: { article: string; date: string; text: string }[] };
    expect(answer.answered).toBe(true);
    const [best] = answer.quotes;
    expect(readFileSync(join(corpus, best.article), 'utf8')).toContain(best.text);
    expect(best.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a rebuild reuses every vector, switches the current build in one statement and keeps only the one it replaced', async () => {
    const before = await catalog();
    const again = await buildPostgresArchive(server.url, config(), { embedder });
    expect(again.embeddedPassages).toBe(0);
    expect(again.reusedPassages).toBe(again.manifest.counts.passages);

    const changed = readdirSync(corpus).find((file) => file.endsWith('.txt'))!;
    writeFileSync(join(corpus, changed), `${readFileSync(join(corpus, changed), 'utf8')}\nA late correction was added to this article.\n`);
    const edited = await buildPostgresArchive(server.url, config(), { embedder });
    expect(edited.embeddedPassages).toBe(edited.manifest.articles[changed].passages);
    expect(edited.reusedPassages).toBe(edited.manifest.counts.passages - edited.embeddedPassages);

    const after = await catalog();
    expect(after.current).toBe(before.current + 2);
    expect(after.schemas).toEqual([`archive_build_${before.current + 1}`, `archive_build_${before.current + 2}`]);
  });

  it('a build that fails midway leaves the current build untouched (one transaction)', async () => {
    const before = await catalog();
    writeFileSync(join(corpus, 'zz-new.txt'), 'date 2024-01-02 A brand new article that needs embedding before it can be stored.\n');
    const failing = Object.create(embedder, { embed: { value: () => Promise.reject(new Error('embedding failed')) } }) as Embedder;
    await expect(buildPostgresArchive(server.url, config(), { embedder: failing })).rejects.toThrow('embedding failed');
    expect(await catalog()).toEqual(before);
    rmSync(join(corpus, 'zz-new.txt'));
  });
});

describe('clear one-line errors', () => {
  it('an unreachable database', async () => {
    const run = await script('ask', ['audio'], { DATABASE_URL: 'postgres://reader:secret@127.0.0.1:1/archive' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/cannot connect/);
    expect(run.stderr).not.toContain('secret');
  });

  it('a database with no archive yet', async () => {
    const empty = await startPglite();
    try {
      const run = await script('ask', ['audio'], { DATABASE_URL: empty.url });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toMatch(/holds no archive yet; build it with `npm run index -- --store postgres`$/);
    } finally {
      await empty.stop();
    }
  });

  it('--store postgres without DATABASE_URL', async () => {
    const run = await script('index', ['--store', 'postgres'], { CORPUS: corpus, DATABASE_URL: '' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/needs DATABASE_URL/);
  });
});
