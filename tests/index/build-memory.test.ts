// What the index writer keeps per article while a build streams through it (issue 24): entities, hashes and the dates'
// order go to its folder, a few numbers an article stay. A size ladder in child processes (as listing-memory.test.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/runScript.ts';
import { tempDir } from './helpers.ts';

const root = tempDir('build-memory-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Feeds `count` articles (a person, a date and an attributed quotation each) to an IndexWriter, in batches of 500. */
const feed = (dir: string, count: number) => `
import { mkdirSync } from 'node:fs';
import { IndexWriter } from './src/index/indexWriter.ts';
mkdirSync(${JSON.stringify(dir)});
const text = 'Jane Doe said "we will build it" on Monday, and the council agreed.';
const article = (i) => ({
  id: 'article-' + String(i).padStart(6, '0'),
  date: '2024-0' + (1 + (i % 9)) + '-1' + (i % 7),
  text,
  sentences: [{ start: 0, end: text.length }],
  entities: {
    people: [{ name: 'Jane Doe', start: 0, end: 8, sentence: 0, person: 'Jane Doe', evidence: 'full-name' }],
    dates: [{ expression: 'Monday', start: 35, end: 41, sentence: 0, from: '2024-01-01', to: '2024-01-01', rule: 'weekday' }],
    quotations: [{ start: 14, end: 32, pieces: [{ start: 14, end: 32 }], cue: 'said', speaker: { kind: 'name', name: 'Jane Doe' }, rule: 'r' }],
  },
});
globalThis.gc();
const before = process.memoryUsage();
const writer = new IndexWriter(${JSON.stringify(dir)}, 4);
for (let first = 0; first < ${count}; first += 500) {
  const stored = Array.from({ length: Math.min(500, ${count} - first) }, (_, i) => article(first + i));
  const hashes = Object.fromEntries(stored.map(({ id }) => [id, { hash: 'ab'.repeat(32), passages: 1 }]));
  writer.add({ stored, passages: [], vectors: new Float32Array(0), sentenceVectors: new Float32Array(stored.length * 4), hashes });
}
// Two collections a turn apart: freed buffers are sometimes still counted after the first.
globalThis.gc();
await new Promise((resolve) => setTimeout(resolve, 10));
globalThis.gc();
const after = process.memoryUsage();
console.log(JSON.stringify({ retained: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers }));
`;

describe('the index writer', () => {
  it('keeps well under 100 bytes an article while batches stream through it', async () => {
    const measure = async (count: number) => {
      const run = await runCommand(process.execPath, [
        '--expose-gc',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        feed(join(root, `writer-${count}`), count),
      ]);
      expect(run.stderr).toBe('');
      return (JSON.parse(run.stdout) as { retained: number }).retained;
    };
    const small = await measure(2_000);
    const large = await measure(30_000);
    // It used to keep each article's id, date and entities row: ~0.4 KB an article. Now ~12 bytes of columns (dates and
    // where each article's date mentions lie), give or take half a megabyte between runs.
    expect((large - small) / 28_000).toBeLessThan(100);
  });
});
