import { describe, expect, it } from 'vitest';
import type { PersonFound } from '../../src/archive.ts';
import { DARK_WEB, HACKING, lookupOver, store, storedSeeds } from './storedSeeds.ts';

const seeds = await storedSeeds();
const lookup = await lookupOver(seeds);

async function found(name: string): Promise<PersonFound> {
  const result = await lookup.person(name);
  if (!result.found) throw new Error(`"${name}" not found; suggestions: ${result.suggestions.join(', ')}`);
  return result;
}

/** Which articles of the seeds name each person, read by hand (ids sorted). */
const ARTICLES_NAMING: Record<string, string[]> = {
  'Shehbaz Sharif': [HACKING, DARK_WEB],
  'Maryam Nawaz': [HACKING, DARK_WEB],
  'Miftah Ismail': [HACKING, DARK_WEB],
  'Rana Sanaullah': [HACKING],
  'Khawaja Asif': [HACKING],
  'Sardar Ayaz Sadiq': [HACKING],
  'Imran Khan': [DARK_WEB],
  'Azam Khan': [DARK_WEB],
  'Ishaq Dar': [DARK_WEB],
  'Shah Mahmood Qureshi': [DARK_WEB],
  'Sohail Mahmood': [DARK_WEB],
  'Sikandar Sultan Raja': [DARK_WEB],
};

describe('EntityLookup.person', () => {
  it('knows exactly the twelve people of the seeds, and no organisation', async () => {
    expect((await lookup.suggestPeople('', 100)).sort()).toEqual(Object.keys(ARTICLES_NAMING).sort());
  });

  it.each(Object.entries(ARTICLES_NAMING))('returns exactly the articles that name %s', async (name, articles) => {
    const result = await found(name);
    expect(result.person).toBe(name);
    expect([...new Set(result.quotes.map((quote) => quote.article))].sort()).toEqual(articles);
  });

  it('quotes every sentence naming the person by any alias, and nothing else, in date order', async () => {
    const result = await found('Shehbaz Sharif');
    const expected = seeds
      .flatMap((article) => article.sentences.map((sentence) => article.text.slice(sentence.start, sentence.end)))
      .filter((sentence) => /\bShehbaz\b/.test(sentence));
    expect(result.quotes.map((quote) => quote.highlight).sort()).toEqual(expected.sort());
    const dates = result.quotes.map((quote) => quote.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]).toBe('2022-09-28');
    for (const quote of result.quotes) {
      const article = seeds.find((candidate) => candidate.id === quote.article)!;
      expect(article.text).toContain(quote.text);
      expect(quote.text).toContain(quote.highlight);
    }
  });

  it('merges short forms: "Shehbaz", "then-PM Shehbaz" and "Dar" find the full name', async () => {
    expect((await found('Shehbaz Sharif')).aliases).toContain('Shehbaz');
    expect((await found('Ishaq Dar')).aliases).toContain('Dar');
    expect((await found('shehbaz')).person).toBe('Shehbaz Sharif');
    expect((await found('then-PM Shehbaz')).person).toBe('Shehbaz Sharif');
    expect((await found('DAR')).person).toBe('Ishaq Dar');
    expect((await found('sultan raja')).person).toBe('Sikandar Sultan Raja');
    expect((await found('Ishaq Dar')).quotes.some((quote) => /against Dar, who/.test(quote.highlight))).toBe(true);
  });

  it('does not merge Imran Khan and Azam Khan through "Khan"', async () => {
    const result = await lookup.person('Khan');
    expect(result.found).toBe(false);
    expect(!result.found && result.suggestions.slice(0, 2).sort()).toEqual(['Azam Khan', 'Imran Khan']);
    expect((await found('Imran Khan')).quotes.every((quote) => quote.highlight.includes('Imran Khan'))).toBe(true);
  });

  it('suggests the nearest names for a near miss', async () => {
    const misspelt = await lookup.person('Imran Kahn');
    expect(misspelt.found).toBe(false);
    expect(!misspelt.found && misspelt.suggestions[0]).toBe('Imran Khan');
    const shortened = await lookup.person('Shebaz');
    expect(!shortened.found && shortened.suggestions).toContain('Shehbaz Sharif');
  });

  it('merges a short form across articles: a later "PM Shehbaz" alone is Shehbaz Sharif', async () => {
    const later = store({ id: 'later.txt', date: '2023-09-01', text: 'PM Shehbaz said the leaks were old. Mr Khan said nothing.' });
    const merged = await lookupOver([...seeds, later]);
    const result = await merged.person('Shehbaz Sharif');
    expect(result.found && result.quotes.at(-1)).toMatchObject({ article: 'later.txt', highlight: 'PM Shehbaz said the leaks were old.' });
    expect((await merged.person('Khan')).found).toBe(false);
  });
});

describe('EntityLookup.suggestPeople', () => {
  it('completes prefixes of any word of a name or alias, at most `limit`', async () => {
    expect(await lookup.suggestPeople('sh')).toEqual(expect.arrayContaining(['Shehbaz Sharif', 'Shah Mahmood Qureshi']));
    expect(await lookup.suggestPeople('sharif')).toContain('Shehbaz Sharif');
    expect(await lookup.suggestPeople('Mahm')).toEqual(expect.arrayContaining(['Shah Mahmood Qureshi', 'Sohail Mahmood']));
    expect(await lookup.suggestPeople('', 3)).toHaveLength(3);
    expect(await lookup.suggestPeople('ishak')).toContain('Ishaq Dar');
  });
});

describe('EntityLookup.dates', () => {
  it('keeps publication apart from mention: nothing was published on 2022-09-30, but two sentences name it', async () => {
    const result = await lookup.dates({ from: '2022-09-30', to: '2022-09-30' });
    expect(result.published).toEqual([]);
    expect(result.mentions.map((mention) => [mention.article, mention.mentioned, mention.expression])).toEqual([
      [DARK_WEB, '2022-09-30', 'Friday next'],
      [DARK_WEB, '2022-09-30', 'Friday (09/30)'],
    ]);
    expect(result.mentions[1].highlight).toContain('this Friday (09/30)');
  });

  it('filters publication by day, month and range', async () => {
    expect((await lookup.dates({ from: '2022-09-28', to: '2022-09-28' })).published).toEqual([
      { article: DARK_WEB, date: '2022-09-28', label: "Pakistan Prime Minister's Office audio leaks saga is likely to…" },
    ]);
    expect((await lookup.dates({ from: '2023-08-01', to: '2023-08-31' })).published.map((entry) => entry.article)).toEqual([HACKING]);
    expect((await lookup.dates({ from: '2022-01-01', to: '2023-12-31' })).published.map((entry) => entry.article)).toEqual([
      DARK_WEB,
      HACKING,
    ]);
    expect((await lookup.dates({ from: '2023-09-01', to: '2023-12-31' })).published).toEqual([]);
  });

  it('lists mentions of days within a month, from any article, by the day mentioned', async () => {
    const september = await lookup.dates({ from: '2022-09-01', to: '2022-09-30' });
    expect(september.mentions.map((mention) => `${mention.mentioned} ${mention.expression}`)).toEqual(
      expect.arrayContaining([
        '2022-09-25 September 25',
        '2022-09-01/2022-09-30 Last year in September',
        '2022-09-27 Tuesday',
        '2022-09-26 Monday',
      ]),
    );
    const mentioned = september.mentions.map((mention) => mention.mentioned);
    expect(mentioned).toEqual([...mentioned].sort());
    expect(september.mentions.find((mention) => mention.expression === 'September 25')?.article).toBe(HACKING);
  });
});

describe('EntityLookup.timeline', () => {
  it('orders mentions by the date of the event where the sentence gives one, with both dates', async () => {
    const result = await lookup.timeline('Shehbaz');
    if (!result.found) throw new Error('Shehbaz not found');
    expect(result.person).toBe('Shehbaz Sharif');
    const first = result.entries[0];
    expect(first).toMatchObject({
      article: HACKING,
      date: '2023-08-25',
      eventDate: { from: '2022-09-01', to: '2022-09-30', expression: 'Last year in September' },
    });
    const when = result.entries.map((entry) => entry.eventDate?.from ?? entry.date);
    expect(when).toEqual([...when].sort());
  });

  it("dates Imran Khan's call for the CEC to resign to Monday 2022-09-26", async () => {
    const result = await lookup.timeline('imran khan');
    if (!result.found) throw new Error('Imran Khan not found');
    const monday = result.entries.find((entry) => entry.highlight.includes('on Monday said'));
    expect(monday?.eventDate).toMatchObject({ from: '2022-09-26', to: '2022-09-26' });
    expect(monday?.date).toBe('2022-09-28');
    expect(result.entries[0]).toBe(monday);
  });

  it('says "did you mean" for an unknown name', async () => {
    const result = await lookup.timeline('Imran Kahn');
    expect(result).toMatchObject({ found: false, query: 'Imran Kahn' });
    expect(!result.found && result.suggestions[0]).toBe('Imran Khan');
  });
});
