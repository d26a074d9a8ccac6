// The ArchiveStore contract cases on the seeds: every query option and lookup, with what each answer must be (both asOf
// bugs of issue 20 among them). Run against both stores (seeds.test.ts) and against builds shared by workers.
import { expect } from 'vitest';
import type { Answer, DateLookup, PersonLookup, PersonTimeline, SaidFound } from '../../src/archive.ts';
import { noneAfter, type ContractCase } from './cases.ts';

const DARK_WEB = '002_da930858047ced72.txt';
const HACKING = '000_ae1dca75ecde649c.txt';

export const SEED_CASES: ContractCase[] = [
  {
    name: 'ask',
    ask: (archive) => archive.ask({ question: 'Who warned officials about WhatsApp links?', k: 5 }),
    expect: (answer: Answer) => expect(answer.quotes[0]).toMatchObject({ article: HACKING, date: '2023-08-25' }),
  },
  {
    name: 'ask, from',
    ask: (archive) => archive.ask({ question: 'audio leaks', k: 5, from: '2023-01-01' }),
    expect: (answer: Answer) => expect(answer.quotes.every((quote) => quote.date >= '2023-01-01')).toBe(true),
  },
  {
    name: 'ask, to',
    ask: (archive) => archive.ask({ question: 'audio leaks', k: 5, to: '2022-12-31' }),
    expect: (answer: Answer) => expect(answer.quotes.map((quote) => quote.article)).toContain(DARK_WEB),
  },
  {
    name: 'ask, asOf before every article',
    ask: (archive) => archive.ask({ question: 'Who warned officials about WhatsApp links?', asOf: '2021-01-01' }),
    expect: (answer: Answer) => expect(answer).toMatchObject({ answered: false, quotes: [] }),
  },
  {
    name: 'ask, asOf between the articles',
    ask: (archive) => archive.ask({ question: 'Who warned officials about WhatsApp links?', k: 5, asOf: '2023-01-01' }),
    expect: noneAfter('2023-01-01'),
  },
  {
    // Issue 20: the Postgres engine read "this week" against today. Asked on 2022-09-28 it is that week, with
    // the Monday and Tuesday the article names; a month later it is no week the archive mentions.
    name: 'ask, "this week" read as of asOf',
    ask: async (archive) => {
      const then = await archive.ask({ question: 'What happened this week?', asOf: '2022-09-28' });
      const later = await archive.ask({ question: 'What happened this week?', asOf: '2022-10-28' });
      return { then, later };
    },
    expect: ({ then, later }: { then: Answer; later: Answer }) => {
      expect(then.quotes[0].score).toBeGreaterThan(later.quotes[0].score);
      expect(then.quotes.map((quote) => quote.highlight)).not.toEqual(later.quotes.map((quote) => quote.highlight));
    },
  },
  {
    name: 'ask "What did X say?": their own words first, speakers named',
    ask: (archive) => archive.ask({ question: 'What did Azam Khan say?', k: 3 }),
    expect: (answer: Answer) =>
      expect(answer.quotes[0]).toMatchObject({ speaker: 'Azam Khan', text: expect.stringMatching(/^"Sir, I was/) }),
  },
  {
    name: 'ask "What did X say about Y?"',
    ask: (archive) => archive.ask({ question: 'What did Imran Khan say about the cypher?' }),
    expect: (answer: Answer) =>
      expect(answer.quotes[0]).toMatchObject({ speaker: 'Imran Khan', text: expect.stringMatching(/play with it/) }),
  },
  {
    // Issue 20: "What did X say" ignored --as-of on both stores and answered with quotes of 2022-09-28.
    name: 'ask "What did X say?", asOf before they said it',
    ask: (archive) => archive.ask({ question: 'What did Imran Khan say?', asOf: '2021-01-01' }),
    expect: (answer: Answer) => expect(answer).toMatchObject({ answered: false, quotes: [] }),
  },
  {
    name: 'said',
    ask: (archive) => archive.said({ speaker: 'azam khan' }),
    expect: (said: SaidFound) => {
      expect(said).toMatchObject({ found: true, person: 'Azam Khan' });
      expect(said.quotations[0].text).toMatch(/^"Sir, I was/);
      for (const quotation of said.quotations) expect(quotation.speaker).toBe('Azam Khan');
    },
  },
  {
    name: 'said, about',
    ask: (archive) => archive.said({ speaker: 'Imran Khan', about: 'cypher' }),
    expect: (said: SaidFound) => expect(said.quotations[0].text).toMatch(/play with it/),
  },
  {
    name: 'said, about and asOf',
    ask: (archive) => archive.said({ speaker: 'Imran Khan', about: 'cypher', asOf: '2022-01-01' }),
    expect: (said: SaidFound) => expect(said).toMatchObject({ found: true, person: 'Imran Khan', quotations: [] }),
  },
  {
    name: 'said, from and to',
    ask: (archive) => archive.said({ speaker: 'Imran Khan', from: '2022-09-01', to: '2022-09-30' }),
    expect: (said: SaidFound) => {
      expect(said.quotations.length).toBeGreaterThan(0);
      for (const quotation of said.quotations) expect(quotation.date.startsWith('2022-09')).toBe(true);
    },
  },
  {
    name: 'said, unknown person',
    ask: (archive) => archive.said({ speaker: 'Imrn Kahn' }),
    expect: (said: PersonLookup) => expect(said).toMatchObject({ found: false, suggestions: expect.arrayContaining(['Imran Khan']) }),
  },
  {
    name: 'person',
    ask: (archive) => archive.person('then-PM Shehbaz'),
    expect: (person: PersonLookup) => {
      expect(person).toMatchObject({ found: true, person: 'Shehbaz Sharif' });
      if (person.found) expect(new Set(person.quotes.map((quote) => quote.article))).toEqual(new Set([DARK_WEB, HACKING]));
    },
  },
  {
    name: 'person, ambiguous alias',
    ask: (archive) => archive.person('Khan'),
    expect: (person: PersonLookup) => expect(!person.found && person.suggestions.slice(0, 2).sort()).toEqual(['Azam Khan', 'Imran Khan']),
  },
  {
    name: 'timeline',
    ask: (archive) => archive.timeline('imran khan'),
    expect: (timeline: PersonTimeline) =>
      expect(timeline.found && timeline.entries[0].eventDate).toMatchObject({ from: '2022-09-26', to: '2022-09-26' }),
  },
  {
    name: 'timeline, unknown person',
    ask: (archive) => archive.timeline('Imran Kahn'),
    expect: (timeline: PersonTimeline) => expect(!timeline.found && timeline.suggestions[0]).toBe('Imran Khan'),
  },
  {
    name: 'dates, a day mentioned but not published on',
    ask: (archive) => archive.dates({ from: '2022-09-30', to: '2022-09-30' }),
    expect: (dates: DateLookup) => {
      expect(dates.published).toEqual([]);
      expect(dates.mentions.map((mention) => mention.expression)).toEqual(['Friday next', 'Friday (09/30)']);
    },
  },
  {
    name: 'dates, a month',
    ask: (archive) => archive.dates({ from: '2022-09-01', to: '2022-09-30' }),
    expect: (dates: DateLookup) => expect(dates.published.map((entry) => entry.article)).toEqual([DARK_WEB]),
  },
  {
    name: 'autocomplete',
    ask: async (archive) => ({
      sh: await archive.suggestPeople('sh'),
      all: await archive.suggestPeople(''),
      three: await archive.suggestPeople('', 3),
      fuzzy: await archive.suggestPeople('ishak'),
    }),
    expect: ({ sh, all, three, fuzzy }: Record<string, string[]>) => {
      expect(sh).toEqual(expect.arrayContaining(['Shehbaz Sharif', 'Shah Mahmood Qureshi']));
      expect(all).toHaveLength(12);
      expect(three).toHaveLength(3);
      expect(fuzzy).toContain('Ishaq Dar');
    },
  },
  {
    // Near names are one rule (NEAR_NAMES) computed in memory by the files store and in SQL by Postgres.
    name: 'did you mean: misspelt and partial names',
    ask: async (archive) => {
      const typed = [
        'Imran Kahn',
        'Shehbaz Sharef',
        'Azam Kan',
        'Ishak Dar',
        'Shebaz',
        'Qureshy',
        'Mahmud',
        'Sikander Raja',
        'Kahn',
        'zzz',
      ];
      const suggested: Record<string, string[]> = {};
      for (const name of typed) {
        const person = await archive.person(name);
        suggested[name] = person.found ? [person.person] : person.suggestions;
        suggested[`complete ${name}`] = await archive.suggestPeople(name);
      }
      return suggested;
    },
    expect: (suggested: Record<string, string[]>) => {
      expect(suggested['Imran Kahn'][0]).toBe('Imran Khan');
      expect(suggested['Shehbaz Sharef'][0]).toBe('Shehbaz Sharif');
      expect(suggested['Azam Kan'][0]).toBe('Azam Khan');
      expect(suggested['Ishak Dar'][0]).toBe('Ishaq Dar');
      expect(suggested['Shebaz'][0]).toBe('Shehbaz Sharif');
      expect(suggested['Qureshy'][0]).toBe('Shah Mahmood Qureshi');
      expect(suggested['Sikander Raja'][0]).toBe('Sikandar Sultan Raja');
      expect(suggested['zzz']).toEqual([]);
    },
  },
  {
    name: 'sources',
    ask: (archive) => archive.sources(),
    expect: (sources: { article: string }[]) => expect(sources.map((source) => source.article)).toEqual([DARK_WEB, HACKING]),
  },
  {
    name: 'summary',
    ask: async (archive) => archive.summary(),
    expect: (summary: { articles: number; people: number; firstDate: string; lastDate: string }) =>
      expect(summary).toMatchObject({ articles: 2, people: 12, firstDate: '2022-09-28', lastDate: '2023-08-25' }),
  },
];
