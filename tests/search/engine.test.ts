import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/archive.ts';
import { openArchive, openEngine } from '../../src/openArchive.ts';
import { AnswerEngine } from '../../src/search/engine.ts';
import { loadQuestions } from '../../eval/answers.ts';
import { InvalidQuestionError } from '../../src/search/validate.ts';
import { seedIndex as sharedSeedIndex, type SeedIndex } from '../support/seedIndex.ts';

const ARTICLE_2023 = '000_ae1dca75ecde649c.txt';
const ARTICLE_2022 = '002_da930858047ced72.txt';
const seeds = new Map([
  [ARTICLE_2023, { date: '2023-08-25', text: readFileSync(`seeds/${ARTICLE_2023}`, 'utf8') }],
  [ARTICLE_2022, { date: '2022-09-28', text: readFileSync(`seeds/${ARTICLE_2022}`, 'utf8') }],
]);

let seedIndex: SeedIndex;
let archive: Archive;
beforeAll(async () => {
  seedIndex = sharedSeedIndex();
  archive = await openArchive(seedIndex.config);
});

describe('as of a day', () => {
  it('quotes nothing published after the as-of day', async () => {
    const question = 'Who warned officials about WhatsApp links?';
    const today = await archive.ask({ question, k: 5 });
    expect(today.quotes.some((quote) => quote.date === '2023-08-25')).toBe(true);
    const before = await archive.ask({ question, k: 5, asOf: '2023-01-01' });
    expect(before.quotes.every((quote) => quote.date <= '2023-01-01')).toBe(true);
    expect(await archive.ask({ question, k: 5, asOf: '2021-01-01' })).toMatchObject({ answered: false, quotes: [] });
  });
});

describe('verbatim, dated quotes', () => {
  it('every text and highlight of every answer to the seed questions is a substring of its article, with its date', async () => {
    const questions = loadQuestions('tests/fixtures/seed-questions.jsonl');
    let checked = 0;
    for (const { question } of questions) {
      const answer = await archive.ask({ question, k: 5 });
      for (const quote of answer.quotes) {
        const article = seeds.get(quote.article);
        expect(article, quote.article).toBeDefined();
        expect(article!.text).toContain(quote.text);
        expect(quote.text).toContain(quote.highlight);
        expect(quote.highlight.length).toBeGreaterThan(0);
        expect(quote.date).toBe(article!.date);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(questions.length);
  });

  it('returns at most k quotes, best first, without repeating a sentence', async () => {
    const answer = await archive.ask({ question: 'audio leaks of the Prime Minister Shehbaz Sharif', k: 5 });
    expect(answer.quotes.length).toBeLessThanOrEqual(5);
    const scores = answer.quotes.map((quote) => quote.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const highlights = answer.quotes.map((quote) => `${quote.article}|${quote.highlight}`);
    expect(new Set(highlights).size).toBe(highlights.length);
  });
});

describe('separate answers inside one passage', () => {
  it('quotes both the warning and the hacking links for the README question', async () => {
    const answer = await archive.ask({ question: 'Who warned officials about WhatsApp links?' });
    expect(answer.answered).toBe(true);
    const answers = answer.quotes.filter((quote) => !quote.nearMiss).map((quote) => quote.text);
    expect(answers.some((text) => text.includes('issued a warning to senior government officials'))).toBe(true);
    expect(answers.some((text) => text.includes('sending mobile hacking links to the WhatsApp'))).toBe(true);
  });
});

describe('names and exact phrases', () => {
  it.each([
    ['Rana Sanaullah', ARTICLE_2023, 'Rana Sanaullah'],
    ['cypher', ARTICLE_2022, 'cypher'],
    ['9:30 am', ARTICLE_2022, '9:30 am'],
    ['Sardar Ayaz Sadiq', ARTICLE_2023, 'Sardar Ayaz Sadiq'],
    ['What did Azam Khan suggest about the cypher?', ARTICLE_2022, 'cypher'],
    ['Rana Sanaulah', ARTICLE_2023, 'Rana Sanaullah'],
  ])('"%s" is answered first by a quote holding it', async (question, article, phrase) => {
    const answer = await archive.ask({ question: question });
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0].article).toBe(article);
    expect(answer.quotes[0].highlight).toContain(phrase);
  });
});

describe('abstention', () => {
  it.each([
    'What is the recipe for chicken biryani?',
    'How tall is Mount Everest?',
    'What is the capital of Australia?',
    'How does photosynthesis work in plants?',
    'How many goals did Lionel Messi score last season?',
  ])('abstains on the off-topic "%s" (near misses only, flagged)', async (question) => {
    const answer = await archive.ask({ question: question });
    expect(answer.answered).toBe(false);
    for (const quote of answer.quotes) expect(quote.nearMiss).toBe(true);
  });
});

describe('date filters and time expressions', () => {
  it('--from keeps only articles published on or after the day', async () => {
    const answer = await archive.ask({ question: 'audio leaks', k: 5, from: '2023-01-01' });
    expect(answer.quotes.length).toBeGreaterThan(0);
    for (const quote of answer.quotes) expect(quote.date >= '2023-01-01').toBe(true);
  });

  it('--to keeps only articles published on or before the day', async () => {
    const answer = await archive.ask({ question: 'audio leaks', k: 5, to: '2022-12-31' });
    expect(answer.quotes.length).toBeGreaterThan(0);
    for (const quote of answer.quotes) expect(quote.article).toBe(ARTICLE_2022);
  });

  it('a range with no articles abstains with no quotes', async () => {
    const answer = await archive.ask({ question: 'Rana Sanaullah', from: '2020-01-01', to: '2020-12-31' });
    expect(answer).toMatchObject({ answered: false, quotes: [] });
  });

  it('rejects impossible dates and backwards ranges', async () => {
    await expect(archive.ask({ question: 'audio', from: '2022-02-30' })).rejects.toThrow(InvalidQuestionError);
    await expect(archive.ask({ question: 'audio', from: '2023-01-01', to: '2022-01-01' })).rejects.toThrow(/after/);
    await expect(archive.ask({ question: '   ' })).rejects.toThrow(/empty/);
    await expect(archive.ask({ question: 'x'.repeat(1001) })).rejects.toThrow(/1000/);
  });

  it('a question about a day prefers the passage that mentions that day', async () => {
    const answer = await archive.ask({ question: 'What will happen on 30 September 2022?' });
    expect(answer.quotes[0].article).toBe(ARTICLE_2022);
    expect(answer.quotes[0].text).toMatch(/Friday \(09\/30\)|Friday next/);
  });
});

describe('archive summary', () => {
  it('counts what the index holds', () => {
    expect(archive.summary()).toMatchObject({
      articles: 2,
      firstDate: '2022-09-28',
      lastDate: '2023-08-25',
      model: 'minishlab/potion-base-2M',
    });
    expect(archive.summary().people).toBeGreaterThanOrEqual(12);
  });
});

describe('work per question', () => {
  it('embeds only the question: sentence vectors come from the index', async () => {
    const { engine, embedder } = await openEngine(seedIndex.config);
    const embedded: string[] = [];
    const counting = { embed: (texts: string[]) => (embedded.push(...texts), embedder.embed(texts)) };
    const counted = new AnswerEngine(engine.store, counting, engine.settings);
    const answer = await counted.ask({ question: 'Who warned officials about WhatsApp links?', k: 5 });
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(embedded).toEqual(['Who warned officials about WhatsApp links?']);
  });
});
