// Issue 9.1: a build never renames or deletes what the user owns at --out, nor writes into the corpus.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildArchiveIndex, loadArchiveIndex } from '../../src/openArchive.ts';
import { IndexError } from '../../src/index/errors.ts';
import { runTsx } from '../support/runScript.ts';
import { seedCorpus, tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = testConfig();
const corpus = seedCorpus(root);

/** Every file under `dir` with its content, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('--out safety', () => {
  it.each([
    [
      "a folder of the user's files",
      () => {
        const dir = join(root, 'mydocs');
        mkdirSync(dir);
        writeFileSync(join(dir, 'thesis.txt'), 'four years of work');
        return dir;
      },
      /refusing to write over a folder that is not an index built here \(it holds 1 entries, e.g. "thesis\.txt"\)/,
    ],
    [
      'a plain file',
      () => {
        const file = join(root, 'notes.txt');
        writeFileSync(file, 'mine');
        return file;
      },
      /refusing to replace a file that is not an index/,
    ],
    [
      "a symbolic link of the user's",
      () => {
        const link = join(root, 'shortcut');
        symlinkSync(corpus, link);
        return link;
      },
      /refusing to replace a symbolic link this program did not make/,
    ],
    ['the corpus itself', () => corpus, /refusing to write the index inside the corpus/],
    ['a folder inside the corpus', () => join(corpus, 'index'), /refusing to write the index inside the corpus/],
    ['a folder holding the corpus', () => root, /refusing to write the index over the corpus/],
    [
      'a copied index folder',
      async () => {
        const built = join(root, 'built');
        await buildArchiveIndex(config, { corpus, out: built });
        cpSync(built, join(root, 'copied'), { recursive: true, dereference: true });
        return join(root, 'copied');
      },
      /refusing to write over a copied index folder/,
    ],
  ])('refuses %s and leaves every file where it was', async (_name, makeOut: () => string | Promise<string>, message) => {
    const out = await makeOut();
    const before = snapshot(root);
    const linkBefore = existsSync(out) ? lstatSync(out).isSymbolicLink() : undefined;
    const attempt = buildArchiveIndex(config, { corpus, out });
    await expect(attempt).rejects.toThrow(IndexError);
    await expect(buildArchiveIndex(config, { corpus, out })).rejects.toThrow(message);
    expect(snapshot(root)).toEqual(before);
    expect(existsSync(out) ? lstatSync(out).isSymbolicLink() : undefined).toBe(linkBefore);
  });

  it('builds into a missing folder, an empty folder, and over its own index', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    for (const out of [join(root, 'fresh', 'index'), empty]) {
      await buildArchiveIndex(config, { corpus, out });
      expect((await loadArchiveIndex(out, config)).manifest.counts.articles).toBe(2);
      const again = await buildArchiveIndex(config, { corpus, out });
      expect(again.reusedPassages).toBe(12);
    }
  });

  it('npm run index refuses in one line with exit 1', async () => {
    const dir = join(root, 'cli-docs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.txt'), 'four years of work');
    const run = await runTsx(['scripts/index.ts', '--corpus', corpus, '--out', dir], { env: { ...process.env, CI: 'true' } });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: Index .*cli-docs: refusing to write over a folder/);
    expect(readFileSync(join(dir, 'thesis.txt'), 'utf8')).toBe('four years of work');
  });
});
