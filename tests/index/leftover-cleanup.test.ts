// Issue 9.5: each build starts by removing what killed builds left behind, and only that.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildArchiveIndex } from '../../src/openArchive.ts';
import { killBuild, seedCorpus, startPausedBuild, tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = testConfig();

describe('leftovers of killed builds', () => {
  const corpus = seedCorpus(root);
  const data = join(root, 'data');
  const out = join(data, 'index');

  it('are removed at the start of the next build; look-alikes this program did not make are kept', async () => {
    await buildArchiveIndex(config, { corpus, out });
    const ours = () => readdirSync(data).filter((name) => /^\.index\.(tmp|v)-/.test(name) && name !== '.index.tmp-999999999-1');
    // Not ours: a user's folder named like a temp folder, with their file in it.
    const lookalike = join(data, '.index.tmp-999999999-1');
    mkdirSync(lookalike);
    writeFileSync(join(lookalike, 'keep.txt'), 'mine');

    await killBuild(await startPausedBuild(corpus, out, 'written'));
    const killedTemp = ours().filter((name) => name.startsWith('.index.tmp-'));
    expect(killedTemp).toHaveLength(1);

    const paused = await startPausedBuild(corpus, out, 'sealed');
    expect(ours()).not.toContain(killedTemp[0]);
    await killBuild(paused);
    expect(ours().filter((name) => name.startsWith('.index.v-'))).toHaveLength(2);

    const report = await buildArchiveIndex(config, { corpus, out });
    expect(report.removedLeftovers).toHaveLength(1);
    expect(report.removedLeftovers[0]).toMatch(/^\.index\.v-/);
    expect(ours()).toHaveLength(1);
    expect(readdirSync(lookalike)).toEqual(['keep.txt']);
  });
});
