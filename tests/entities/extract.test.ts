import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Article } from '../../src/domain/article.ts';
import { extractEntities } from '../../src/entities/extract.ts';
import type { ArticleEntities } from '../../src/domain/mentions.ts';

const { articles } = loadCorpus('seeds');
const extracted = new Map<string, { article: Article; entities: ArticleEntities }>(
  articles.map((article) => [article.id, { article, entities: extractEntities(article, splitSentences(article.text)) }]),
);
const hacking = extracted.get('000_ae1dca75ecde649c.txt')!;
const darkWeb = extracted.get('002_da930858047ced72.txt')!;

const people = (entry: { entities: ArticleEntities }) => new Set(entry.entities.people.map((mention) => mention.person));

describe('extractEntities: people in the seeds', () => {
  it('finds every named person, by their full name', () => {
    expect([...people(hacking)].sort()).toEqual(
      ['Khawaja Asif', 'Maryam Nawaz', 'Miftah Ismail', 'Rana Sanaullah', 'Sardar Ayaz Sadiq', 'Shehbaz Sharif'].sort(),
    );
    expect([...people(darkWeb)].sort()).toEqual(
      [
        'Azam Khan',
        'Imran Khan',
        'Ishaq Dar',
        'Maryam Nawaz',
        'Miftah Ismail',
        'Shah Mahmood Qureshi',
        'Shehbaz Sharif',
        'Sikandar Sultan Raja',
        'Sohail Mahmood',
      ].sort(),
    );
  });

  it('ties short forms to the full name used in the same article', () => {
    const aliases = (entry: { entities: ArticleEntities }, person: string) =>
      new Set(entry.entities.people.filter((mention) => mention.person === person).map((mention) => mention.name));
    expect(aliases(hacking, 'Shehbaz Sharif')).toEqual(new Set(['Shehbaz Sharif', 'Shehbaz']));
    expect(aliases(darkWeb, 'Ishaq Dar')).toEqual(new Set(['Ishaq Dar', 'Dar']));
    expect(aliases(darkWeb, 'Sikandar Sultan Raja')).toEqual(new Set(['Sikandar Sultan Raja', 'Sultan Raja']));
  });

  it('lists no organisation, office, outlet or place as a person', () => {
    const names = [...extracted.values()].flatMap((entry) => entry.entities.people.map((mention) => mention.name));
    for (const notAPerson of [
      'Cabinet Division',
      'Intelligence Bureau',
      'PM House',
      'Pakistan Muslim League',
      'Nawaz',
      'National Accountability Bureau',
      'The News International',
      'News International',
      'London',
      'Dawn',
      'Reuters',
      'ANI',
      'Tehreek-e-Insaf',
      'Sir',
      'Sharif',
    ]) {
      expect(names).not.toContain(notAPerson);
    }
  });

  it('gives offsets that slice the name out of the text, inside the named sentence', () => {
    for (const { article, entities } of extracted.values()) {
      const sentences = splitSentences(article.text);
      for (const mention of [...entities.people, ...entities.dates]) {
        const written = 'name' in mention ? mention.name : mention.expression;
        expect(article.text.slice(mention.start, mention.end)).toBe(written);
        expect(mention.start).toBeGreaterThanOrEqual(sentences[mention.sentence].start);
        expect(mention.end).toBeLessThanOrEqual(sentences[mention.sentence].end);
      }
    }
  });

  it('does not read "the Sharif family" as a mention of Shehbaz Sharif', () => {
    const sentence = darkWeb.entities.people.filter((mention) => mention.sentence === 18).map((mention) => mention.name);
    expect(sentence).toEqual(['Imran Khan', 'Sultan Raja']);
  });
});

describe('extractEntities: dates in the seeds', () => {
  const date = (entry: { entities: ArticleEntities }, expression: string) => {
    const found = entry.entities.dates.find((mention) => mention.expression.includes(expression));
    expect(found, `a date mention containing "${expression}"`).toBeDefined();
    return found!;
  };

  it('resolves an absolute date', () => {
    expect(date(hacking, 'February 28, 2013')).toMatchObject({ from: '2013-02-28', to: '2013-02-28', rule: 'absolute' });
  });

  it('takes the year of "September 25" from "Last year in September" (article of 2023-08-25)', () => {
    expect(date(hacking, 'Last year in September')).toMatchObject({ from: '2022-09-01', to: '2022-09-30' });
    expect(date(hacking, 'September 25')).toMatchObject({ from: '2022-09-25', to: '2022-09-25', rule: 'year-from-context' });
  });

  it('resolves "Friday (09/30)" in an article of 2022-09-28 to 2022-09-30', () => {
    expect(date(darkWeb, 'Friday (09/30)')).toMatchObject({ from: '2022-09-30', to: '2022-09-30', rule: 'numeric' });
  });

  it('resolves weekdays against the publication date, looking back for past events and ahead for announced ones', () => {
    expect(date(hacking, 'Friday')).toMatchObject({ from: '2023-08-25', to: '2023-08-25', rule: 'relative-weekday-past' });
    expect(date(darkWeb, 'Tuesday')).toMatchObject({ from: '2022-09-27', rule: 'relative-weekday-past' });
    expect(date(darkWeb, 'Monday')).toMatchObject({ from: '2022-09-26', rule: 'relative-weekday-past' });
    expect(date(darkWeb, 'Friday next')).toMatchObject({ from: '2022-09-30', rule: 'relative-weekday-future' });
  });

  it('keeps approximate and month-only expressions as ranges', () => {
    const tenDays = date(darkWeb, '10 days back');
    expect(tenDays.from <= '2022-09-18' && '2022-09-18' <= tenDays.to).toBe(true);
    expect(tenDays.rule).toBe('relative-ago-approximate');
    expect(date(darkWeb, 'a few days ago')).toMatchObject({ from: '2022-09-22', to: '2022-09-26' });
    expect(date(darkWeb, 'May')).toMatchObject({ from: '2022-05-01', to: '2022-05-31', rule: 'month-past' });
  });

  it('skips "last night" inside a quotation, where the speaker\'s day is unknown', () => {
    expect(darkWeb.entities.dates.map((mention) => mention.expression)).not.toContain('last night');
  });
});

describe('extractEntities: news-writing patterns beyond the seeds', () => {
  const peopleIn = (text: string) => {
    const article = { id: 'case', date: '1987-04-01', text };
    return [...new Set(extractEntities(article, splitSentences(text)).people.map((mention) => mention.person))];
  };

  it.each([
    ['Italian Treasury Minister Giovanni Goria met reporters.', ['Giovanni Goria']],
    ['Minister of State for Commerce Priya Ranjan Dasmunsi told Parliament.', ['Priya Ranjan Dasmunsi']],
    ['Bangladesh Commerce Minister M.A. Munim said so. Munim left.', ['M.A. Munim']],
    ['The shares went to John F. Rothman and Ronald A. Young, the presidents.', ['John F. Rothman', 'Ronald A. Young']],
    ['They are wary of (Alan) Greenspan, who will replace Volcker.', ['Alan Greenspan']],
    ["Prime Minister Rajiv Gandhi's Congress (I) party lost.", ['Rajiv Gandhi']],
    ['Valley Federal Savings said it split its stock. General Acquisition said no.', []],
    ['Morgan Stanley and Co said it would buy. Morgan Stanley declined to comment.', []],
    ['The deal was signed by an official Indian trade delegation.', []],
    ['Credits will shield West German farmers. The subsidy for West German farm exports ends.', []],
    ['Avinash Purulkar, chief manager of the bank, said prices may double.', ['Avinash Purulkar']],
    ['Computer Terminal Systems Inc sold shares. Computer Terminal said it was pleased.', []],
    ['The problems stemmed from Captain S.R. Wikramanayake who held both posts. Wikramanayake resigned.', ['S.R. Wikramanayake']],
    ['The chairman of the board, Frank Naylor, urged action. FCA chairman Naylor said a guarantee would help.', ['Frank Naylor']],
    ['A patrol found a cache in Nad Ali district. Mullah Omar Khan said the cache in Nad Ali was old.', ['Omar Khan']],
    ['The force searched a compound in Mohammad Rahim Kalay in Garm Ser district.', []],
    ['Insurgents attacked in Tarin Kowt on Friday. Commandos were sent into the city of Tarin Kowt.', []],
    ['Output rose, Shafi Niaz, Chairman of the Agricultural Prices Commission, said.', ['Shafi Niaz']],
    ['Nalin Vissanji, President of the Indian Merchants Chambers of Commerce said the budget failed.', ['Nalin Vissanji']],
    ['The Taliban commander, Asad, commanded an insurgent cell. Asad fled.', ['Asad']],
    ['Forces captured a commander and Qari Habibullah, a Taliban facilitator.', ['Habibullah']],
    ['Muhammad Yah, a senior Taliban commander in the area, was killed.', ['Muhammad Yah']],
    ['Forces detained an insurgent in the village of Mullah Hadzrat in Logar province.', []],
    ["Liptons and Brooke Bond, two units of Britain's Unilever Plc, control the market, traders said.", []],
  ])('%s', (text, expected) => {
    expect(peopleIn(text).sort()).toEqual([...expected].sort());
  });

  it.each([
    ['Haqqani Network Commander Captured in Khost Province Overnight\nKABUL - Forces detained the commander.', []],
    ['Forces Target Haqqani Commander Planning Election Attacks\nKABUL - Aircraft struck.', []],
    ['Force Continues Pursuit of Taliban Shadow Governor for Musa Qala\nKABUL - Forces searched.', []],
    ['Army Col. Rafael Torres Visits Kandahar\nKABUL - Troops met him.', ['Rafael Torres']],
    ['Taliban Commander Mullah Omar Killed\nKABUL - Forces said he died.', ['Omar']],
  ])('a headline needs strong evidence for a name: %s', (text, expected) => {
    expect(peopleIn(text).sort()).toEqual([...expected].sort());
  });
});

describe('extractEntities: dates beyond the seeds', () => {
  const datesIn = (text: string, date: string) =>
    extractEntities({ id: 'case', date, text }, splitSentences(text)).dates.map(({ expression, from, to, rule }) => ({
      expression,
      from,
      to,
      rule,
    }));

  it('reads a two-digit year in the century nearest the article', () => {
    expect(datesIn('Prices were set on 4/2/87 by the board.', '1987-04-09')).toEqual([
      { expression: '4/2/87', from: '1987-04-02', to: '1987-04-02', rule: 'numeric' },
    ]);
  });

  it('takes a range of months in the year that ends it', () => {
    expect(datesIn('Output fell from May to July 2022, the ministry said.', '2023-01-10')[0]).toMatchObject({
      from: '2022-05-01',
      to: '2022-07-31',
    });
  });

  it('does not read a fraction as a date', () => {
    expect(datesIn('The stock rose 1/2 point to 30-5/8.', '1987-03-06')).toEqual([]);
  });
});
