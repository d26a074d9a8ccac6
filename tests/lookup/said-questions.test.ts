// Issue 19: questions asking for a person's words in any common form route to that person's own quotations first.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/archive.ts';
import { parseSaidQuestion, SAID_QUESTIONS } from '../../src/lookup/said.ts';
import { openArchive } from '../../src/openArchive.ts';
import { seedIndex } from '../support/seedIndex.ts';

const cases: [rule: string, question: string, parsed: { name: string; about?: string }][] = [
  ['what did Y say (about Z)', 'What did Imran Khan say about the cypher?', { name: 'Imran Khan', about: 'the cypher' }],
  ['what does Y think about Z', 'what does Azam Khan think about the meeting', { name: 'Azam Khan', about: 'the meeting' }],
  [
    'according to Y, Z',
    'According to Azam Khan, who should read out the letter?',
    { name: 'Azam Khan', about: 'who should read out the letter' },
  ],
  [
    'Z, according to Y',
    'Who should read out the letter, according to Azam Khan?',
    { name: 'Azam Khan', about: 'Who should read out the letter' },
  ],
  ["(what is) Y's view on Z", "What is Imran Khan's view on America?", { name: 'Imran Khan', about: 'America' }],
  ["(what is) Y's view on Z", "Azam Khan's take on the minutes", { name: 'Azam Khan', about: 'the minutes' }],
  ['did Y say Z', 'Did Azam Khan say they should hold a meeting?', { name: 'Azam Khan', about: 'they should hold a meeting' }],
  ['did Y say Z', 'did imran khan say anything about america', { name: 'imran khan', about: 'america' }],
  ['Y claimed Z', 'Imran Khan claimed what about the cypher?', { name: 'Imran Khan', about: 'the cypher' }],
  ['Y claimed Z', 'Azam Khan said that the minutes are in his hand?', { name: 'Azam Khan', about: 'the minutes are in his hand' }],
];

describe("questions asking for a person's words (SAID_QUESTIONS, first match wins)", () => {
  it('has cases for every rule', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(SAID_QUESTIONS.map(({ name }) => name)));
  });

  it.each(cases)('%s: %j', (rule, question, parsed) => {
    expect(SAID_QUESTIONS.find(({ pattern }) => pattern.test(question))?.name).toBe(rule);
    expect(parseSaidQuestion(question)).toEqual(parsed);
  });

  it.each(['Who replaced Miftah Ismail as finance minister?', 'When will the hacker release all the files?', 'Imran Khan cypher audio'])(
    'leaves other questions alone: %j',
    (question) => expect(parseSaidQuestion(question)).toBeUndefined(),
  );
});

describe("routing to a person's own quotations (real index of the seeds)", () => {
  let archive: Archive;
  beforeAll(async () => {
    archive = await openArchive(seedIndex().config);
  });

  it.each([
    ['According to Azam Khan, who should read out the letter?', 'Azam Khan'],
    ["What is Imran Khan's view on America?", 'Imran Khan'],
    ['Did Azam Khan say they should hold a meeting?', 'Azam Khan'],
    ['Imran Khan claimed what about America?', 'Imran Khan'],
  ])('%s → %s first', async (question, speaker) => {
    const answer = await archive.ask({ question, k: 3 });
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0].speaker).toBe(speaker);
  });
});
