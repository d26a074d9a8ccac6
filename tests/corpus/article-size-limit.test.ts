// Issue 9.6: an article over MAX_ARTICLE_BYTES is refused by name before it is analysed; the rest still indexes.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusError, loadCorpus, MAX_ARTICLE_BYTES } from '../../src/corpus/load.ts';
import { buildArchiveIndex } from '../../src/openArchive.ts';
import { seedCorpus, tempDir, testConfig } from '../index/helpers.ts';

const root = tempDir('article-size-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const longText = 'A sentence of a very long article. '.repeat(Math.ceil(MAX_ARTICLE_BYTES / 35) + 1);

describe('article size limit', () => {
  it('refuses an over-long .txt article naming the file and the limit; --skip-invalid indexes the rest', async () => {
    const corpus = seedCorpus(root);
    writeFileSync(join(corpus, 'huge.txt'), `date 2024-01-01 ${longText}`);
    expect(() => loadCorpus(corpus)).toThrow(CorpusError);
    expect(() => loadCorpus(corpus)).toThrow(new RegExp(`huge\\.txt: \\d+ bytes, over the ${MAX_ARTICLE_BYTES}-byte limit per article`));
    const report = await buildArchiveIndex(testConfig(), { corpus, out: join(root, 'index'), skipInvalid: true });
    expect(report.skipped.map((skip) => skip.source)).toEqual([join(corpus, 'huge.txt')]);
    expect(report.manifest.counts.articles).toBe(2);
  });

  it('refuses an over-long JSONL record naming its line', () => {
    const file = join(root, 'huge.jsonl');
    const line = (id: string, text: string) => JSON.stringify({ id, date: '2024-01-01', text });
    writeFileSync(file, `${line('small', 'Short.')}\n${line('big', longText)}\n`);
    expect(() => loadCorpus(file)).toThrow(
      new RegExp(`huge\\.jsonl:2: article "big" is \\d+ bytes, over the ${MAX_ARTICLE_BYTES}-byte limit`),
    );
    expect(loadCorpus(file, { skipInvalid: true }).articles.map((article) => article.id)).toEqual(['small']);
  });
});
