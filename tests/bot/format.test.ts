import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../src/archive.ts';
import { answerPages, formatQuote, quotePages, timelinePages } from '../../src/bot/format.ts';
import type { Quote } from '../../src/domain/answer.ts';
import { expectWithinDiscordLimits } from './limits-check.ts';

// Real seed text (seeds/002_da930858047ced72.txt).
const seedQuote: Quote = {
  article: '002_da930858047ced72',
  date: '2022-09-28',
  text: 'Intelligence agencies have no idea how the tapping of the PM House has been done for months despite protocols in place. Furthermore, as per the reports Pakistan Prime Minister Shehbaz Sharif was informed by the Intelligence Bureau some 10 days back about the hacking, which surfaced a few days ago.',
  highlight:
    'Furthermore, as per the reports Pakistan Prime Minister Shehbaz Sharif was informed by the Intelligence Bureau some 10 days back about the hacking, which surfaced a few days ago.',
  score: 0.8,
};

describe('formatQuote', () => {
  it('renders a block quote with the highlighted sentence in bold and the date and source beneath', () => {
    expect(formatQuote({ ...seedQuote, title: 'Audio leaks saga' }, 4096)).toBe(
      '> Intelligence agencies have no idea how the tapping of the PM House has been done for months despite protocols in place. ' +
        '**Furthermore, as per the reports Pakistan Prime Minister Shehbaz Sharif was informed by the Intelligence Bureau some 10 days back about the hacking, which surfaced a few days ago.**\n' +
        '— 2022-09-28 · Audio leaks saga',
    );
  });

  it('falls back to the article id and block-quotes every line', () => {
    const text = 'First line.\n\nSecond line.';
    expect(formatQuote({ ...seedQuote, text, highlight: 'Second line.' }, 4096)).toBe(
      '> First line.\n> \n> **Second line.**\n— 2022-09-28 · 002\\_da930858047ced72',
    );
  });

  it('drops context before shortening the highlight when the budget is tight', () => {
    const formatted = formatQuote(seedQuote, 250);
    expect(formatted.length).toBeLessThanOrEqual(250);
    expect(formatted.startsWith('> …**Furthermore')).toBe(true);
    expect(formatted).toContain('— 2022-09-28');
  });
});

describe('pages', () => {
  it('pages quotes with a footer counting them', () => {
    const pages = quotePages(Array.from({ length: 5 }, () => seedQuote), { title: 'Q', pageSize: 2, countLabel: 'matched' });
    expect(pages).toHaveLength(3);
    expect(pages[0].embeds[0].footer?.text).toBe('5 quotes matched · page 1 of 3');
    for (const page of pages) expectWithinDiscordLimits(page);
  });

  it('answers an abstention with a friendly message and labelled near misses', () => {
    const [page] = answerPages({ query: 'Who won the 1998 cup?', answered: false, quotes: [{ ...seedQuote, nearMiss: true }] }, 3);
    expect(page.embeds[0].title).toBe('No answer in the archive');
    expect(page.embeds[0].description).toContain('Who won the 1998 cup?');
    expect(page.embeds[1].title).toMatch(/near misses.*not answers/i);
    expect(page.embeds[1].description).toContain('Shehbaz Sharif');
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

  it('heads each quote with when it happened and sources it with when it was published', () => {
    const [page] = timelinePages('Shehbaz Sharif', [dated, undated], 4);
    const [embed] = page.embeds;
    expect(embed.title).toBe('Timeline: Shehbaz Sharif');
    expect(embed.description).toBe(
      '**Happened 2022-09-16 to 2022-09-20 · “some 10 days back”**\n' +
        '> Intelligence agencies have no idea how the tapping of the PM House has been done for months despite protocols in place. ' +
        `**${seedQuote.highlight}**\n` +
        '— published 2022-09-28 · Audio leaks saga\n\n' +
        '**When it happened isn\'t said · placed by publication date**\n' +
        `> **${seedQuote.highlight}**\n` +
        '— published 2023-08-25 · 002\\_da930858047ced72',
    );
    expect(embed.footer?.text).toBe('2 quotes mentioning them, in the order things happened');
  });

  it('pages a long timeline within every Discord limit, keeping both dates on every quote', () => {
    const long: TimelineEntry = {
      ...dated,
      title: 'Very long title 🎧 '.repeat(40),
      text: `${'A sentence about the leaks 🎧. '.repeat(300)}${seedQuote.highlight}`,
      eventDate: { ...dated.eventDate!, expression: 'some 10 days back '.repeat(20) },
    };
    const pages = timelinePages('Shehbaz Sharif', Array.from({ length: 9 }, () => long), 4);
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expectWithinDiscordLimits(page);
      const quotes = page.embeds[0].description!.split('\n\n');
      for (const quote of quotes) {
        expect(quote).toMatch(/^\*\*Happened 2022-09-16 to 2022-09-20 · “some 10 days back/);
        expect(quote).toMatch(/\n— published 2022-09-28 · Very long title/);
      }
    }
  });

  it('says so when nobody is mentioned', () => {
    expect(timelinePages('Nobody', [], 4)[0].embeds[0].description).toBe('No passages mention them.');
  });
});
