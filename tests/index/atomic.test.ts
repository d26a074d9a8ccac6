import { readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killBuild, seedCorpus, startPausedBuild, tempDir, testConfig, writeArticle } from './helpers.ts';
import { buildArchiveIndex, loadArchiveIndex } from '../../src/openArchive.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = testConfig();

/** Runs a build in a child process that freezes at `step`, then SIGKILLs it there. */
async function buildKilledAt(corpus: string, out: string, step: string): Promise<void> {
  await killBuild(await startPausedBuild(corpus, out, step));
}

const siblings = (out: string) =>
  readdirSync(join(out, '..'))
    .filter((name) => name !== 'corpus')
    .sort();

describe('atomic index swap', () => {
  const corpus = seedCorpus(root);
  const out = join(root, 'data', 'index');

  it.each([
    ['written', 'old'],
    ['sealed', 'old'],
    ['linked', 'new'],
  ])('a build killed at "%s" leaves a loadable (%s) index, and the next build cleans up', async (step, expected) => {
    const before = await buildArchiveIndex(config, { corpus, out });
    writeArticle(corpus, `added-at-${step}.txt`, 'A new article arrived. It changes the index.');

    await buildKilledAt(corpus, out, step);

    const survivor = await loadArchiveIndex(out, config);
    const articles = expected === 'old' ? before.manifest.counts.articles : before.manifest.counts.articles + 1;
    expect(survivor.manifest.counts.articles).toBe(articles);
    expect(siblings(out).length).toBeGreaterThan(2);

    await buildArchiveIndex(config, { corpus, out });
    expect(siblings(out)).toHaveLength(2);
  });

  it('a missing link (killed while replacing a plain folder) is recovered from the newest sealed build', async () => {
    await buildArchiveIndex(config, { corpus, out });
    unlinkSync(out);
    expect((await loadArchiveIndex(out, config)).manifest.counts.articles).toBeGreaterThan(0);
  });
});
