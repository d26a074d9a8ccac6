// catalog.bin: every article's citation, record and sentence rows as the build wrote them, found by id, without a row
// object per article; a catalog that is not one is one line, and an index from before it still opens.
import { cpSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citationOf } from '../../src/corpus/label.ts';
import { Catalog, recordText } from '../../src/index/catalog.ts';
import { IndexError } from '../../src/index/errors.ts';
import { buildArchiveIndex, loadArchiveIndex, openArchive } from '../../src/openArchive.ts';
import { readStoredIndex } from '../../src/index/store.ts';
import type { StoredArticle } from '../../src/domain/article.ts';
import { tempDir, testConfig } from './helpers.ts';

const root = tempDir();
const config = testConfig();
const built = join(root, 'index');
let articles: StoredArticle[];
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await buildArchiveIndex(config, { corpus: 'seeds', out: built });
  articles = (await readStoredIndex(built, async () => {})).articles;
});

const catalogBytes = () => readFileSync(join(built, 'catalog.bin'));

describe('catalog.bin', () => {
  it("gives every article's citation, as the article itself gives it, found by its id", () => {
    const catalog = new Catalog(catalogBytes(), articles.length);
    expect(catalog.size).toBe(articles.length);
    articles.forEach((article, row) => {
      expect(catalog.rowOf(article.id)).toBe(row);
      expect(catalog.idAt(row)).toBe(article.id);
      expect(catalog.dateAt(row)).toBe(article.date);
      expect(catalog.citationAt(row)).toEqual(citationOf(article));
    });
    expect(catalog.rowOf('no such article')).toBe(-1);
    const days = articles.map((article) => article.date).sort();
    expect(catalog.publishedRange()).toEqual({ from: days[0], to: days.at(-1) });
  });

  it("lays each article's sentence rows after the previous article's", () => {
    const catalog = new Catalog(catalogBytes(), articles.length);
    let first = 0;
    articles.forEach((article, row) => {
      expect(catalog.sentencesAt(row)).toMatchObject({ first, count: article.sentences.length });
      first += article.sentences.length;
    });
  });

  it.each([
    ['another format', (bytes: Buffer) => Buffer.concat([Buffer.from('{"rows":'), bytes.subarray(8)]), /is not a catalog this code reads/],
    [
      'another row count',
      (bytes: Buffer) => Buffer.concat([bytes.subarray(0, -4), Buffer.from([1, 0, 0, 0])]),
      /does not list the \d+ articles/,
    ],
    ['a row cut short', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 40), bytes.subarray(-4)]), /is malformed at its row 0/],
    [
      'bytes past its rows',
      (bytes: Buffer) => Buffer.concat([bytes.subarray(0, -4), Buffer.alloc(7), bytes.subarray(-4)]),
      /holds more than its rows/,
    ],
    ['nothing', () => Buffer.alloc(0), /is not a catalog this code reads/],
  ])('refuses %s with one message', (_, change, message) => {
    expect(() => new Catalog(change(catalogBytes()), articles.length)).toThrow(message);
  });

  it('is not needed: an index from before it (no catalog.bin in its manifest) opens and answers the same', async () => {
    const old = join(root, 'before-catalog');
    cpSync(realpathSync(built), old, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(old, 'manifest.json'), 'utf8'));
    delete manifest.files['catalog.bin'];
    writeFileSync(join(old, 'manifest.json'), JSON.stringify(manifest));
    rmSync(join(old, 'catalog.bin'));
    const index = await loadArchiveIndex(old, config);
    expect(index.catalog).toBeUndefined();
    const question = 'What did the council pass?';
    const answers = [];
    for (const indexDir of [built, old]) {
      const archive = await openArchive({ ...config, indexDir });
      answers.push(await archive.ask({ question }));
      await archive.close();
    }
    expect(answers[1]).toEqual(answers[0]);
  });
});

// The phrase check reads up to 200 passages a question: their articles' texts are read alone, each record still checked.
describe("an article's text read alone", () => {
  it('is the text its whole record gives, for every article, read before or after the record', async () => {
    const index = await loadArchiveIndex(built, config);
    for (const article of articles) expect(index.articles.textOf(article.id)).toBe(article.text);
    for (const article of articles) expect(index.articles.get(article.id)!.text).toBe(index.articles.textOf(article.id));
    expect(index.articles.textOf('no such article')).toBeUndefined();
    index.close();
  });

  it('is one IndexError naming the record when any byte of its text changed, never another text', async () => {
    const changed = join(root, 'changed-texts');
    cpSync(realpathSync(built), changed, { recursive: true });
    const path = join(changed, 'articles.json');
    // Every record's text gets one letter changed (JSON and UTF-8 stay valid): only the checksums can tell.
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(/"text":"(.)/g, (_, first: string) => `"text":"${first === 'X' ? 'Y' : 'X'}`),
    );
    const index = await loadArchiveIndex(changed, config);
    for (const article of articles) {
      expect(() => index.articles.textOf(article.id)).toThrow(IndexError);
      expect(() => index.articles.textOf(article.id)).toThrow(`articles.json is corrupt at the record of ${article.id}`);
    }
    const [named] = articles.flatMap((article) => article.text.match(/\b[A-Z][a-z]+ [A-Z][a-z]+\b/) ?? []);
    expect(() => index.lexical!.query({ text: `What did ${named} say?`, vector: new Float32Array(0) }, { limit: 5 })).toThrow(
      /articles\.json is corrupt at the record of /,
    );
    index.close();
  });

  it('is checked again at every read: a record changed after it was read whole is one IndexError the next time', async () => {
    const changed = join(root, 'changed-after-reading');
    cpSync(realpathSync(built), changed, { recursive: true });
    const path = join(changed, 'articles.json');
    const index = await loadArchiveIndex(changed, config);
    const read = articles.map((article) => index.articles.get(article.id)!);
    expect(read.map(({ text }) => text)).toEqual(articles.map(({ text }) => text));
    // The same file, rewritten in place with one letter of every text changed (same length): nothing read before is kept.
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(/"text":"(.)/g, (_, first: string) => `"text":"${first === 'X' ? 'Y' : 'X'}`),
    );
    for (const article of articles) {
      expect(() => index.articles.get(article.id)).toThrow(`articles.json is corrupt at the record of ${article.id}`);
      expect(() => index.articles.textOf(article.id)).toThrow(`articles.json is corrupt at the record of ${article.id}`);
    }
    index.close();
  });

  const text = fc.string({ unit: 'binary', maxLength: 60 });
  const record = fc.record({
    id: text,
    date: fc.constant('2024-01-01'),
    title: fc.option(text, { nil: undefined }),
    source: fc.option(fc.constantFrom('"text":"', '{"text":"x"}', '\\', 'https://example.com/a?b="c"'), { nil: undefined }),
    nested: fc.array(fc.record({ text, start: fc.integer(), flag: fc.boolean(), none: fc.constant(null) }), { maxLength: 3 }),
    text,
    sentences: fc.array(fc.record({ start: fc.nat(), end: fc.nat() }), { maxLength: 3 }),
  });

  it('decodes the same text as parsing the whole record, whatever the strings and the fields before it', () => {
    fc.assert(
      fc.property(record, fc.boolean(), (article, textFirst) => {
        const { text: value, ...rest } = article;
        const json = JSON.stringify(textFirst ? { text: value, ...rest } : article);
        expect(recordText(Buffer.from(json))).toBe((JSON.parse(json) as { text: string }).text);
      }),
      { seed: 23, numRuns: 500 },
    );
  });

  it.each([
    ['no text', '{"id":"a","date":"2024-01-01"}'],
    ['a text that is not a string', '{"id":"a","text":12}'],
    ['a text inside another field only', '{"id":"a","nested":{"text":"b"}}'],
    ['an array', '["text","b"]'],
    ['a string cut short', '{"id":"a","text":"b'],
    ['nothing', ''],
  ])('finds no text in a record with %s', (_, json) => {
    expect(recordText(Buffer.from(json))).toBeUndefined();
  });
});
