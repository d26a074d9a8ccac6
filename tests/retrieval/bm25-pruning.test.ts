import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { textsOf } from '../../src/corpus/articleTexts.ts';
import type { Passage, StoredArticle } from '../../src/domain/article.ts';
import { bm25Engine, Bm25Retriever } from '../../src/retrieval/bm25.ts';
import { PostingsCache, type ScoredPostings } from '../../src/retrieval/bm25Cache.ts';
import { BLOCK_POSTINGS, blockMaxima, blocksOf } from '../../src/retrieval/bm25Postings.ts';
import { PHRASE_CHECK_DEPTH } from '../../src/retrieval/phrases.ts';
import { tempDir } from '../index/helpers.ts';

const root = tempDir('bm25-pruning-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * 500 articles of words drawn (seeded, skewed) from a vocabulary of words sharing prefixes, some capitalised (names,
 * matched fuzzily), a third with titles, the whole archive repeated three times (every passage has two twins of the
 * same score, as the scale ladder's have 49): common words hold hundreds of passages, so many blocks.
 */
function archive(): { passages: Passage[]; articles: Map<string, StoredArticle>; vocabulary: string[] } {
  let seed = 11;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const stems = ['trade', 'market', 'report', 'harbour', 'Sanaullah', 'Shehbaz', 'cypher', 'grain', 'rates', 'export'];
  const vocabulary = stems.flatMap((stem) => [stem, `${stem}s`, `${stem}ed`, `${stem}ing`, `${stem}er`]);
  const words = (count: number) => Array.from({ length: count }, () => vocabulary[Math.floor(random() ** 3 * vocabulary.length)]).join(' ');
  // "steamship" in every article, "steamshipline" in one in 40: a common word whose longer forms are few (as "march" and
  // "marched" at a million), merged along its own postings.
  const texts = Array.from({ length: 500 }, (_, a) => ({
    text: `${words(3 + Math.floor(random() * 30))} steamship${a % 40 ? '' : ' steamshipline'}`,
    title: a % 3 ? undefined : words(3),
  }));
  const passages: Passage[] = [];
  const articles = new Map<string, StoredArticle>();
  for (let copy = 0; copy < 3; copy++) {
    texts.forEach(({ text, title }, a) => {
      const id = `article-${a}~${copy}`;
      articles.set(id, { id, date: '2024-01-01', ...(title ? { title } : {}), text, sentences: [], entities: { people: [], dates: [] } });
      passages.push({
        id: passages.length,
        articleId: id,
        date: '2024-01-01',
        firstSentence: 0,
        lastSentence: 0,
        start: 0,
        end: text.length,
      });
    });
  }
  return { passages, articles, vocabulary: [...vocabulary, 'steamship'] };
}

const words = (text: string) => ({ text, vector: new Float32Array(0) });

describe('block-max pruning', () => {
  const { passages, articles, vocabulary } = archive();
  const built = Bm25Retriever.build(passages, articles);
  const path = join(root, 'lexical.bin');
  const writer = bm25Engine.writer();
  writer.add(passages, articles);
  writer.write(path);
  // A cache of 40 KB: a few terms at a time, so terms are kept, overwritten and kept again.
  const saved = Bm25Retriever.open(path, passages, textsOf(articles), undefined, undefined, 40_000);
  const question = fc
    .array(
      fc.oneof(
        fc.constantFrom(...vocabulary),
        // Misspelt (fuzzy when capitalised) and cut (prefix matches) words.
        fc.constantFrom(...vocabulary).map((word) => word.slice(0, 2) + word.slice(3)),
        fc.constantFrom(...vocabulary).map((word) => word.slice(0, 5)),
      ),
      { minLength: 1, maxLength: 7 },
    )
    // Joined by a stopword: no run of capitalised words, so no phrase boost (its check depends on k, not pruning).
    .map((picked) => picked.join(' and '));

  it('holds terms of many blocks', () => {
    const counts = vocabulary.map((word) => built.query(words(word.toLowerCase()), { limit: passages.length }).length);
    expect(Math.max(...counts)).toBeGreaterThan(10 * BLOCK_POSTINGS);
  });

  it('returns the top k of exhaustive scoring, scores and ties included, in memory and read from the file through a cache', () => {
    fc.assert(
      fc.property(question, fc.integer({ min: 1, max: 250 }), fc.boolean(), (asked, k, filtered) => {
        const allowed = filtered ? new Set(passages.filter(({ id }) => id % 4 !== 1).map(({ id }) => id)) : undefined;
        // With k as large as the archive no passage is ever pruned: every passage of every term is scored.
        const exhaustive = built.query(words(asked), { limit: passages.length, ...(allowed ? { allowed } : {}) }).slice(0, k);
        expect(built.query(words(asked), { limit: k, ...(allowed ? { allowed } : {}) }), asked).toEqual(exhaustive);
        expect(saved.query(words(asked), { limit: k, ...(allowed ? { allowed } : {}) }), asked).toEqual(exhaustive);
      }),
      { seed: 24, numRuns: 300 },
    );
  });

  // A question with phrases is ranked PHRASE_CHECK_DEPTH deep for the phrase boost, but for `limit` under it only the
  // passages that a full boost could lift into the `limit` best are kept: the first `limit` must not change.
  const withPhrases = fc
    .array(fc.tuple(fc.constantFrom(...vocabulary), fc.boolean()), { minLength: 2, maxLength: 6 })
    .map((picked) => picked.map(([word, capital], i) => (capital || i < 2 ? word[0].toUpperCase() + word.slice(1) : word)).join(' '));

  it('gives, for a question with phrases, the first k of the ranking PHRASE_CHECK_DEPTH deep, boosts included', () => {
    fc.assert(
      fc.property(withPhrases, fc.integer({ min: 1, max: PHRASE_CHECK_DEPTH - 1 }), fc.boolean(), (asked, k, filtered) => {
        const allowed = filtered ? new Set(passages.filter(({ id }) => id % 4 !== 1).map(({ id }) => id)) : undefined;
        const deep = built.query(words(asked), { limit: PHRASE_CHECK_DEPTH, ...(allowed ? { allowed } : {}) }).slice(0, k);
        expect(built.query(words(asked), { limit: k, ...(allowed ? { allowed } : {}) }), asked).toEqual(deep);
        expect(saved.query(words(asked), { limit: k, ...(allowed ? { allowed } : {}) }), asked).toEqual(deep);
      }),
      { seed: 25, numRuns: 300 },
    );
  });
});

describe('the cache of the most asked terms', () => {
  /** Postings of `count` passages from `first`, impacts from `seed`, as the search scores them. */
  const postings = (count: number, first: number, seed: number): ScoredPostings => {
    const docs = Uint32Array.from({ length: count }, (_, i) => first + 2 * i);
    const impacts = Float64Array.from({ length: count }, (_, i) => 1 + ((seed * 31 + i * 17) % 97) / 10);
    const blockMax = blockMaxima(impacts, new Float64Array(blocksOf(count)));
    return { docs, impacts, blockMax, best: Math.max(...impacts) };
  };

  it('keeps a term asked by a second question, within its space, never overwriting what the current question uses', () => {
    const bytes = 64_000;
    const cache = new PostingsCache(bytes);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ key: fc.integer({ min: 0, max: 30 }), count: fc.integer({ min: 0, max: 700 }) }), { maxLength: 6 })),
        (questions) => {
          for (const asked of questions) {
            cache.newQuestion();
            const used = new Map<string, { got: ScoredPostings; expected: ScoredPostings }>();
            for (const { key, count } of asked) {
              // A term's postings depend on its key only (as a question term's do).
              const name = `term-${key}-${count % 3}`;
              const expected = postings(100 + (count % 3) * 300, key, key);
              const got = cache.get(name);
              if (got) used.set(name, { got, expected });
              else cache.offer(name, expected);
            }
            // What this question was handed is intact at its end, whatever was kept after.
            for (const [name, { got, expected }] of used) expect(got, name).toEqual(expected);
            expect(cache.bytesKept).toBeLessThanOrEqual(bytes);
          }
        },
      ),
      { seed: 7, numRuns: 200 },
    );
    expect(cache.size).toBeGreaterThan(0);
  });

  it('keeps nothing larger than a quarter of its space, and nothing at all when it has none', () => {
    const small = new PostingsCache(40_000);
    const none = new PostingsCache(0);
    for (let question = 0; question < 3; question++) {
      for (const cache of [small, none]) {
        cache.newQuestion();
        cache.offer('large', postings(1_000, 0, 1));
        cache.offer('small', postings(50, 0, 2));
      }
    }
    expect(small.get('large')).toBeUndefined();
    expect(small.get('small')).toEqual(postings(50, 0, 2));
    expect(none.size).toBe(0);
  });
});
