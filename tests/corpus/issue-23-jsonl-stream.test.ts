// Issue 23.4: a JSONL corpus is read as a stream of lines: no whole-file string (so over 512 MB works), and the
// memory a load takes does not grow with the number of lines it skips.
import { appendFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusError, loadCorpus } from '../../src/corpus/load.ts';
import { tempDir } from '../index/helpers.ts';
import { runCommand } from '../support/runScript.ts';

const root = tempDir('jsonl-stream-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const article = (id: string) => `${JSON.stringify({ id, date: '2024-01-01', text: 'The crane fell on Monday.' })}\n`;

describe('a JSONL corpus (issue 23.4)', () => {
  it('over 512 MB loads (a sparse 520 MB line, refused as too long, then an article), strict or skipping', () => {
    const file = join(root, 'huge.jsonl');
    writeFileSync(file, '');
    truncateSync(file, 520 * 1024 * 1024);
    appendFileSync(file, `\n${article('after')}`);
    const { articles, skipped, skippedCount } = loadCorpus(file, { skipInvalid: true });
    expect(articles.map((loaded) => loaded.id)).toEqual(['after']);
    expect(skippedCount).toBe(1);
    expect(skipped[0]).toEqual({ source: `${file}:1`, reason: expect.stringMatching(/^line of 545259520 bytes, over the \d+-byte limit/) });
    expect(() => loadCorpus(file)).toThrow(CorpusError);
  });

  it('lists the first skipped lines and counts them all', () => {
    const file = join(root, 'bad.jsonl');
    writeFileSync(file, `${'{bad\n'.repeat(5_000)}${article('good')}`);
    const { articles, skipped, skippedCount } = loadCorpus(file, { skipInvalid: true });
    expect(articles).toHaveLength(1);
    expect(skippedCount).toBe(5_000);
    expect(skipped.length).toBeLessThanOrEqual(1_000);
    expect(skipped[0].source).toBe(`${file}:1`);
  });

  it('skips 250,000 bad lines in a 40 MB heap, keeping no more than for 50,000 (a size ladder, in child processes)', async () => {
    const measure = async (lines: number) => {
      const file = join(root, `ladder-${lines}.jsonl`);
      writeFileSync(file, `${`{"id": 1, "not json at all ${'x'.repeat(80)}\n`.repeat(lines)}${article('good')}`);
      const snippet =
        "import { loadCorpus } from './src/corpus/load.ts';" +
        `const loaded = loadCorpus(${JSON.stringify(file)}, { skipInvalid: true }); globalThis.gc();` +
        'console.log(JSON.stringify({ retained: process.memoryUsage().heapUsed, skipped: loaded.skippedCount }));';
      // Read whole (a buffer, a string, an array of lines, every skip kept), 400,000 such lines kept 130 MB and ran out of a 40 MB heap.
      const heap = ['--max-old-space-size=40', '--expose-gc'];
      const run = await runCommand(process.execPath, [...heap, '--import', 'tsx', '--input-type=module', '-e', snippet]);
      expect(run.stderr).toBe('');
      rmSync(file);
      return JSON.parse(run.stdout) as { retained: number; skipped: number };
    };
    const small = await measure(50_000);
    const large = await measure(250_000);
    expect([small.skipped, large.skipped]).toEqual([50_000, 250_000]);
    expect(large.retained - small.retained).toBeLessThan(4 * 1024 * 1024);
  });
});
