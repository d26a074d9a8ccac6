// Builds the real seeds index once per test run; tests read it through tests/support/seedIndex.ts and never write to it.
// In the `postgres` project the seeds are also built into Postgres (PGlite served over the wire) and DATABASE_URL
// points the shared index there, so the same tests run against the Postgres store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadEngineConfig } from '../../src/config.ts';
import { startPglite } from '../../eval/pglite.ts';
import { buildArchiveIndex, buildPostgresArchive } from '../../src/openArchive.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The environment (CORPUS, INDEX_DIR, …) that points the engine at the shared seeds index. */
    seedIndexEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'seed-index-'));
  const env: Record<string, string> = { CORPUS: 'seeds', INDEX_DIR: join(root, 'index'), HNSW_EF_CONSTRUCTION: '50' };
  await buildArchiveIndex(loadEngineConfig(env));
  const database = project.name === 'postgres' ? await startPglite() : undefined;
  if (database) {
    await buildPostgresArchive(database.url, loadEngineConfig(env));
    env.DATABASE_URL = database.url;
  }
  project.provide('seedIndexEnv', env);
  return async () => {
    await database?.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
