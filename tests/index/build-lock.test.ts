// Issue 9.4: one build at a time per index; a lock left by a killed build is taken over.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildArchiveIndex, loadArchiveIndex } from '../../src/openArchive.ts';
import { killBuild, seedCorpus, startPausedBuild, tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = testConfig();

describe('build lock', () => {
  const corpus = seedCorpus(root);
  const out = join(root, 'data', 'index');
  const lock = join(root, 'data', '.index.lock');

  it('refuses a second build while one runs, naming its pid, then recovers the lock once that build is killed', async () => {
    await buildArchiveIndex(config, { corpus, out });
    const running = await startPausedBuild(corpus, out, 'written');
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(running.pid));

    await expect(buildArchiveIndex(config, { corpus, out })).rejects.toThrow(
      new RegExp(`another build \\(pid ${running.pid}\\) is writing this index; wait for it to finish`),
    );
    expect((await loadArchiveIndex(out, config)).manifest.counts.articles).toBe(2);

    await killBuild(running);
    expect(existsSync(lock)).toBe(true);
    const report = await buildArchiveIndex(config, { corpus, out });
    expect(report.reusedPassages).toBe(12);
    expect(existsSync(lock)).toBe(false);
  });
});
