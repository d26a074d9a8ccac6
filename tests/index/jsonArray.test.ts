// parseJsonArray: the same result as JSON.parse, a slice at a time with pause points between slices; JsonArrayWriter:
// the bytes JSON.stringify gives, written an element at a time.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonArrayWriter, parseJsonArray, writeJsonArray } from '../../src/index/jsonArray.ts';
import { AppendedFile } from '../../src/index/files.ts';

// A pace that never pauses but is not `unpaced`, which parses whole: the slicing is what is tested here.
const noPause = () => Promise.resolve();
const parse = (text: string) => parseJsonArray(Buffer.from(text, 'utf8'), noPause);

describe('parseJsonArray', () => {
  it.each([
    ['an empty array', '[]'],
    ['numbers and literals', ' [1, -2.5e3, true, false, null] \n'],
    ['strings holding brackets, braces and commas', '["a,b", "[x]", "{y}", "}]"]'],
    ['escaped quotes and backslashes', String.raw`["say \"hi\"", "C:\\", "\\\"", "end\\"]`],
    ['nested objects and arrays', '[{"id":"a","entities":{"people":[{"name":"X, Y"}],"dates":[]}},[[1],[2,[3]]]]'],
    ['unicode, escapes and a BOM-free multi-byte text', '["Karachi — “quoted”", "\\u00e9\\n", "日本語"]'],
  ])('parses %s as JSON.parse does', async (_name, text) => {
    expect(await parse(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['an object', '{"a":[1,2]}'],
    ['a string', '"[1,2]"'],
  ])('parses a top level other than an array (%s) whole', async (_name, text) => {
    expect(await parse(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['unterminated', '[{"a":1},'],
    ['trailing garbage', '[1,2] x'],
    ['a broken element', '[{"a":1},{"b":}]'],
  ])("rejects malformed JSON (%s) with JSON.parse's own error", async (_name, text) => {
    await expect(parse(text)).rejects.toThrow(SyntaxError);
  });

  it('parses a large array in slices, pausing between them, into the same elements', async () => {
    const articles = Array.from({ length: 3_000 }, (_, i) => ({
      id: `article-${i}`,
      text: `"Quoted", he said, [${i}] {braces} \\ backslash ${'x'.repeat(1_000)}`,
      entities: { people: [{ name: `Person ${i}`, sentence: i % 7 }] },
    }));
    const bytes = Buffer.from(JSON.stringify(articles), 'utf8');
    let pauses = 0;
    const parsed = await parseJsonArray(bytes, async () => {
      pauses++;
    });
    expect(parsed).toEqual(articles);
    // 3 MB of JSON, parsed a quarter of a megabyte at a time.
    expect(pauses).toBeGreaterThanOrEqual(8);
  });
});

describe('JsonArrayWriter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'json-array-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['an empty array', []],
    ['literals, and undefined as null', [1, 'a', null, true, undefined, { b: undefined, c: [1] }]],
  ])('writes %s as JSON.stringify does, with its size and sha256', (name, items) => {
    const path = join(dir, `${name}.json`);
    const sums = writeJsonArray(path, items);
    const bytes = readFileSync(path);
    expect(bytes.toString('utf8')).toBe(JSON.stringify(items));
    expect(sums).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it('says where each element lies, so one can be read back alone', () => {
    const articles = Array.from({ length: 3_000 }, (_, i) => ({ id: `a${i}`, text: `wörd ${'word '.repeat(200 + (i % 50))}` }));
    const path = join(dir, 'articles.json');
    const writer = new JsonArrayWriter(new AppendedFile(path));
    const places = articles.map((article) => writer.push(article));
    writer.close();
    const bytes = readFileSync(path);
    expect(bytes.toString('utf8')).toBe(JSON.stringify(articles));
    for (const i of [0, 1, 1_234, 2_999]) {
      const { offset, bytes: length } = places[i];
      expect(JSON.parse(bytes.toString('utf8', offset, offset + length))).toEqual(articles[i]);
    }
  });
});
