// Our WordPiece tokenizer (src/embedding/wordPiece.ts) against transformers.js's own, which it replaces in the embedder.
import { readdirSync, readFileSync } from 'node:fs';
import { env, pipeline } from '@xenova/transformers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, DEFAULT_MODEL_DIR } from '../../src/config.ts';
import { type LibraryTokenizer, wordPieceTokenizer, type WordPieceTokenizer } from '../../src/embedding/wordPiece.ts';

interface BatchTokenizer extends LibraryTokenizer {
  (texts: string[], options: { padding: boolean; truncation: boolean }): Record<string, { dims: number[]; data: BigInt64Array }>;
}

let library: BatchTokenizer;
let ours: WordPieceTokenizer;
beforeAll(async () => {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = DEFAULT_MODEL_DIR;
  library = (
    (await pipeline('feature-extraction', DEFAULT_EMBEDDING_MODEL, { quantized: true })) as unknown as { tokenizer: BatchTokenizer }
  ).tokenizer;
  ours = wordPieceTokenizer(library)!;
});

const expectSameIds = (text: string) => {
  expect(ours.inputIds(text)).toEqual(library.encode(text, null, { add_special_tokens: true }));
  expect([...ours.pieces(text)]).toEqual(library.encode(text, null, { add_special_tokens: false }));
};

describe('wordPieceTokenizer', () => {
  it("gives the library's token ids for every sentence of the seed articles", () => {
    const folder = new URL('../../seeds/', import.meta.url);
    const texts = readdirSync(folder)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => readFileSync(new URL(name, folder), 'utf8'));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) for (const line of text.split(/(?<=[.!?])\s+|\n/)) expectSameIds(line);
  });

  const textOf = (pieces: string[]) =>
    fc
      .array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom('', ' ', '  ', '\n')), { maxLength: 30 })
      .map((parts) => parts.map(([word, gap]) => word + gap).join(''));
  const asciiPieces = [
    'Volcker',
    'said',
    'U.S.',
    'co-operation',
    '1986/87',
    "O'Reilly's",
    'mln',
    'dlrs',
    '3.5',
    '(Alan)',
    '"We',
    '--',
    '...',
    'xqzvwpt',
    'a'.repeat(101),
    'b'.repeat(100),
    'Qu\x01ebec',
    '\x00',
    '\x7f',
    '\x0b',
    '\x0c',
    '\x1f',
    '\t',
    '\r\n',
    '[cls]',
    '[',
    '~`^|\\{}<>=+*&%$#@!?;:_',
  ];

  it.each([
    ['a control character inside a word (dropped, the word kept whole)', 'Qu\x01ebec ab\x0bcd ab\x0ccd a\x7fb a\x00b'],
    ['tab, line feed and carriage return (spaces)', 'ab\tcd\nef\rgh'],
    ['a word of 100 letters and one of 101 (unknown)', `${'b'.repeat(100)} ${'a'.repeat(101)}`],
    ['a special token written in the text, and one in lower case', '[CLS] said [cls] [MASK]x'],
  ])("gives the library's ids for %s", (_, text) => expectSameIds(text));

  it("gives the library's ids for generated ASCII text: punctuation, control characters, unknown and long words", () => {
    fc.assert(fc.property(textOf(asciiPieces), expectSameIds), { numRuns: 400 });
  });

  it("gives the library's ids for a passage after its sentences, and for each sentence again (remembered chunks)", () => {
    const sentence = textOf(asciiPieces).map((text) => text.trim());
    const gap = fc.constantFrom(' ', '  ', '\n', ' \n ', '\r\n');
    const passage = fc.array(fc.tuple(sentence, gap), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(passage, (parts) => {
        for (const [text] of parts) expectSameIds(text);
        expectSameIds(parts.map(([text, space]) => text + space).join(''));
        for (const [text] of parts) expectSameIds(text);
      }),
      { numRuns: 200 },
    );
  });

  it("gives the library's ids for text with special tokens or beyond ASCII (left to the library)", () => {
    const others = ['[CLS]', '[MASK]x', 'Nestlé', 'ΣΟΦΙΑ', '北京', '€5', '\u00a0', '\u200b'];
    fc.assert(fc.property(textOf([...asciiPieces, ...others]), expectSameIds), { numRuns: 100 });
  });

  it('cuts a text longer than the model takes, as the library truncates', () => {
    const long = 'the budget vote '.repeat(200);
    expect(ours.inputIds(long).length).toBeGreaterThan(ours.maxLength);
    const batch = library([long, 'short'], { padding: true, truncation: true });
    expect(batch.input_ids.dims).toEqual([2, ours.maxLength]);
    expect([...batch.input_ids.data.slice(0, ours.maxLength)].map(Number)).toEqual(ours.inputIds(long).slice(0, ours.maxLength));
  });

  it('declines a tokenizer of another kind (here one that keeps capitals), leaving it to the library', () => {
    const keepsCapitals = { ...library, normalizer: { config: { ...library.normalizer!.config, lowercase: false } } } as LibraryTokenizer;
    expect(wordPieceTokenizer(keepsCapitals)).toBeUndefined();
  });
});
