import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuestions } from '../../eval/answers.ts';
import type { LoadedIndex } from '../../src/index/load.ts';
import { loadArchiveIndex } from '../../src/openArchive.ts';
import { bm25Engine, Bm25Retriever } from '../../src/retrieval/bm25.ts';
import { MiniSearchRetriever } from '../../src/retrieval/lexical.ts';
import { SavedRetrieverError } from '../../src/retrieval/retriever.ts';
import { seedIndex } from '../support/seedIndex.ts';

let index: LoadedIndex;
beforeAll(async () => {
  const { config } = seedIndex();
  index = await loadArchiveIndex(config.indexDir, config);
});

const words = (text: string) => ({ text, vector: new Float32Array(0) });

/** Seed questions, misspelt names, repeated and prefix terms, quoted phrases, and the openings of every sentence. */
function probes(): string[] {
  const questions = loadQuestions('tests/fixtures/seed-questions.jsonl').map(({ question }) => question);
  const openings = [...index.articles.values()].flatMap((article) =>
    article.sentences.map(({ start, end }) => article.text.slice(start, end).split(/\s+/).slice(0, 6).join(' ')),
  );
  return [
    ...questions,
    ...openings,
    'Imran Khn',
    'Sanaulah cypher',
    'Shehbaz Sharif Sharif Sharif',
    'resign resigned resignation',
    '"no confidence"',
    'zzzz',
  ];
}

/** Every long word of the seeds with a letter dropped, doubled, swapped or replaced: fuzzy matches at distance 1 and 2. */
function misspellings(): string[] {
  const long = new Set([...index.articles.values()].flatMap((article) => article.text.match(/\p{L}{6,}/gu) ?? []));
  return [...long].flatMap((word) => [
    word.slice(0, 2) + word.slice(3),
    word.slice(0, 3) + word[3] + word.slice(3),
    word.slice(0, 1) + word[2] + word[1] + word.slice(3),
    word.slice(0, -2) + 'xq',
  ]);
}

describe('the BM25 retriever with MaxScore pruning', () => {
  it('ranks and scores exactly as the MiniSearch retriever it replaced, and reads names the same way', () => {
    const bm25 = Bm25Retriever.build(index.passages, index.articles);
    const miniSearch = MiniSearchRetriever.build(index.passages, index.articles);
    for (const question of probes()) {
      for (const limit of [1, 3, 50]) {
        const expected = miniSearch.query(words(question), { limit });
        const actual = bm25.query(words(question), { limit });
        expect(
          actual.map(({ passageId }) => passageId),
          `${question} @${limit}`,
        ).toEqual(expected.map(({ passageId }) => passageId));
        actual.forEach(({ score }, i) => expect(score).toBeCloseTo(expected[i].score, 9));
      }
    }
    for (const name of ['Sanaulah', 'Shehbaz', 'Imrann', 'Khn', 'Nobody', ...misspellings()])
      expect(bm25.variants(name), name).toEqual(miniSearch.variants(name).sort());
  });

  it('keeps only allowed passages, as a filter after ranking would', () => {
    const bm25 = Bm25Retriever.build(index.passages, index.articles);
    const allowed = new Set(index.passages.filter(({ id }) => id % 3 === 0).map(({ id }) => id));
    for (const question of probes().slice(0, 40)) {
      const filtered = bm25.query(words(question), { limit: 5, allowed });
      const all = bm25.query(words(question), { limit: index.passages.length }).filter(({ passageId }) => allowed.has(passageId));
      expect(filtered, question).toEqual(all.slice(0, 5));
    }
  });

  it('reads a saved index a term at a time, ranking as the index in memory whatever space it reads into', () => {
    const built = Bm25Retriever.build(index.passages, index.articles);
    const dir = mkdtempSync(join(tmpdir(), 'bm25-saved-'));
    try {
      const path = join(dir, 'lexical.bin');
      const writer = bm25Engine.writer();
      writer.add(index.passages, index.articles);
      writer.write(path);
      const vocabulary = [...new Set([...index.articles.values()].flatMap((article) => article.text.match(/\p{L}{3,}/gu) ?? []))];
      // Reading space that grows at every term, at some, and the default.
      for (const bufferBytes of [0, 2_000, undefined]) {
        const saved = Bm25Retriever.open(path, index.passages, index.articles, undefined, bufferBytes);
        for (const question of probes().slice(0, 30))
          expect(saved.query(words(question), { limit: 10 }), question).toEqual(built.query(words(question), { limit: 10 }));
        fc.assert(
          fc.property(
            fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 6 }),
            fc.integer({ min: 1, max: 60 }),
            (picked, limit) => {
              const question = picked.join(' ');
              expect(saved.query(words(question), { limit })).toEqual(built.query(words(question), { limit }));
              for (const word of picked) expect(saved.idf(word.toLowerCase())).toBe(built.idf(word.toLowerCase()));
            },
          ),
          { seed: 24, numRuns: 150 },
        );
        saved.close();
      }
      expect(() => Bm25Retriever.open(path, index.passages.slice(1), index.articles)).toThrow(/holds 12 passages, expected 11/);
      writeFileSync(path, '{"miniSearch":{}}'.padEnd(64));
      expect(() => Bm25Retriever.open(path, index.passages, index.articles)).toThrow(SavedRetrieverError);
      expect(() => Bm25Retriever.open(path, index.passages, index.articles)).toThrow(/not a saved lexical index/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
