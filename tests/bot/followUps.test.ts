// Thread follow-ups: each reading rule on its own example, what a thread remembers of an answer, and the bounded memory.
import { describe, expect, it } from 'vitest';
import type { Answer, Quote } from '../../src/domain/answer.ts';
import {
  FOLLOW_UP_RULES,
  personResolver,
  readFollowUp,
  rememberTurn,
  ThreadContexts,
  type PersonResolver,
  type ThreadContext,
} from '../../src/bot/followUps.ts';

const thread = (context: Partial<ThreadContext>): ThreadContext => ({
  asOf: '2024-01-01',
  shown: [],
  ...context,
  query: { question: 'What did Azam Khan say about the cypher?', asOf: '2024-01-01', ...context.query },
});

describe('follow-up rules, each on its own example', () => {
  it.each(FOLLOW_UP_RULES.map((rule) => [rule.name, rule] as const))('%s', (name, rule) => {
    const { context, question, people, read, from, to, reading } = rule.example;
    const followUp = readFollowUp(question, thread(context), '2030-06-01', new Set(people));
    expect(followUp.rules).toContain(name);
    expect(followUp.query.question).toBe(read);
    expect([followUp.query.from, followUp.query.to]).toEqual([from, to]);
    expect(followUp.readings).toContain(reading);
    // The thread's first question's as-of day, not the day the follow-up was asked.
    expect(followUp.query.asOf).toBe('2024-01-01');
  });

  it('reads the first question of a thread as it is, as of the day it is asked', () => {
    expect(readFollowUp('What did he say?', undefined, '2030-06-01')).toEqual({
      query: { question: 'What did he say?', asOf: '2030-06-01' },
      readings: [],
      rules: [],
      leaveOut: [],
    });
  });

  it('leaves a question without context words alone, and a pronoun with no one to stand for', () => {
    const plain = readFollowUp('Who was informed about the hacking?', thread({ person: 'Azam Khan' }), '2030-06-01');
    expect([plain.query.question, plain.rules]).toEqual(['Who was informed about the hacking?', []]);
    const nobody = readFollowUp('What did she say?', thread({}), '2030-06-01');
    expect(nobody.query.question).toBe('What did she say?');
  });

  it('combines rules: "what else did he say then?" is his words that day, not shown yet', () => {
    const context = thread({ person: 'Imran Khan', when: { from: '2022-09-28', to: '2022-09-28' }, shown: ['a#x'] });
    const followUp = readFollowUp('What else did he say then?', context, '2030-06-01');
    expect(followUp.query).toMatchObject({ question: 'What did Imran Khan say?', from: '2022-09-28', to: '2022-09-28' });
    expect(followUp.leaveOut).toEqual(['a#x']);
    expect(followUp.readings).toEqual([
      'Reading “what else” as what this thread has not shown yet',
      'Reading “then” as 28 Sep 2022',
      'Reading “he” as Imran Khan',
    ]);
  });

  it('leaves a pronoun after a person the question names to that person', () => {
    const followUp = readFollowUp(
      'Did he meet Imran Khan when he was in office?',
      thread({ person: 'Azam Khan' }),
      '2030-06-01',
      new Set(['Imran Khan']),
    );
    expect(followUp.query.question).toBe('Did Azam Khan meet Imran Khan when he was in office?');
    const own = readFollowUp(
      'What did Imran Khan say when he was in office?',
      thread({ person: 'Azam Khan' }),
      '2030-06-01',
      new Set(['Imran Khan']),
    );
    expect([own.query.question, own.rules]).toEqual(['What did Imran Khan say when he was in office?', []]);
  });

  it('reads "her" before a noun as "his", and before a preposition as "him"', () => {
    const context = thread({ person: 'Maryam Nawaz' });
    expect(readFollowUp('What did they say about her speech?', context, '2030-06-01').query.question).toBe(
      "What did Maryam Nawaz say about Maryam Nawaz's speech?",
    );
    expect(readFollowUp('Who spoke to her about it?', context, '2030-06-01').query.question).toBe('Who spoke to Maryam Nawaz about it?');
  });
});

describe('what a thread remembers of an answer', () => {
  const quote = (date: string, speaker?: string): Quote => ({
    article: `a-${date}`,
    date,
    text: 'Words.',
    highlight: 'Words.',
    score: 1,
    ...(speaker ? { speaker } : {}),
  });
  const answer = (quotes: Quote[]): Answer => ({ query: 'q', answered: true, quotes });
  const known: PersonResolver = async (name) => (['Imran Khan', 'Azam Khan'].find((person) => person.includes(name)) ? name : undefined);

  it('keeps the person asked about (as written) over the one quoted, the lead quote’s day, and what was shown', async () => {
    const first = readFollowUp('What did Azam Khan say?', undefined, '2024-01-01');
    const context = await rememberTurn(undefined, first, answer([quote('2022-09-28', 'Imran Khan'), quote('2022-09-20')]), known);
    expect(context).toMatchObject({
      asOf: '2024-01-01',
      person: 'Azam Khan',
      when: { from: '2022-09-28', to: '2022-09-28' },
      shown: ['a-2022-09-28#Words.', 'a-2022-09-20#Words.'],
    });
  });

  it('takes the quoted speaker when the question names no one, and a date the question names', async () => {
    const first = readFollowUp('Who leaked the audio in September 2022?', undefined, '2024-01-01');
    const context = await rememberTurn(undefined, first, answer([quote('2022-10-02', 'Imran Khan')]), known);
    expect(context.person).toBe('Imran Khan');
    expect(context.when).toEqual({ from: '2022-09-01', to: '2022-09-30' });
  });

  it('keeps the earlier context when the answer abstains', async () => {
    const before = thread({
      query: { question: 'What did Imran Khan say about the cypher?' },
      person: 'Imran Khan',
      when: { from: '2022-09-28', to: '2022-09-28' },
    });
    const next = readFollowUp('And before that?', before, '2030-06-01');
    const context = await rememberTurn(before, next, { query: 'q', answered: false, quotes: [] }, known);
    expect(context).toMatchObject({ person: 'Imran Khan', when: { from: '2022-09-28', to: '2022-09-28' }, asOf: '2024-01-01' });
  });
});

describe('personResolver', () => {
  const names = ['Ronald Reagan', 'Nancy Reagan', 'Kansas Republican Congressman Pat Roberts', 'Kuo In Chen'];
  const resolve = personResolver({
    suggestPeople: async (query) => names.filter((name) => name.toLowerCase().includes(query.toLowerCase())),
  });

  it.each([
    ['Reagan', 'Ronald Reagan'],
    ['Ronald Reagan', 'Ronald Reagan'],
    ['Kansas', undefined],
    ['In', undefined],
    ['Roberts', 'Kansas Republican Congressman Pat Roberts'],
  ])('%s → %s (a surname, never a first or middle word)', async (name, person) => {
    expect(await resolve(name)).toBe(person);
  });

  it('finds the person an answer names when the question named no one: "he" after "Who was informed?"', async () => {
    const first = readFollowUp('Who was informed by the Intelligence Bureau?', undefined, '2024-01-01');
    const lead: Quote = {
      article: 'a',
      date: '2022-09-28',
      text: 'Pakistan Prime Minister Shehbaz Sharif was informed.',
      highlight: 'Pakistan Prime Minister Shehbaz Sharif was informed.',
      score: 1,
    };
    const known: PersonResolver = async (name) => (name === 'Shehbaz Sharif' ? name : undefined);
    const context = await rememberTurn(undefined, first, { query: 'q', answered: true, quotes: [lead] }, known);
    expect(context.person).toBe('Shehbaz Sharif');
  });
});

describe('ThreadContexts', () => {
  it('keeps the most recent threads, each for a day after its last question', () => {
    let now = 0;
    const contexts = new ThreadContexts(() => now, 2, 1_000);
    contexts.set('a', thread({}));
    contexts.set('b', thread({}));
    contexts.set('a', thread({ person: 'Azam Khan' }));
    contexts.set('c', thread({}));
    expect([contexts.get('a')?.person, contexts.get('b'), contexts.get('c')?.asOf]).toEqual(['Azam Khan', undefined, '2024-01-01']);
    now = 1_001;
    expect(contexts.get('a')).toBeUndefined();
  });
});
