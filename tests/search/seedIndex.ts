// A real seeds index in a temp folder, built once per test file, and the config pointing at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngineConfig, type EngineConfig } from '../../src/config.ts';
import { buildArchiveIndex } from '../../src/openArchive.ts';

export interface SeedIndex {
  root: string;
  config: EngineConfig;
  env: Record<string, string>;
  remove(): void;
}

export async function buildSeedIndex(): Promise<SeedIndex> {
  const root = mkdtempSync(join(tmpdir(), 'search-test-'));
  const env = { CORPUS: 'seeds', INDEX_DIR: join(root, 'index'), HNSW_EF_CONSTRUCTION: '50' };
  const config = loadEngineConfig(env);
  await buildArchiveIndex(config);
  return { root, config, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}
