// Shared set-up for index tests: temp folders, small corpora and a config pointing at them.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngineConfig, type EngineConfig } from '../../src/config.ts';

export function tempDir(prefix = 'index-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A corpus folder with the seeds plus `extra` articles (`name → text`, dated 2024-01-01). */
export function seedCorpus(root: string, extra: Record<string, string> = {}): string {
  const corpus = join(root, 'corpus');
  mkdirSync(corpus, { recursive: true });
  for (const file of readdirSync('seeds')) copyFileSync(join('seeds', file), join(corpus, file));
  for (const [name, text] of Object.entries(extra)) writeArticle(corpus, name, text);
  return corpus;
}

export function writeArticle(corpus: string, name: string, text: string, date = '2024-01-01'): void {
  writeFileSync(join(corpus, name), `date ${date} ${text}`);
}

export function testConfig(overrides: Record<string, string> = {}): EngineConfig {
  return loadEngineConfig({ HNSW_EF_CONSTRUCTION: '50', ...overrides });
}
