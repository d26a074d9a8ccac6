// Issue 23.8 and 23.9: an index path or file that is not what it should be is one line, never a stack trace or a
// wait for ever (a FIFO, /dev/zero); what the manifest says is reported as it is.
import { cpSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexError } from '../../src/index/errors.ts';
import { loadArchiveIndex } from '../../src/openArchive.ts';
import { runCommand, runTsx } from '../support/runScript.ts';
import { seedIndex } from '../support/seedIndex.ts';
import { tempDir } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const { config } = seedIndex();

let copies = 0;
/** A real copy of the seeds index (not the link) with `damage` done to it. */
async function damaged(damage: (dir: string) => void | Promise<unknown>): Promise<string> {
  const dir = join(root, `copy-${copies++}`);
  cpSync(config.indexDir, dir, { recursive: true, dereference: true });
  await damage(dir);
  return dir;
}

/** A FIFO in place of `file`: reading it would wait for a writer for ever. */
const fifo = (file: string) => async (dir: string) => {
  unlinkSync(join(dir, file));
  const made = await runCommand('mkfifo', [join(dir, file)]);
  expect(made.status).toBe(0);
};

async function loadError(dir: string): Promise<string> {
  const error = await loadArchiveIndex(dir, config).then(
    (loaded) => loaded,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IndexError);
  const { message } = error as Error;
  expect(message).not.toContain('\n');
  return message;
}

describe('an index that is not what it should be (issue 23.8)', () => {
  it.each([
    ['a FIFO in place of hnsw.bin', fifo('hnsw.bin'), /hnsw\.bin is a named pipe \(FIFO\), not a file/],
    ['a FIFO in place of manifest.json', fifo('manifest.json'), /manifest\.json is a named pipe \(FIFO\), not a file/],
    ['a FIFO in place of articles.json', fifo('articles.json'), /articles\.json is a named pipe \(FIFO\), not a file/],
    [
      'articles.json linked to /dev/zero',
      (dir: string) => {
        unlinkSync(join(dir, 'articles.json'));
        symlinkSync('/dev/zero', join(dir, 'articles.json'));
      },
      /articles\.json is a character device, not a file/,
    ],
    [
      'a folder in place of passages.json',
      (dir: string) => {
        unlinkSync(join(dir, 'passages.json'));
        mkdirSync(join(dir, 'passages.json'));
      },
      /passages\.json is a folder, not a file/,
    ],
    [
      'a file grown past the size the manifest records',
      (dir: string) => writeFileSync(join(dir, 'hnsw.bin'), Buffer.alloc(1 << 20)),
      /hnsw\.bin is 1048576 bytes, more than the \d+ expected/,
    ],
    [
      'a manifest with its schema version as a string',
      (dir: string) => writeFileSync(join(dir, 'manifest.json'), '{"schemaVersion":"4"}'),
      /manifest\.json has schema version "4" \(a string\), this code reads \d+/,
    ],
  ])('refuses %s in one line, without waiting', { timeout: 30_000 }, async (_, damage, message) => {
    expect(await loadError(await damaged(damage))).toMatch(message);
  });

  it.each([
    ['a file', () => (writeFileSync(join(root, 'afile'), 'x\n'), join(root, 'afile'))],
    ['/dev/null', () => '/dev/null'],
  ])('`npm run ask -- --index` at %s is one line, exit 1', async (_, target) => {
    const run = await runTsx(['scripts/ask.ts', '--index', target(), 'Who was informed?'], { timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: Index .*: is not a folder; name the folder/)]);
  });
});
