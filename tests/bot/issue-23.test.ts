// Issue 23, items 1 and 2: an odd web address never silences a command, and no link can render from quoted text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPages, datePages, formatQuote, sourcesPages } from '../../src/bot/format.ts';
import { escapeText } from '../../src/bot/limits.ts';
import { replies } from '../../src/bot/replies.ts';
import type { Quote } from '../../src/domain/answer.ts';
import { startHarness, type Harness } from './harness.ts';
import { liveLinks } from './limits-check.ts';
import { loadSeedArticles, seedArchive } from './seedArchive.ts';

/** Addresses that made `decodeURI`/`encodeURI` throw: a bare `%`, a lone surrogate, a malformed escape. */
const ODD_URLS = [
  'https://example.com/pmo-warning-100%',
  'https://example.com/caf\ud800e',
  'https://example.com/a%E0%A4%A',
  'https://example.com/%%41\udc00)',
];

const quote = (url: string, text = 'The crane fell.'): Quote => ({
  article: 'a1',
  date: '2024-01-01',
  title: 'Crane',
  url,
  text,
  highlight: text,
  score: 1,
});

describe('an article with an odd web address (issue 23.1)', () => {
  it.each(ODD_URLS)('is still quoted and linked by a well-formed address: %j', (url) => {
    const line = formatQuote(quote(url), 4096).split('\n').at(-1)!;
    const [target] = liveLinks(line);
    expect(target).toMatch(/^https:\/\/example\.com\/[\w\-.~:/?#@!$&'+,;=%]*$/);
    expect(target).not.toMatch(/%(?![0-9A-Fa-f]{2})/);
  });

  it.each(ODD_URLS)('is listed by /sources and /date: %j', (url) => {
    const published = [{ article: 'a1', date: '2024-01-01', label: 'Crane', url }];
    const summary = {
      articles: 1,
      passages: 1,
      people: 0,
      firstDate: '2024-01-01',
      lastDate: '2024-01-01',
      model: 'm',
      builtAt: '2024-01-01T00:00:00Z',
      buildId: 'b',
    };
    expect(sourcesPages(summary, published, 10)[0].embeds[0].description).toContain('](https://example.com/');
    expect(datePages({ from: '2024-01-01', to: '2024-01-01', published, mentions: [] }, 3)[0].embeds[0].description).toContain(
      '](https://example.com/',
    );
  });

  describe('through the real bot', () => {
    let harness: Harness;
    const user = { id: '100000000000000001', username: 'alice' };
    beforeAll(async () => {
      const articles = loadSeedArticles().map((article, index) => ({ ...article, source: ODD_URLS[index % ODD_URLS.length] }));
      harness = await startHarness(seedArchive(articles));
    });
    afterAll(async () => {
      await harness?.stop();
    });

    it.each([
      ['ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' }],
      ['person', { name: 'Shehbaz Sharif' }],
      ['timeline', { name: 'Shehbaz Sharif' }],
      ['said', { name: 'Azam Khan' }],
      ['date', { on: '2022-09' }],
      ['sources', {}],
    ] as const)('answers /%s', async (command, options) => {
      const { fake } = harness;
      const interaction = fake.slashCommand(user, command, options);
      const answer = await fake.waitForRequest(
        (r) => r.path.includes(interaction.token) && Boolean((r.body?.data ?? r.body)?.embeds ?? (r.body?.data ?? r.body)?.content),
      );
      const body = answer.body.data ?? answer.body;
      expect(JSON.stringify(body)).not.toContain(replies.error);
      expect(body.embeds?.length ?? 0).toBeGreaterThan(0);
    });
  });
});

describe('quoted text (issue 23.2)', () => {
  it.each([
    ['two masked links on one line', '[a](https://x.example) [b](https://y.example)'],
    ['three, with text between', 'see [a](https://x.example) and [b](https://y.example) or [c](https://z.example).'],
    ['one nested in another', '[[a](https://x.example)](https://y.example)'],
    ['after an escaped backslash', '\\[a](https://x.example) \\\\[b](https://y.example)'],
    ['bare and angle-bracketed addresses', 'go to https://x.example/_a_ or <https://y.example> now'],
  ])('renders no link: %s', (_, text) => {
    expect(liveLinks(escapeText(text))).toEqual([]);
    const [page] = answerPages({ query: text, answered: true, quotes: [quote('https://example.com/a', text)] }, 3);
    const { title, description } = page.embeds[0];
    expect(liveLinks(title!)).toEqual([]);
    expect(liveLinks(description!)).toEqual(['https://example.com/a']);
  });

  it('reads the same once Discord drops the escapes', () => {
    const text = 'see [a](https://x.example) and_b_ at https://y.example/_p_';
    expect(escapeText(text).replace(/\\([^0-9A-Za-z\s])/g, '$1')).toBe(text);
  });
});
