// Shared set-up for index tests: temp folders, small corpora and a config pointing at them.
import { spawn, type ChildProcess } from 'node:child_process';
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

/** A build in a child process, frozen at publishing `step` (see pausing-build.ts) until the caller kills it. */
export function startPausedBuild(corpus: string, out: string, step: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/index/pausing-build.ts', corpus, out, step], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(`paused at ${step}`)) resolve(child);
    });
    child.on('exit', () => {
      clearTimeout(guard);
      reject(new Error(`child ended without pausing: ${stderr}`));
    });
  });
}

/** Kills a paused build and waits until it is gone. */
export function killBuild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
