import { describe, expect, it } from 'vitest';
import type { DateLookup, TimelineEntry } from '../../src/archive.ts';
import { humanDay, humanRange } from '../../src/entities/readableDates.ts';
import { answerPages, articlesFirst, datePages, formatQuote, personPages, quotePages, timelinePages } from '../../src/bot/format.ts';
import { speechCutMarks } from '../../src/bot/quoteMarks.ts';
import { articleLabel, articleUrl } from '../../src/corpus/label.ts';
import type { Quote } from '../../src/domain/answer.ts';
import { expectWithinDiscordLimits } from './limits-check.ts';

// Real seed text (seeds/002_da930858047ced72.txt).
const seedQuote: Quote = {
  article: '002_da930858047ced72',
  date: '2022-09-28',
  label: "Pakistan Prime Minister's Office audio leaks saga is likely to…",
  text: 'Intelligence agencies have no idea how the tapping of the PM House has been done for months despite protocols in place. Furthermore, as per the reports Pakistan Prime Minister Shehbaz Sharif was informed by the Intelligence Bureau some 10 days back about the hacking, which surfaced a few days ago.',
  highlight:
    'Furthermore, as per the reports Pakistan Prime Minister Shehbaz Sharif was informed by the Intelligence Bureau some 10 days back about the hacking, which surfaced a few days ago.',
  score: 0.8,
};
const CONTEXT = 'Intelligence agencies have no idea how the tapping of the PM House has been done for months despite protocols in place. ';

describe('formatQuote', () => {
  it('leads with the whole quote, the answering sentence in bold, then the date first and the article label on one line', () => {
    expect(formatQuote({ ...seedQuote, title: 'Audio leaks saga' }, 4096)).toBe(
      `> ${CONTEXT}**${seedQuote.highlight}**\n— 28 Sep 2022 · *Audio leaks saga*`,
    );
  });

  it('bolds nothing when the quote is the answering sentence alone', () => {
    expect(formatQuote({ ...seedQuote, text: seedQuote.highlight }, 4096)).toBe(
      `> ${seedQuote.highlight}\n— 28 Sep 2022 · *Pakistan Prime Minister's Office audio leaks saga…*`,
    );
  });

  it('shows further quotes compact: the answering sentence only, plain', () => {
    expect(formatQuote(seedQuote, 4096, {}, 'compact')).toBe(
      `> ${seedQuote.highlight}\n— 28 Sep 2022 · *Pakistan Prime Minister's Office audio leaks saga…*`,
    );
  });

  it('links the label to the article when the corpus gives its address, and keeps the id out of the line', () => {
    const line = formatQuote({ ...seedQuote, title: 'Audio [leaks] saga', url: 'https://example.com/a (1)' }, 4096)
      .split('\n')
      .at(-1);
    expect(line).toBe('— 28 Sep 2022 · [Audio leaks saga](https://example.com/a%20%281%29)');
    expect(line).not.toContain(seedQuote.article);
  });

  it('falls back to the article id and block-quotes every line', () => {
    const text = 'First line.\n\nSecond line.';
    expect(formatQuote({ ...seedQuote, label: undefined, text, highlight: 'Second line.' }, 4096)).toBe(
      '> First line.\n> \n> **Second line.**\n— 28 Sep 2022 · *002\\_da930858047ced72*',
    );
  });

  it('drops context before shortening the answering sentence when the budget is tight', () => {
    const formatted = formatQuote(seedQuote, 250);
    expect(formatted.length).toBeLessThanOrEqual(250);
    expect(formatted.startsWith('> …**Furthermore')).toBe(true);
    expect(formatted).toContain('— 28 Sep 2022 · ');
  });

  it.each([
    [
      'closes speech it never opened',
      'We will just play over it and say that the date was already there." Responding to this, he left.',
      '> …We will just play',
    ],
    ['opens speech it never closes', 'Azam Khan said: "Sir, I was thinking that we should hold a meeting.', 'hold a meeting.…\n'],
    ['balanced speech', 'He said "yes" and left.', '> He said "yes" and left.\n'],
  ])('marks a quote that %s with "…", words untouched', (_, text, expected) => {
    expect(formatQuote({ ...seedQuote, text, highlight: text }, 4096)).toContain(expected);
  });
});

describe('speechCutMarks', () => {
  it.each([
    ['“Curly open only', { lead: '', tail: '…' }],
    ['closed only” here', { lead: '…', tail: '' }],
    ['(“both”) and "straight"', { lead: '', tail: '' }],
    ['it\'s a "cut', { lead: '', tail: '…' }],
  ])('%s', (text, marks) => expect(speechCutMarks(text)).toEqual(marks));
});

describe('dates as a reader reads them', () => {
  it.each([
    [{ from: '2022-09-28', to: '2022-09-28' }, '28 Sep 2022'],
    [{ from: '2022-09-16', to: '2022-09-20' }, '16–20 Sep 2022'],
    [{ from: '2022-09-01', to: '2022-09-30' }, 'Sep 2022'],
    [{ from: '2022-02-01', to: '2022-02-28' }, 'Feb 2022'],
    [{ from: '2022-01-01', to: '2022-12-31' }, '2022'],
    [{ from: '2022-09-30', to: '2022-10-02' }, '30 Sep – 2 Oct 2022'],
    [{ from: '2022-12-30', to: '2023-01-02' }, '30 Dec 2022 – 2 Jan 2023'],
    [{ from: '2022-09-01', to: '9999-12-31' }, 'since 1 Sep 2022'],
  ])('%o → %s', (range, text) => expect(humanRange(range)).toBe(text));

  it('writes a day without a leading zero', () => expect(humanDay('2023-08-05')).toBe('5 Aug 2023'));
});

describe('article labels', () => {
  it.each([
    ['a title', { title: '  BAHIA  COCOA REVIEW ', text: 'x' }, 'BAHIA COCOA REVIEW'],
    [
      'the opening words, past a photo caption',
      {
        text: 'A man types on a keyboard in this illustration picture taken February 28, 2013. — Reuters\n\nPMO says security agencies are fully alert in this regard.\n\nMore.',
      },
      'PMO says security agencies are fully alert in this regard',
    ],
    [
      'about ten words of a long opening',
      { text: 'One two three four five six seven eight nine ten eleven twelve.' },
      'One two three four five six seven eight nine ten…',
    ],
    [
      'past a reference code line',
      { title: '', text: '2013-01-S-025\n\nDuring a security operation in Andar district, Ghazni province, yesterday' },
      'During a security operation in Andar district, Ghazni province, yesterday',
    ],
  ])('%s', (_, article, label) => expect(articleLabel(article)).toBe(label));

  it('takes a web address from the source, not an outlet name', () => {
    expect(articleUrl({ source: 'https://example.com/story' })).toBe('https://example.com/story');
    expect(articleUrl({ source: 'Reuters' })).toBeUndefined();
  });
});

describe('pages', () => {
  it('pages quotes; the footer counts quotes and articles, never file names', () => {
    const pages = quotePages(
      Array.from({ length: 5 }, () => seedQuote),
      { title: 'Q', pageSize: 2, countLabel: '' },
    );
    expect(pages).toHaveLength(3);
    expect(pages[0].embeds[0].footer?.text).toBe('5 quotes from 1 article');
    for (const page of pages) expectWithinDiscordLimits(page);
  });

  it('leads an answer with one full quote; the others are compact and unbolded', () => {
    const [page] = answerPages({ query: 'Who was informed?', answered: true, quotes: [seedQuote, seedQuote, seedQuote] }, 3);
    const description = page.embeds[0].description!;
    expect(description.match(/\*\*/g)).toHaveLength(2);
    expect(description.split('\n\n')[0]).toContain(CONTEXT.trim());
    for (const quote of description.split('\n\n').slice(1))
      expect(quote).toBe(`> ${seedQuote.highlight}\n— 28 Sep 2022 · *Pakistan Prime Minister's Office audio leaks saga…*`);
  });

  it('answers an abstention with a friendly message and plainly labelled closest passages', () => {
    const [page] = answerPages({ query: 'Who won the 1998 cup?', answered: false, quotes: [{ ...seedQuote, nearMiss: true }] }, 3);
    expect(page.embeds[0].title).toBe('No answer in the archive');
    expect(page.embeds[0].description).toContain('Who won the 1998 cup?');
    expect(page.embeds[1].title).toBe('Closest passages — may not answer');
    expect(page.embeds[1].description).toContain('Shehbaz Sharif');
    expect(page.embeds[1].description).not.toContain('**');
  });
});

describe('personPages', () => {
  const at = (article: string, date: string, n: number): Quote => ({
    ...seedQuote,
    article,
    date,
    label: `Story ${article}`,
    text: `Sentence ${n}.`,
    highlight: `Sentence ${n}.`,
  });
  const quotes = [
    at('a', '2022-01-01', 1),
    at('a', '2022-01-01', 2),
    at('a', '2022-01-01', 3),
    at('b', '2022-05-01', 4),
    at('c', '2023-02-01', 5),
    at('c', '2023-02-01', 6),
  ];

  it('puts each article once, newest first, before any repeats', () => {
    expect(articlesFirst(quotes).map((quote) => quote.text)).toEqual([
      'Sentence 5.',
      'Sentence 4.',
      'Sentence 1.',
      'Sentence 6.',
      'Sentence 2.',
      'Sentence 3.',
    ]);
  });

  it('opens with an overview: articles, passages, date span', () => {
    const [first] = personPages({ found: true, person: 'Shehbaz Sharif', aliases: ['Shehbaz Sharif', 'Shehbaz'], quotes }, 4);
    expect(first.embeds[0].title).toBe('Shehbaz Sharif (also: Shehbaz)');
    expect(first.embeds[0].description).toMatch(/^\*\*3 articles · 6 passages · 1 Jan 2022 – 1 Feb 2023\*\*\n/);
    expect(first.embeds[0].description).toMatch(/> Sentence 5\.\n— 1 Feb 2023 · \*Story c\*\n\n> Sentence 4\./);
  });
});

describe('timelinePages', () => {
  // What the real archive's timeline gives for this seed sentence: published 2022-09-28, "some 10 days back".
  const dated: TimelineEntry = {
    ...seedQuote,
    title: 'Audio leaks saga',
    eventDate: { from: '2022-09-16', to: '2022-09-20', expression: 'some 10 days back' },
  };
  const undated: TimelineEntry = { ...seedQuote, date: '2023-08-25', text: seedQuote.highlight };

  it('heads dated quotes with when it happened; undated ones say nothing, the footer explains their place once', () => {
    const [page] = timelinePages('Shehbaz Sharif', [dated, undated, undated], 4);
    const [embed] = page.embeds;
    expect(embed.title).toBe('Timeline: Shehbaz Sharif');
    expect(embed.description).toBe(
      '**Happened 16–20 Sep 2022 · “some 10 days back”**\n' +
        `> ${seedQuote.highlight}\n` +
        '— 28 Sep 2022 · *Audio leaks saga*\n\n' +
        `> ${seedQuote.highlight}\n` +
        "— 25 Aug 2023 · *Pakistan Prime Minister's Office audio leaks saga…*\n\n" +
        `> ${seedQuote.highlight}\n` +
        "— 25 Aug 2023 · *Pakistan Prime Minister's Office audio leaks saga…*",
    );
    expect(embed.footer?.text).toBe(
      '3 quotes from 1 article in the order things happened (2 without a date in the text, placed by publication date)',
    );
  });

  it('pages a long timeline within every Discord limit, keeping both dates on every quote', () => {
    const long: TimelineEntry = {
      ...dated,
      title: 'Very long title 🎧 '.repeat(40),
      text: `${'A sentence about the leaks 🎧. '.repeat(300)}${seedQuote.highlight}`,
      eventDate: { ...dated.eventDate!, expression: 'some 10 days back '.repeat(20) },
    };
    const pages = timelinePages(
      'Shehbaz Sharif',
      Array.from({ length: 9 }, () => long),
      4,
    );
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expectWithinDiscordLimits(page);
      const quotes = page.embeds[0].description!.split('\n\n');
      for (const quote of quotes) {
        expect(quote).toMatch(/^\*\*Happened 16–20 Sep 2022 · “some 10 days back/);
        expect(quote).toMatch(/\n— 28 Sep 2022 · \*Very long title.*\*$/);
      }
    }
  });

  it('says so when nobody is mentioned', () => {
    expect(timelinePages('Nobody', [], 4)[0].embeds[0].description).toBe('No passages mention them.');
  });
});

describe('datePages', () => {
  const mention = (mentioned: string, expression: string) => ({ ...seedQuote, text: seedQuote.highlight, mentioned, expression });

  it('shows a sentence naming two days of the range once, with both days, and no empty "published" box', () => {
    const lookup: DateLookup = {
      from: '2022-09-01',
      to: '2022-09-30',
      published: [],
      mentions: [mention('2022-09-16/2022-09-20', 'some 10 days back'), mention('2022-09-30', 'Friday')],
    };
    const [page] = datePages(lookup, 3);
    expect(page.embeds).toHaveLength(1);
    expect(page.embeds[0].title).toBe('Passages mentioning Sep 2022');
    expect(page.embeds[0].description).toMatch(/^Nothing was published in Sep 2022; these passages mention it\.\n\n/);
    expect(page.embeds[0].description!.match(/^> /gm)).toHaveLength(1);
    expect(page.embeds[0].description).toContain('· mentions 16–20 Sep 2022 (“some 10 days back”), 30 Sep 2022 (“Friday”)');
  });

  it('names every phrase of a passage that mentions the day, not only the first', () => {
    const lookup: DateLookup = {
      from: '2022-09-30',
      to: '2022-09-30',
      published: [],
      mentions: [mention('2022-09-30', 'Friday next'), mention('2022-09-30', 'Friday (09/30)'), mention('2022-09-30', 'Friday next')],
    };
    const [page] = datePages(lookup, 3);
    expect(page.embeds[0].description!.match(/^> /gm)).toHaveLength(1);
    expect(page.embeds[0].description).toContain('· mentions 30 Sep 2022 (“Friday next”, “Friday (09/30)”)');
  });

  it('says in one box when nothing was published and nothing mentions the day', () => {
    const [page] = datePages({ from: '2022-09-30', to: '2022-09-30', published: [], mentions: [] }, 3);
    expect(page.embeds).toEqual([
      expect.objectContaining({
        title: '30 Sep 2022',
        description: 'Nothing was published on 30 Sep 2022, and no passage mentions that day.',
      }),
    ]);
  });
});
