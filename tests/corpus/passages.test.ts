import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/article.ts';
import { buildPassages } from '../../src/corpus/passages.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const article = (text: string): Article => ({ id: 'a.txt', date: '2024-01-02', text });

describe('buildPassages', () => {
  it('runs of whole sentences within budget, overlapping by one sentence', () => {
    const text = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} has exactly six words.`.replace('six', 'seven words')).join(
      ' ',
    );
    const sentences = splitSentences(text);
    const passages = buildPassages(article(text), sentences, words, { maxTokens: 20, firstId: 5 });
    expect(passages.map((p) => p.id)).toEqual(passages.map((_, i) => 5 + i));
    expect(passages[0].firstSentence).toBe(0);
    expect(passages.at(-1)!.lastSentence).toBe(sentences.length - 1);
    for (const [i, passage] of passages.entries()) {
      expect(passage).toMatchObject({ articleId: 'a.txt', date: '2024-01-02' });
      expect(passage.start).toBe(sentences[passage.firstSentence].start);
      expect(passage.end).toBe(sentences[passage.lastSentence].end);
      expect(words(text.slice(passage.start, passage.end))).toBeLessThanOrEqual(20);
      if (i > 0) expect(passage.firstSentence).toBe(passages[i - 1].lastSentence);
    }
  });

  it('gives an over-long sentence its own passage', () => {
    const long = `This ${'very '.repeat(30)}long sentence runs on.`;
    const text = `Short one. ${long} Short two. Short three.`;
    const sentences = splitSentences(text);
    const passages = buildPassages(article(text), sentences, words, { maxTokens: 10 });
    expect(passages.map((p) => [p.firstSentence, p.lastSentence])).toEqual([
      [0, 0],
      [1, 1],
      [2, 3],
    ]);
  });

  it('an article of one sentence is one passage', () => {
    const passages = buildPassages(article('Only this.'), splitSentences('Only this.'), words);
    expect(passages).toEqual([{ id: 0, articleId: 'a.txt', date: '2024-01-02', firstSentence: 0, lastSentence: 0, start: 0, end: 10 }]);
  });
});
