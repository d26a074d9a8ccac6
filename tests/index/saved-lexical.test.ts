import { cpSync, existsSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedIndex } from '../../src/index/load.ts';
import { loadQuestions } from '../../eval/answers.ts';
import { Bm25Retriever } from '../../src/retrieval/bm25.ts';
import { Bm25IndexWriter } from '../../src/retrieval/bm25Index.ts';
import { IndexError } from '../../src/index/errors.ts';
import { termsOf } from '../../src/corpus/terms.ts';
import { seedCorpus, tempDir, testConfig, writeArticle } from './helpers.ts';
import { buildArchiveIndex, loadArchiveIndex, openEngine, openIndexEngine } from '../../src/openArchive.ts';

const root = tempDir();
const config = testConfig();
const good = join(root, 'good');
const questions = loadQuestions('tests/fixtures/seed-questions.jsonl').map(({ question }) => question);
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await buildArchiveIndex(config, { corpus: 'seeds', out: good });
});

let copies = 0;
/** A real copy of the good index with its manifest changed by `edit` (and `damage` done to its files). */
function copy(edit: (manifest: Record<string, unknown>) => Record<string, unknown>, damage: (dir: string) => void = () => {}): string {
  const dir = join(root, `copy-${copies++}`);
  cpSync(good, dir, { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(edit(manifest)));
  damage(dir);
  return dir;
}

/** A question as the lexical retriever reads it (it has no use for the vector). */
const words = (text: string) => ({ text, vector: new Float32Array(0) });

/** The saved index ranks exactly as one built in memory over the same passages. */
function expectSameAsBuilt(index: LoadedIndex, probes: string[]): void {
  expect(index.lexical).toBeDefined();
  const saved = index.lexical!;
  const built = Bm25Retriever.build(index.passages, index.articles);
  for (const question of probes) {
    const expected = built.query(words(question), { limit: 50 });
    const actual = saved.query(words(question), { limit: 50 });
    expect(
      actual.map(({ passageId }) => passageId),
      question,
    ).toEqual(expected.map(({ passageId }) => passageId));
    actual.forEach(({ score }, i) => expect(score).toBeCloseTo(expected[i].score, 9));
    for (const term of termsOf(question)) expect(saved.idf(term), term).toBe(built.idf(term));
  }
}

describe('the lexical index saved with the index', () => {
  it('is written with the build, recorded in the manifest, and gives the same results as one built in memory', async () => {
    const index = await loadArchiveIndex(good, config);
    expect(index.manifest.lexical).toEqual({ file: 'lexical.bin', derivedBy: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(existsSync(join(good, 'lexical.bin'))).toBe(true);
    expect(index.lexicalUnusable).toBeUndefined();
    expectSameAsBuilt(index, [...questions, 'Imran Khn', 'Sanaulah cypher', '"no confidence"']);
    // Misspelt names reach the same archive spellings.
    for (const name of ['Sanaulah', 'Shehbaz', 'Imrann'])
      expect(index.lexical!.variants(name)).toEqual(Bm25Retriever.build(index.passages, index.articles).variants(name));
  });

  it('gives the engine the same answers as building it at start', async () => {
    const lines: string[] = [];
    const { engine, index } = await openIndexEngine({ ...config, indexDir: good }, { log: (line) => lines.push(line) });
    expect(lines).toEqual([]);
    expect(engine.store.lexical).toBe(index.lexical);
    const rebuilt = await openEngine({ ...config, indexDir: copy(({ lexical: _, ...manifest }) => manifest) });
    for (const question of questions.slice(0, 10)) {
      const [expected, actual] = [await rebuilt.engine.ask({ question, k: 3 }), await engine.ask({ question, k: 3 })];
      expect(actual.answered, question).toBe(expected.answered);
      expect(
        actual.quotes.map(({ score: _, ...quote }) => quote),
        question,
      ).toEqual(expected.quotes.map(({ score: _, ...quote }) => quote));
      actual.quotes.forEach(({ score }, i) => expect(score).toBeCloseTo(expected.quotes[i].score, 9));
    }
  });

  it('is rebuilt in memory, with one line saying why, when the lexical code changed since the build', async () => {
    const dir = copy((manifest) => ({ ...manifest, lexical: { file: 'lexical.bin', derivedBy: 'stale' } }));
    const index = await loadArchiveIndex(dir, config);
    expect(index.lexical).toBeUndefined();
    expect(index.lexicalUnusable).toMatch(/lexical code changed/);
    const lines: string[] = [];
    const { engine } = await openEngine({ ...config, indexDir: dir }, { log: (line) => lines.push(line) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Building the lexical index in memory: the lexical code changed .*npm run index/);
    expect((await engine.ask({ question: questions[0] })).answered).toBe(true);
  });

  it('is rebuilt in memory for an index built before it was saved (no manifest entry, no file)', async () => {
    const dir = copy(
      ({ lexical: _, ...manifest }) => manifest,
      (d) => unlinkSync(join(d, 'lexical.bin')),
    );
    const index = await loadArchiveIndex(dir, config);
    expect(index.lexical).toBeUndefined();
    expect(index.lexicalUnusable).toMatch(/built before lexical indexes were saved/);
  });

  it('is read a term at a time: a changed byte in a term is one IndexError naming the file when a question reads it', async () => {
    const index = await loadArchiveIndex(good, config);
    const saved = readFileSync(join(realpathSync(good), 'lexical.bin'));
    // The last byte of the file is the last term's last impact (the vocabulary is sorted, so that term is known).
    const vocabulary = new TextDecoder().decode(saved.subarray(32, 32 + saved.readUInt32LE(20))).split('\n');
    const lastTerm = vocabulary.at(-1)!;
    const dir = copy(
      (manifest) => manifest,
      (d) => {
        const bytes = readFileSync(join(d, 'lexical.bin'));
        bytes[bytes.length - 1] ^= 0x40;
        writeFileSync(join(d, 'lexical.bin'), bytes);
      },
    );
    const damaged = await loadArchiveIndex(dir, config);
    // Terms not damaged still answer, as they did (asked again, from the cache of terms asked often).
    for (let asked = 0; asked < 3; asked++)
      expect(damaged.lexical!.query(words('cypher'), { limit: 5 })).toEqual(index.lexical!.query(words('cypher'), { limit: 5 }));
    const read = () => damaged.lexical!.query(words(lastTerm), { limit: 5 });
    // Never kept: every question that reads it is refused.
    expect(read).toThrow(IndexError);
    expect(read).toThrow(IndexError);
    expect(read).toThrow(new RegExp(`^Index .*: lexical\\.bin is corrupt at the postings of "${lastTerm}" .*rebuild the index`));
    damaged.lexical!.close();
  });

  it.each([
    ['a changed byte in its dictionary', (bytes: Buffer) => (bytes[40] ^= 0x01), /lexical\.bin is corrupt \(its dictionary/],
    ['a count in its header', (bytes: Buffer) => (bytes[12] ^= 0x01), /lexical\.bin has \d+ bytes, expected/],
    ['another format', (bytes: Buffer) => bytes.write('BM25MS01', 0), /lexical\.bin is not a saved lexical index/],
  ])('is refused at opening, in one line naming the file, for %s', async (_, damage, message) => {
    const dir = copy(
      (manifest) => manifest,
      (d) => {
        const bytes = readFileSync(join(d, 'lexical.bin'));
        damage(bytes);
        writeFileSync(join(d, 'lexical.bin'), bytes);
      },
    );
    await expect(loadArchiveIndex(dir, config)).rejects.toThrow(IndexError);
    await expect(loadArchiveIndex(dir, config)).rejects.toThrow(message);
  });

  it('is refused at opening, in one line naming the file, when cut short or missing', async () => {
    const short = copy(
      (manifest) => manifest,
      (d) => writeFileSync(join(d, 'lexical.bin'), readFileSync(join(d, 'lexical.bin')).subarray(0, 100)),
    );
    await expect(loadArchiveIndex(short, config)).rejects.toThrow(/lexical\.bin has 100 bytes, expected \d+; it is truncated/);
    const missing = copy(
      (manifest) => manifest,
      (d) => unlinkSync(join(d, 'lexical.bin')),
    );
    await expect(loadArchiveIndex(missing, config)).rejects.toThrow(/lexical\.bin is missing; rebuild the index/);
  });

  it('is rebuilt whole by an incremental build, and matches the changed corpus', async () => {
    const corpus = seedCorpus(join(root, 'incremental'), { 'extra.txt': 'Officials met in Lahore on Tuesday. They agreed on a budget.' });
    const out = join(root, 'incremental', 'index');
    await buildArchiveIndex(config, { corpus, out });
    writeArticle(corpus, 'extra.txt', 'Officials met in Karachi on Wednesday. They rejected the budget. A vote follows.');
    const changed = await buildArchiveIndex(config, { corpus, out });
    expect(changed.embeddedPassages).toBe(changed.manifest.articles['extra.txt'].passages);
    const index = await loadArchiveIndex(out, config);
    const inMemory = new Bm25IndexWriter();
    inMemory.add(index.passages, index.articles);
    expect(new Uint8Array(readFileSync(join(realpathSync(out), 'lexical.bin')))).toEqual(inMemory.serialize());
    expectSameAsBuilt(index, ['Officials in Karachi', 'Lahore budget', ...questions.slice(0, 5)]);
    const karachi = index.lexical!.query(words('Karachi'), { limit: 5 });
    expect(karachi.map(({ passageId }) => index.passages[passageId].articleId)).toEqual(['extra.txt']);
    expect(index.lexical!.query(words('Lahore'), { limit: 5 })).toEqual([]);
  });
});
