// What a follow is told of a reload's new articles: the rules (already told, hourly allowance, newest first) and the
// messages (verbatim quote, escaped, date and title; one summary line for the rest).
import { describe, expect, it } from 'vitest';
import { announcementMessage, planAnnouncements, summaryLine, type NewsItem } from '../../src/bot/follows.ts';
import type { Quote } from '../../src/domain/answer.ts';

function item(article: string, date: string, hash = `hash-${article}`, text = `Text of ${article}.`): NewsItem {
  const quote: Quote = { article, date, label: `Title of ${article}`, text, highlight: text, score: 1 };
  return { article, hash, quote };
}

const a = item('a', '2024-03-01');
const b = item('b', '2024-03-02');
const c = item('c', '2024-03-03');
const sameAsA = item('a-copy', '2024-03-01', 'hash-a');

describe('planAnnouncements', () => {
  it.each([
    {
      rule: 'every new article gets its own message while the hour allows, oldest first',
      matches: [c, a, b],
      told: [],
      sent: 0,
      perHour: 5,
      posts: ['a', 'b', 'c'],
      summarised: [],
    },
    {
      rule: 'past the allowance, the newest are posted and the older counted in the summary',
      matches: [a, b, c],
      told: [],
      sent: 0,
      perHour: 2,
      posts: ['b', 'c'],
      summarised: ['a'],
    },
    {
      rule: 'messages already sent this hour count against the allowance',
      matches: [a, b, c],
      told: [],
      sent: 4,
      perHour: 5,
      posts: ['c'],
      summarised: ['b', 'a'],
    },
    {
      rule: 'an allowance spent leaves only the summary',
      matches: [a, b],
      told: [],
      sent: 9,
      perHour: 5,
      posts: [],
      summarised: ['b', 'a'],
    },
    {
      rule: 'content the follow was told of (removed and added again) is not news',
      matches: [a, b],
      told: ['hash-a'],
      sent: 0,
      perHour: 5,
      posts: ['b'],
      summarised: [],
    },
    {
      rule: 'the same content under two names in one reload is told once',
      matches: [a, sameAsA],
      told: [],
      sent: 0,
      perHour: 5,
      posts: ['a'],
      summarised: [],
    },
  ])('$rule', ({ matches, told, sent, perHour, posts, summarised }) => {
    const plan = planAnnouncements(matches, new Set(told), sent, perHour);
    expect(plan.posts.map(({ article }) => article)).toEqual(posts);
    expect(plan.summarised.map(({ article }) => article)).toEqual(summarised);
  });
});

describe('announcement messages', () => {
  it('show the date and title and the quote verbatim, with markdown and mentions escaped', () => {
    const text = '"Vote for *us* @everyone <@123>," Imran Khan said.';
    const quote: Quote = {
      article: 'x',
      date: '2024-03-01',
      title: 'Khan holds a **rally**',
      label: 'Khan holds a **rally**',
      text,
      highlight: text,
      score: 1,
    };
    const message = announcementMessage({ kind: 'person', name: 'Imran Khan' }, { article: 'x', quote });
    const [embed] = message.embeds;
    expect(embed.author?.name).toBe('Following Imran Khan');
    expect(embed.title).toBe('Khan holds a \\*\\*rally\\*\\*');
    expect(embed.description).toMatch(/\n— 1 Mar 2024$/);
    expect(embed.description).toContain('Vote for \\*us\\*');
    expect(embed.description).not.toMatch(/(?<!\\)\*us\*/);
    // Mentions stay as written (verbatim); they ping no one: embeds never do, and the message is sent with allowed_mentions none.
    expect(embed.description).toContain('@everyone <@123>');
    expect(message.content).toBeUndefined();
  });

  it('leave out a title that is only the opening words the quote repeats, and link the article when it has an address', () => {
    const text = 'Imran Khan told reporters in Islamabad on Sunday that his party would contest the by-elections.';
    const opening: Quote = {
      article: 'y',
      date: '2024-03-03',
      label: 'Imran Khan told reporters in Islamabad on Sunday…',
      text,
      highlight: text,
      score: 1,
    };
    expect(announcementMessage({ kind: 'person', name: 'Imran Khan' }, { article: 'y', quote: opening }).embeds[0].title).toBeUndefined();
    const linked = { ...opening, title: 'Khan to contest by-elections', url: 'https://example.com/khan (1)', speaker: 'Imran Khan' };
    const [embed] = announcementMessage({ kind: 'topic', topic: 'by-elections' }, { article: 'y', quote: linked }).embeds;
    expect(embed.author?.name).toBe('Following “by-elections”');
    expect(embed.title).toBe('Khan to contest by-elections');
    expect(embed.description).toMatch(/\n— 3 Mar 2024 · Imran Khan · \[read the article\]\(https:\/\/example\.com\/khan%20%281%29\)$/);
  });

  it('sum up the rest in one line naming how many, their days, and where to read them', () => {
    const person = summaryLine({ kind: 'person', name: 'Imran Khan' }, [a, b, c], 5);
    expect(person.content).toMatch(
      /^…and 3 more new articles name \*\*Imran Khan\*\* \(1–3 Mar 2024\); this channel gets 5 an hour — see .*person.* `name: Imran Khan`\.$/,
    );
    expect(person.content).not.toContain('\n');
    const topic = summaryLine({ kind: 'topic', topic: 'floods `in` *Karachi*' }, [b], 5);
    expect(topic.content).toMatch(
      /^…and 1 more new article is on “floods \\`in\\` \\\*Karachi\\\*” \(2 Mar 2024\);.*`question: floods 'in' \*Karachi\*`\.$/,
    );
  });
});
