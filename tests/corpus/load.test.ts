import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CorpusError, loadCorpus } from '../../src/corpus/load.ts';

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
