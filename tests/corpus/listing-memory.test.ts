// A build lists the corpus first and keeps, per article, only its id and where it lies (issue 24): not its text.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../index/helpers.ts';
import { runCommand } from '../support/runScript.ts';

const root = tempDir('listing-memory-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('listing a JSONL corpus', () => {
  it('keeps well under a kilobyte an article of 4 KB (a size ladder, in child processes)', async () => {
    const measure = async (count: number) => {
      const file = join(root, `articles-${count}.jsonl`);
      const text = 'The council met on Monday and passed the budget. '.repeat(82);
      writeFileSync(
        file,
        Array.from({ length: count }, (_, i) => `${JSON.stringify({ id: `a${i}`, date: '2024-01-01', text })}\n`).join(''),
      );
      const snippet =
        "import { listCorpus } from './src/corpus/load.ts'; globalThis.gc(); const before = process.memoryUsage().heapUsed;" +
        `const listing = listCorpus(${JSON.stringify(file)}); globalThis.gc();` +
        'console.log(JSON.stringify({ retained: process.memoryUsage().heapUsed - before, count: listing.count }));';
      const run = await runCommand(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', snippet]);
      expect(run.stderr).toBe('');
      rmSync(file);
      return JSON.parse(run.stdout) as { retained: number; count: number };
    };
    const small = await measure(1_000);
    const large = await measure(5_000);
    expect([small.count, large.count]).toEqual([1_000, 5_000]);
    // Each listed article's closure used to keep its line's whole text alive: 4 KB and more an article.
    expect((large.retained - small.retained) / 4_000).toBeLessThan(1_024);
  });
});
