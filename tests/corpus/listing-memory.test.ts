// A build lists the corpus first and keeps, per article, only its id and where it lies (issue 24): not its text, and as
// columns of bytes and numbers, not an object an article.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../index/helpers.ts';
import { runCommand } from '../support/runScript.ts';

const root = tempDir('listing-memory-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('listing a JSONL corpus', () => {
  it('keeps under 128 bytes an article of 1 KB (a size ladder, in child processes)', async () => {
    const measure = async (count: number) => {
      const file = join(root, `articles-${count}.jsonl`);
      const text = 'The council met on Monday and passed the budget. '.repeat(20);
      writeFileSync(
        file,
        Array.from({ length: count }, (_, i) => `${JSON.stringify({ id: `a${i}`, date: '2024-01-01', text })}\n`).join(''),
      );
      const snippet =
        "import { listCorpus } from './src/corpus/load.ts'; const held = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };" +
        `globalThis.gc(); const before = held(); const listing = listCorpus(${JSON.stringify(file)});` +
        // Two collections a turn apart: the reading buffer's memory is sometimes still counted after the first.
        'globalThis.gc(); await new Promise((resolve) => setTimeout(resolve, 10)); globalThis.gc();' +
        'console.log(JSON.stringify({ retained: held() - before, count: listing.count }));';
      const run = await runCommand(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', snippet]);
      expect(run.stderr).toBe('');
      rmSync(file);
      return JSON.parse(run.stdout) as { retained: number; count: number };
    };
    const small = await measure(2_000);
    const large = await measure(20_000);
    expect([small.count, large.count]).toEqual([2_000, 20_000]);
    // Each listed article's closure used to keep its line's whole text alive (its size and more an article); then an
    // object, a closure and strings an article kept ~0.5 KB. Now ~50 bytes of columns (ids, offsets, lengths).
    expect((large.retained - small.retained) / 18_000).toBeLessThan(128);
  });
});
