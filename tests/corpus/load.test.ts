import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusError, listCorpus, loadCorpus } from '../../src/corpus/load.ts';

const fixtures = 'tests/fixtures/corpus';

describe('loadCorpus', () => {
  it('reads the seeds: id is the file name, text follows the date and one space verbatim', () => {
    const { articles, skipped } = loadCorpus('seeds');
    expect(skipped).toEqual([]);
    expect(articles.map((a) => a.id)).toEqual(['000_ae1dca75ecde649c.txt', '002_da930858047ced72.txt']);
    const raw = readFileSync('seeds/000_ae1dca75ecde649c.txt', 'utf8');
    expect(articles[0].date).toBe('2023-08-25');
    expect(articles[0].text.startsWith('A man types on a computer keyboard')).toBe(true);
    expect(raw.endsWith(articles[0].text)).toBe(true);
    expect(raw.length - articles[0].text.length).toBe(' date 2023-08-25 '.length);
  });

  it('names the invalid .txt file and stops, unless skipInvalid', () => {
    expect(() => loadCorpus(`${fixtures}/txt-mixed`)).toThrow(CorpusError);
    expect(() => loadCorpus(`${fixtures}/txt-mixed`)).toThrow(/b-bad-date\.txt: invalid date "2024-02-30"/);
    const { articles, skipped } = loadCorpus(`${fixtures}/txt-mixed`, { skipInvalid: true });
    expect(articles.map((a) => a.id)).toEqual(['a-good.txt']);
    expect(skipped.map((s) => [s.source.split('/').pop(), s.reason])).toEqual([
      ['b-bad-date.txt', 'invalid date "2024-02-30" (no such day)'],
      ['c-no-header.txt', 'missing header: the file must start with "date YYYY-MM-DD"'],
      ['d-empty.txt', 'empty text after the date header'],
    ]);
  });

  it('names the invalid JSONL line and stops, unless skipInvalid', () => {
    const file = `${fixtures}/mixed.jsonl`;
    expect(() => loadCorpus(file)).toThrow(`${file}:2: invalid date "2023-5-1" (expected YYYY-MM-DD)`);
    const { articles, skipped } = loadCorpus(file, { skipInvalid: true });
    expect(articles).toEqual([
      { id: 'j1', date: '2023-05-01', title: 'One', text: 'Alpha beta. Gamma delta.', source: 'wire' },
      { id: 'j4', date: '2023-05-04', text: 'Fine again.' },
    ]);
    expect(skipped.map((s) => s.source)).toEqual([`${file}:2`, `${file}:3`, `${file}:5`, `${file}:7`]);
    expect(skipped[1].reason).toMatch(/^bad JSON/);
    expect(skipped[3].reason).toBe('duplicate article id "j1"');
  });

  it('rejects a missing path even with skipInvalid', () => {
    expect(() => loadCorpus('no/such/corpus', { skipInvalid: true })).toThrow(/no such file or folder/);
  });
});

describe('listCorpus', () => {
  const root = mkdtempSync(join(tmpdir(), 'list-corpus-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['the seeds (.txt files)', 'seeds'],
    ['a folder with invalid files', `${fixtures}/txt-mixed`],
    ['a JSONL file with invalid lines and a duplicate id', `${fixtures}/mixed.jsonl`],
  ])('lists %s as loadCorpus loads it, each article read again when its turn comes', (_name, path) => {
    const loaded = loadCorpus(path, { skipInvalid: true });
    const { articles, count, ...rest } = listCorpus(path, { skipInvalid: true });
    expect(count).toBe(loaded.articles.length);
    expect([...articles()]).toEqual(loaded.articles);
    expect(rest).toEqual({ skipped: loaded.skipped, skippedCount: loaded.skippedCount, warnings: loaded.warnings });
  });

  it('reads lines across reads, a byte-order mark and invalid UTF-8 as loadCorpus does', () => {
    const file = join(root, 'long.jsonl');
    const line = (id: string, text: string) => `${JSON.stringify({ id, date: '2024-01-02', text })}\n`;
    const bytes = Buffer.concat([
      Buffer.from(`\uFEFF${line('a', 'First.')}`),
      // Lines of 0.9 MB: the file is read a megabyte at a time, so they straddle reads.
      Buffer.from(line('b', 'x'.repeat(900_000))),
      Buffer.from('{"id":"c","date":"2024-01-03","text":"bad \xff byte"}\n', 'latin1'),
      Buffer.from(line('d', 'ü'.repeat(450_000))),
      Buffer.from(line('e', 'Last, ünïcode.')),
    ]);
    writeFileSync(file, bytes);
    const { articles } = listCorpus(file);
    expect([...articles()]).toEqual(loadCorpus(file).articles);
  });

  it('names an article changed between listing and reading it', () => {
    const file = join(root, 'changing.jsonl');
    writeFileSync(file, '{"id":"a","date":"2024-01-02","text":"One."}\n{"id":"b","date":"2024-01-02","text":"Two."}\n');
    const { articles } = listCorpus(file);
    writeFileSync(file, '{"id":"a","date":"2024-01-02","text":"One."}\n{"id":"z","date":"2024-01-02","text":"Two."}\n');
    const read = articles();
    expect(read.next().value).toMatchObject({ id: 'a' });
    expect(() => read.next()).toThrow(`${file}:2: changed while it was read (article "z" is there now); build again`);
  });
});
