// Issue 19, only quotes that answer: a quote after the first is an answer only when it adds something; the rest sit behind "More passages".
import { describe, expect, it } from 'vitest';
import type { Quote } from '../../src/domain/answer.ts';
import { decide } from '../../src/search/abstain.ts';
import type { QuoteCandidate } from '../../src/search/quotes.ts';
import { answerPages, furtherPassagesPage } from '../../src/bot/format.ts';
import { Pager } from '../../src/bot/pager.ts';

const calibration = { threshold: 0.4, nearMissFloor: 0.2 };
const signals = { semantic: 0.5, lexical: 0.5, phrase: 0, time: 0, answerType: 0, retrieval: 1, context: 0 };

function candidate(articleId: string, score: number, answerType = 0): QuoteCandidate {
  const text = `Sentence of ${articleId} scoring ${score}.`;
  return {
    quote: { article: articleId, date: '2024-01-01', text, highlight: text, score },
    articleId,
    passageId: 0,
    first: 0,
    last: 0,
    highlight: 0,
    signals: { ...signals, answerType },
  };
}

describe('decide: answers after the first must add something', () => {
  it('keeps a second answer from another article, or holding a candidate of the asked-for kind', () => {
    const { quotes } = decide([candidate('a', 0.9), candidate('b', 0.8), candidate('a', 0.7, 1)], 3, calibration);
    expect(quotes.map((quote) => quote.further ?? false)).toEqual([false, false, false]);
  });

  it('makes a further passage of a second quote from the same article that holds no new candidate', () => {
    const { answered, quotes } = decide([candidate('a', 0.9), candidate('a', 0.8), candidate('c', 0.3)], 3, calibration);
    expect(answered).toBe(true);
    expect(quotes.map((quote) => [quote.article, quote.further ?? false, quote.nearMiss ?? false])).toEqual([
      ['a', false, false],
      ['a', true, false],
      ['c', false, true],
    ]);
  });
});

describe('the bot shows further passages behind a "More passages" button', () => {
  const quote = (text: string, further = false): Quote => ({
    article: 'a',
    date: '2024-01-01',
    text,
    highlight: text,
    score: 0.9,
    ...(further ? { further } : {}),
  });
  const answer = {
    query: 'Who?',
    answered: true,
    quotes: [quote('The answer.'), quote('More of the same.', true), quote('And more.', true)],
  };

  it('puts the one answer alone on the first page and the further passages on a page titled as such', () => {
    const pages = answerPages(answer, 3);
    expect(pages).toHaveLength(2);
    expect(pages[0].embeds?.[0].description).toContain('The answer.');
    expect(pages[0].embeds?.[0].description).not.toContain('More of the same.');
    expect(pages[1].embeds?.[0].title).toMatch(/^More passages — /);
    expect(furtherPassagesPage(answer, 3)).toBe(1);
  });

  it('labels the button leading to them "More passages ▶"', () => {
    const view = new Pager().start('asker', answerPages(answer, 3), { morePage: furtherPassagesPage(answer, 3) });
    const labels = view.components[0].components.map((button) => ('label' in button ? button.label : undefined));
    expect(labels).toContain('More passages ▶');
    expect(labels).not.toContain('Next ▶');
  });
});
