// parseJsonArray: the same result as JSON.parse, a slice at a time with pause points between slices.
import { describe, expect, it } from 'vitest';
import { jsonArrayChunks, parseJsonArray } from '../../src/index/jsonArray.ts';
import { unpaced } from '../../src/pace.ts';

const parse = (text: string) => parseJsonArray(Buffer.from(text, 'utf8'), unpaced);

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

describe('jsonArrayChunks', () => {
  it.each([
    ['an empty array', []],
    ['literals, and undefined as null', [1, 'a', null, true, undefined, { b: undefined, c: [1] }]],
  ])('writes %s as JSON.stringify does', (_name, items) => {
    expect([...jsonArrayChunks(items)].join('')).toBe(JSON.stringify(items));
  });

  it('writes a large array in chunks of about a megabyte, never one string of it all', () => {
    const articles = Array.from({ length: 3_000 }, (_, i) => ({ id: `a${i}`, text: 'word '.repeat(200 + (i % 50)) }));
    const chunks = [...jsonArrayChunks(articles)];
    expect(chunks.join('')).toBe(JSON.stringify(articles));
    expect(chunks.length).toBeGreaterThan(2);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan((1 << 20) + 2_000);
  });
});
