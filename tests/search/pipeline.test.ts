import { describe, expect, it } from 'vitest';
import { decide } from '../../src/search/abstain.ts';
import { dedupeQuotes } from '../../src/search/dedupe.ts';
import { diversify } from '../../src/search/diversify.ts';
import { calibrate, type QuestionOutcome } from '../../eval/answers.ts';
import { fuse } from '../../src/search/fuse.ts';
import type { QuoteCandidate } from '../../src/search/quotes.ts';
import { extractPhrases, namesIn, normalizeTerm, termsOf, tokenize } from '../../src/corpus/terms.ts';

function candidate(
  articleId: string,
  first: number,
  last: number,
  highlight: string,
  score: number,
  passageId = 0,
  date = '2022-09-28',
): QuoteCandidate {
  return {
    quote: { article: articleId, date, text: highlight, highlight, score },
    articleId,
    passageId,
    first,
    last,
    highlight: first,
    signals: { semantic: 0, lexical: 0, phrase: 0, time: 0, answerType: 0, retrieval: 0, context: 0 },
  };
}

describe('terms', () => {
  it('keeps times and numeric dates whole and splits hyphenated words', () => {
    expect(tokenize('release at 9:30 am this Friday (09/30), then-premier Shehbaz')).toEqual([
      'release',
      'at',
      '9:30',
      'am',
      'this',
      'Friday',
      '09/30',
      'then',
      'premier',
      'Shehbaz',
    ]);
  });

  it('makes inflections and possessives meet, and drops stopwords', () => {
    expect(normalizeTerm('leaked')).toBe(normalizeTerm('leaks'));
    expect(normalizeTerm('stepped')).toBe('step');
    expect(normalizeTerm("London's")).toBe('london');
    expect(normalizeTerm('the')).toBeNull();
    expect(termsOf('What did the PMO say?')).toEqual(['pmo']);
  });

  it('finds names, times and quoted text as exact phrases, not the question word', () => {
    expect(extractPhrases('Who is Rana Sanaullah?')).toEqual(['Rana Sanaullah']);
    expect(extractPhrases('What happens at 9:30 am on 09/30?')).toEqual(['9:30 am', '09/30']);
    expect(extractPhrases('Who said "play with it"?')).toEqual(['play with it']);
    expect(extractPhrases('Did Maryam Nawaz ask for a plant?')).toEqual(['Maryam Nawaz']);
  });

  it('lists the capitalised names a question is about', () => {
    expect(namesIn('Who is the chief executive of Tesla?')).toEqual(['Tesla']);
    expect(namesIn("What did the IMF say about Pakistan's loan?")).toEqual(['IMF', 'Pakistan']);
    expect(namesIn('what is a cypher')).toEqual([]);
  });
});

describe('fuse', () => {
  const lexical = [
    { passageId: 1, score: 10 },
    { passageId: 2, score: 5 },
    { passageId: 3, score: 1 },
  ];
  const dense = [
    { passageId: 3, score: 0.9 },
    { passageId: 1, score: 0.5 },
    { passageId: 4, score: 0.1 },
  ];

  it('reciprocal rank: a passage high in both lists wins; first in both scores 1', () => {
    const fused = fuse(lexical, dense, { method: 'rrf', lexicalWeight: 0.5, rrfK: 60 });
    expect(fused[0].passageId).toBe(1);
    expect(fuse([{ passageId: 7, score: 1 }], [{ passageId: 7, score: 1 }], { method: 'rrf', lexicalWeight: 0.5 })[0].score).toBeCloseTo(1);
  });

  it('normalised scores: min-max per list, weighted', () => {
    const fused = fuse(lexical, dense, { method: 'score', lexicalWeight: 0.7 });
    const byId = new Map(fused.map((item) => [item.passageId, item.score]));
    expect(byId.get(1)).toBeCloseTo(0.7 * 1 + 0.3 * 0.5);
    expect(byId.get(3)).toBeCloseTo(0.3 * 1);
    expect(byId.get(4)).toBeCloseTo(0);
    expect(fused[0].passageId).toBe(1);
  });
});

describe('dedupe and diversity', () => {
  it('keeps one quote per sentence when two overlapping passages reach it', () => {
    const kept = dedupeQuotes([candidate('a', 3, 4, 'The same sentence.', 0.8, 1), candidate('a', 4, 4, 'The same sentence.', 0.7, 2)]);
    expect(kept).toHaveLength(1);
    expect(kept[0].passageId).toBe(1);
  });

  it('merges the same fact stated in two articles, keeping the better quote', () => {
    const kept = dedupeQuotes([
      candidate('a', 1, 1, 'Finance Minister Miftah Ismail stepped down during a trip abroad.', 0.7),
      candidate('b', 9, 9, 'Finance minister Miftah Ismail stepped down during his trip abroad.', 0.9),
      candidate('c', 2, 2, 'Ishaq Dar returned from London.', 0.6),
    ]);
    expect(kept.map((item) => item.articleId)).toEqual(['b', 'c']);
  });

  it('keeps the same wording on different dates: a new event, not a repeat', () => {
    const sentence = "The Bundesbank left credit policies unchanged after today's regular meeting of its council.";
    const kept = dedupeQuotes([
      candidate('march-5', 0, 0, sentence, 0.8, 1, '1987-03-05'),
      candidate('march-19', 0, 0, sentence, 0.8, 2, '1987-03-19'),
      candidate('march-19-resent', 0, 0, sentence, 0.8, 3, '1987-03-19'),
    ]);
    expect(kept.map((item) => item.articleId)).toEqual(['march-5', 'march-19']);
  });

  it('prefers a new article when scores are close, not when they are far apart', () => {
    const close = diversify([candidate('a', 1, 1, 'x', 0.8), candidate('a', 5, 5, 'y', 0.79), candidate('b', 1, 1, 'z', 0.78)], 2);
    expect(close.map((item) => item.articleId)).toEqual(['a', 'b']);
    const far = diversify([candidate('a', 1, 1, 'x', 0.8), candidate('a', 5, 5, 'y', 0.79), candidate('b', 1, 1, 'z', 0.5)], 2);
    expect(far.map((item) => item.articleId)).toEqual(['a', 'a']);
  });
});

describe('abstention', () => {
  const calibration = { threshold: 0.5, nearMissFloor: 0.3 };

  it('answers above the threshold, flags near misses, drops the rest', () => {
    const answer = decide([candidate('a', 1, 1, 'x', 0.9), candidate('b', 1, 1, 'y', 0.4), candidate('c', 1, 1, 'z', 0.1)], 3, calibration);
    expect(answer.answered).toBe(true);
    expect(answer.quotes.map((quote) => quote.nearMiss ?? false)).toEqual([false, true]);
    const abstained = decide([candidate('a', 1, 1, 'x', 0.4)], 3, calibration);
    expect(abstained).toMatchObject({ answered: false, quotes: [{ nearMiss: true }] });
  });

  it("does not answer from an article lacking the question's terms, however well its quote scores", () => {
    const gated = { ...calibration, minCoverage: 0.5 };
    expect(decide([candidate('a', 1, 1, 'x', 0.9)], 3, gated, { coverage: 0.6 }).answered).toBe(true);
    const thin = decide([candidate('a', 1, 1, 'x', 0.9)], 3, gated, { coverage: 0.4 });
    expect(thin).toMatchObject({ answered: false, quotes: [{ nearMiss: true }] });
  });

  it('calibrates between the off-topic and the answerable scores', () => {
    const outcome = (score: number, answerable: boolean): QuestionOutcome => ({
      question: answerable ? { question: 'q', article: 'a', expect: 'e' } : { question: 'q', unanswerable: true },
      topScore: score,
      answered: true,
      ...(answerable ? { rank: 1, correctScore: score } : {}),
    });
    const outcomes = [outcome(0.1, false), outcome(0.2, false), outcome(0.6, true), outcome(0.8, true)];
    const { threshold, nearMissFloor, point } = calibrate(outcomes);
    expect(threshold).toBeGreaterThan(0.2);
    expect(threshold).toBeLessThanOrEqual(0.6);
    expect(point).toMatchObject({ precision: 1, recall: 1 });
    expect(nearMissFloor).toBeLessThanOrEqual(threshold);
  });
});
