// An index opened to answer from reads its manifest without every article's hash (src/index/manifestFile.ts): they are
// read from the file when asked for, the same as the whole file parsed, also once the build folder is gone.
import { cpSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexError } from '../../src/index/errors.ts';
import { loadArchiveIndex } from '../../src/openArchive.ts';
import type { IndexManifest } from '../../src/index/types.ts';
import { seedIndex } from '../support/seedIndex.ts';
import { tempDir } from './helpers.ts';

const { config } = seedIndex();
const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the seed index, its manifest rewritten by `rewrite` (given the text, as the build wrote it). */
function copyOfSeeds(name: string, rewrite: (text: string) => string = (text) => text): string {
  const dir = join(root, name);
  cpSync(realpathSync(config.indexDir), dir, { recursive: true });
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, rewrite(readFileSync(manifest, 'utf8')));
  return dir;
}

const written = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as IndexManifest;

describe("a served index's manifest", () => {
  it('reads the articles from the file when asked for, as the whole file parsed gives them, and every other member parsed', async () => {
    const dir = copyOfSeeds('as-built');
    const index = await loadArchiveIndex(dir, config);
    try {
      expect(Object.getOwnPropertyDescriptor(index.manifest, 'articles')?.get).toBeTypeOf('function');
      expect(Object.keys(index.manifest.articles).length).toBe(index.manifest.counts.articles);
      expect({ ...index.manifest }).toEqual(written(dir));
    } finally {
      index.close();
    }
  });

  it('is parsed whole when not laid out as a build writes it (one line), with the same members', async () => {
    const dir = copyOfSeeds('one-line', (text) => JSON.stringify(JSON.parse(text)));
    const index = await loadArchiveIndex(dir, config);
    try {
      expect(Object.getOwnPropertyDescriptor(index.manifest, 'articles')?.get).toBeUndefined();
      expect(index.manifest).toEqual(written(dir));
    } finally {
      index.close();
    }
  });

  it('still reads the articles once the build folder is removed (a reload asks after replacing it)', async () => {
    const dir = copyOfSeeds('removed');
    const expected = written(dir).articles;
    const index = await loadArchiveIndex(dir, config);
    try {
      rmSync(dir, { recursive: true });
      expect(index.manifest.articles).toEqual(expected);
    } finally {
      index.close();
    }
  });

  it('says in one line that the file changed when its articles are no longer where they were', async () => {
    const dir = copyOfSeeds('changed');
    const index = await loadArchiveIndex(dir, config);
    try {
      writeFileSync(join(dir, 'manifest.json'), '{}');
      expect(() => index.manifest.articles).toThrow(IndexError);
      expect(() => index.manifest.articles).toThrow(/manifest\.json changed since the index was opened/);
    } finally {
      index.close();
    }
  });
});
