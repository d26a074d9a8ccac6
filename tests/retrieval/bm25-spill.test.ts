import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Passage, StoredArticle } from '../../src/domain/article.ts';
import { bm25Engine } from '../../src/retrieval/bm25.ts';
import { Bm25IndexWriter } from '../../src/retrieval/bm25Index.ts';
import { tempDir } from '../index/helpers.ts';

const root = tempDir('bm25-spill-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 80 articles of words drawn (seeded) from a small vocabulary, half with titles, each cut into two passages. */
function archive(): { passages: Passage[]; articles: Map<string, StoredArticle> } {
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const vocabulary = Array.from({ length: 150 }, (_, i) => `w${(i * 7919) % 1000}x${'ab'.repeat(i % 4)}`);
  const words = (count: number) => Array.from({ length: count }, () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)]).join(' ');
  const passages: Passage[] = [];
  const articles = new Map<string, StoredArticle>();
  for (let a = 0; a < 80; a++) {
    const [first, second] = [words(5 + Math.floor(random() * 40)), words(1 + Math.floor(random() * 30))];
    const text = `${first}. ${second}.`;
    const id = `article-${a}`;
    articles.set(id, {
      id,
      date: '2024-01-01',
      ...(a % 2 ? { title: words(4) } : {}),
      text,
      sentences: [],
      entities: { people: [], dates: [] },
    });
    const cut = first.length + 1;
    passages.push({ id: passages.length, articleId: id, date: '2024-01-01', firstSentence: 0, lastSentence: 0, start: 0, end: cut });
    passages.push({
      id: passages.length,
      articleId: id,
      date: '2024-01-01',
      firstSentence: 1,
      lastSentence: 1,
      start: cut + 1,
      end: text.length,
    });
  }
  return { passages, articles };
}

describe('the BM25 index written through run files (a build past SPILL_POSTINGS)', () => {
  it('writes the bytes the index built in memory saves, whatever the runs, and leaves no run file', () => {
    const { passages, articles } = archive();
    const inMemory = new Bm25IndexWriter();
    inMemory.add(passages, articles);
    const expected = Buffer.from(inMemory.serialize());
    for (const spillPostings of [1, 40, 333, 1_000_000]) {
      for (const batch of [1, 7, passages.length]) {
        const dir = join(root, `spill-${spillPostings}-${batch}`);
        mkdirSync(dir);
        const writer = bm25Engine.writer({ dir, spillPostings });
        for (let from = 0; from < passages.length; from += batch) writer.add(passages.slice(from, from + batch), articles);
        writer.write(join(dir, 'lexical.bin'));
        expect(readFileSync(join(dir, 'lexical.bin')).equals(expected), `spill every ${spillPostings}, batches of ${batch}`).toBe(true);
        expect(readdirSync(dir)).toEqual(['lexical.bin']);
      }
    }
  });
});
