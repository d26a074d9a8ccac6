// Issue 23.5 and 23.8: an --out the build cannot use is one line (an IndexError), never a stack trace or a loop.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexError } from '../../src/index/errors.ts';
import type { PublishStep } from '../../src/index/files.ts';
import { checkOutTarget } from '../../src/index/outTarget.ts';
import { buildArchiveIndex } from '../../src/openArchive.ts';
import { runTsx } from '../support/runScript.ts';
import { seedCorpus, tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = testConfig();
const corpus = seedCorpus(root);

async function buildError(out: string, pauseAt?: (step: PublishStep) => Promise<void>): Promise<IndexError> {
  const error = await buildArchiveIndex(config, { corpus, out, pauseAt }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IndexError);
  expect((error as Error).message).not.toContain('\n');
  return error as IndexError;
}

describe('an --out the build cannot use', () => {
  it.each(['', '   '])('is refused when empty (%j): it would stand for the working folder', (out) => {
    expect(() => checkOutTarget(out, corpus)).toThrow(/--out is empty/);
  });

  it('is refused in one line when a file stands in its path', async () => {
    writeFileSync(join(root, 'notes.txt'), 'mine');
    const error = await buildError(join(root, 'notes.txt', 'index'));
    expect(error.message).toMatch(/notes\.txt is a file, not a folder/);
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('is refused in one line when its folder may not be written (EACCES; as root, a folder of /sys: EPERM)', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    const out = process.getuid?.() === 0 ? '/sys/kernel/quote-archive-index' : join(locked, 'index');
    expect((await buildError(out)).message).toMatch(/cannot write beside it/);
    chmodSync(locked, 0o700);
  });

  it('is refused, not filled, when someone fills the empty --out folder during the build; the build leaves nothing behind', async () => {
    const out = join(root, 'filled');
    mkdirSync(out);
    const error = await buildError(out, async (step) => {
      if (step === 'written') writeFileSync(join(out, 'report.txt'), 'written meanwhile');
    });
    expect(error.message).toMatch(/filled during the build/);
    expect(readdirSync(out)).toEqual(['report.txt']);
    expect(readdirSync(root).filter((entry) => entry.startsWith('.filled.'))).toEqual([]);
  });

  it('`npm run index -- --out /proc/…` says so in one line at once (a recursive mkdir there loops for ever)', async () => {
    const run = await runTsx(['scripts/index.ts', '--corpus', corpus, '--out', '/proc/quote-archive-test/index'], {
      env: { ...process.env, CI: 'true' },
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: Index \/proc\/quote-archive-test\/index: /)]);
    expect(existsSync('/proc/quote-archive-test')).toBe(false);
  });
});
