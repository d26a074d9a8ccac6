// Issue 9.3: a load reads every file from the one build the link pointed at, even while rebuilds swap it.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildArchiveIndex, loadArchiveIndex } from '../../src/openArchive.ts';
import { seedCorpus, tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = testConfig();

/** Rebuilds `out` from each corpus in turn, in a child process (sequentially), resolving when all are done. */
function rebuildInTurn(corpora: string[], out: string): Promise<void> {
  const script = `for (const corpus of ${JSON.stringify(corpora)}) await buildArchiveIndex(loadEngineConfig({ HNSW_EF_CONSTRUCTION: '50' }), { corpus, out: ${JSON.stringify(out)} });`;
  const code = `import { loadEngineConfig } from './src/config.ts'; import { buildArchiveIndex } from './src/openArchive.ts'; ${script}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(stderr))));
  });
}

describe('loading during rebuilds', () => {
  it('every load while 6 rebuilds swap the index is whole and consistent', async () => {
    const small = seedCorpus(join(root, 'small'));
    const large = seedCorpus(join(root, 'large'), { 'extra.txt': 'One more article. It adds passages to the index. And sentences too.' });
    const out = join(root, 'index');
    await buildArchiveIndex(config, { corpus: small, out });
    let done = false;
    const rebuilds = rebuildInTurn([large, small, large, small, large, small], out).then(
      () => undefined,
      (error: Error) => error.message,
    );
    void rebuilds.finally(() => (done = true));
    const failures: string[] = [];
    let loads = 0;
    while (!done) {
      try {
        const index = await loadArchiveIndex(out, config);
        const articles = index.passages.every((passage) => index.articles.has(passage.articleId));
        if (!articles || index.passages.length !== index.manifest.counts.passages) failures.push('mixed builds');
      } catch (error) {
        failures.push((error as Error).message);
      }
      loads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await rebuilds).toBeUndefined();
    expect(failures).toEqual([]);
    expect(loads).toBeGreaterThan(6);
  });
});
