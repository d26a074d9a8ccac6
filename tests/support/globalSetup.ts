// Builds the real seeds index once per test run; tests read it through tests/support/seedIndex.ts and never write to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadEngineConfig } from '../../src/config.ts';
import { buildArchiveIndex } from '../../src/openArchive.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The environment (CORPUS, INDEX_DIR, …) that points the engine at the shared seeds index. */
    seedIndexEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'seed-index-'));
  const env = { CORPUS: 'seeds', INDEX_DIR: join(root, 'index'), HNSW_EF_CONSTRUCTION: '50' };
  await buildArchiveIndex(loadEngineConfig(env));
  project.provide('seedIndexEnv', env);
  return () => rmSync(root, { recursive: true, force: true });
}
