// Issue 23.7: clean-up and link replacement touch only what carries this program's marker and naming.
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recoverIndex, removeStale } from '../../src/index/files.ts';
import { buildArchiveIndex } from '../../src/openArchive.ts';
import { seedCorpus, tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = testConfig();
const corpus = seedCorpus(root);

describe('what is beside an index but not ours (issue 23.7)', () => {
  it('survives a build: a folder .X.v-backup/ with a manifest.json but no marker, a link .X.link-99999', async () => {
    const data = join(root, 'data');
    const out = join(data, 'index');
    await buildArchiveIndex(config, { corpus, out });
    const backup = join(data, '.index.v-backup');
    mkdirSync(backup);
    writeFileSync(join(backup, 'manifest.json'), '{"mine": true}');
    symlinkSync(corpus, join(data, '.index.link-99999'));
    symlinkSync('.index.v-backup', join(data, '.index.link-99998'));

    await buildArchiveIndex(config, { corpus, out });
    expect(removeStale(out)).toEqual([]);
    expect(readFileSync(join(backup, 'manifest.json'), 'utf8')).toBe('{"mine": true}');
    expect(readlinkSync(join(data, '.index.link-99999'))).toBe(corpus);
    expect(readlinkSync(join(data, '.index.link-99998'))).toBe('.index.v-backup');

    // With the index link gone, repair points it at the newest build of ours, not at the user's look-alike.
    rmSync(out);
    expect(recoverIndex(out)).toBe(true);
    expect(readlinkSync(out)).toMatch(/^\.index\.v-\d{15}-\d+$/);
  });

  it("is not taken for the index: a user's link X -> .X.v-mine is refused, not replaced", async () => {
    const data = join(root, 'mine');
    mkdirSync(join(data, '.index.v-mine'), { recursive: true });
    writeFileSync(join(data, '.index.v-mine', 'manifest.json'), '{"mine": true}');
    symlinkSync('.index.v-mine', join(data, 'index'));
    await expect(buildArchiveIndex(config, { corpus, out: join(data, 'index') })).rejects.toThrow(
      /refusing to replace a symbolic link this program did not make/,
    );
    expect(readlinkSync(join(data, 'index'))).toBe('.index.v-mine');
    expect(lstatSync(join(data, '.index.v-mine')).isDirectory()).toBe(true);
    expect(readdirSync(data).sort()).toEqual(['.index.v-mine', 'index']);
  });
});
