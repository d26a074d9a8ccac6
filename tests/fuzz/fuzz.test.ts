// Issue 23's fuzzer: property-based tests (fast-check) over every place hostile input enters. A fixed seed and modest
// runs here; `npm run fuzz -- --runs N` runs each property N times (within a time bound per property).
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { answerPages, datePages, personPages, sourcesPages, timelinePages } from '../../src/bot/format.ts';
import type { MessageBody } from '../../src/bot/limits.ts';
import { visible } from '../../src/bot/send.ts';
import { parseAskArgs } from '../../src/cli/args.ts';
import { CorpusError, loadCorpus, parseTxtArticle } from '../../src/corpus/load.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Quote } from '../../src/domain/answer.ts';
import { UserError } from '../../src/domain/errors.ts';
import { parseDateQuery } from '../../src/entities/dateQuery.ts';
import { findDates } from '../../src/entities/findDates.ts';
import { findQuotations } from '../../src/quotations/extract.ts';
import { checkAskOptions, checkDay, checkQuestion } from '../../src/search/validate.ts';
import { expectWithinDiscordLimits, liveLinks } from '../bot/limits-check.ts';
import { tempDir } from '../index/helpers.ts';

/** Set by `npm run fuzz` (scripts/fuzz.ts): runs per property, and the time bound for each. */
const LONG_RUNS = Number(process.env.FUZZ_RUNS ?? 0);
const LONG_SECONDS = Number(process.env.FUZZ_SECONDS ?? 120);
const SEED = 23;

const root = tempDir('fuzz-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Any UTF-16 text, lone surrogates, controls and NUL included. */
const anyText = (maxLength = 200) => fc.string({ unit: 'binary', maxLength });
/** Text that looks like what attackers and articles write: markdown, links, mentions, quotes, dates. */
const hostileText = (maxLength = 40) =>
  fc
    .array(
      fc.oneof(
        anyText(20),
        fc.constantFrom(
          '[a](https://x.example)',
          ' [b](https://y.example) ',
          '](',
          '\\',
          'https://z.example/_a_',
          '<https://w.example>',
          '@everyone',
          '<@123456789012345678>',
          '**',
          '`',
          '> ',
          '\n# ',
          '\n- ',
          '"',
          '“',
          '”',
          ' said ',
          'on 30 September 2022',
          'yesterday',
          '\u001b[2J',
          '\u0000',
          '\ud800',
          '%',
          '. ',
        ),
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));

const day = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const quote: fc.Arbitrary<Quote> = fc
  .record({
    article: anyText(40),
    date: day,
    title: fc.option(hostileText(10), { nil: undefined }),
    // What the corpus reader lets through as an address (corpus/label.ts): http(s), anything after it.
    url: fc.option(
      hostileText(6).map((path) => `https://example.com/${path.replace(/\s/g, '')}`),
      { nil: undefined },
    ),
    text: hostileText(60),
    cut: fc.nat(),
    speaker: fc.option(hostileText(5), { nil: undefined }),
    score: fc.double({ noNaN: true }),
  })
  .map(({ cut, ...rest }) => ({ ...rest, highlight: rest.text.slice(cut % (rest.text.length + 1)) }));

/** Every message the bot would send, checked as Discord would take it: within limits, no ping, no link but a source's. */
function checkSent(pages: MessageBody[]): void {
  for (const page of pages) {
    const sent = visible(page);
    expect(sent.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expectWithinDiscordLimits(sent);
    for (const embed of sent.embeds) {
      for (const text of [embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '']) {
        for (const link of liveLinks(text)) expect(link).toMatch(/^https:\/\/example\.com\/[\w\-.~:/?#@!$&'+,;=%]*$/);
      }
    }
  }
}

interface FuzzTarget {
  name: string;
  /** Runs in `npm test` (each run's cost differs: the extractors run the name tagger). */
  runs: number;
  property: fc.IProperty<never>;
}

const targets: FuzzTarget[] = [
  {
    name: 'the .txt article reader: a CorpusError or an article whose text is the file after its header',
    runs: 300,
    property: fc.property(
      fc.oneof(
        anyText(300),
        hostileText(20).map((text) => `date 2024-01-01 ${text}`),
      ),
      (content) => {
        try {
          const article = parseTxtArticle('a.txt', content);
          expect(content.endsWith(article.text)).toBe(true);
          expect(article.text.trim()).not.toBe('');
        } catch (error) {
          expect(error).toBeInstanceOf(CorpusError);
        }
      },
    ) as never,
  },
  {
    name: 'the JSONL reader: every non-blank line is one article or one skip, errors are CorpusErrors without controls',
    runs: 60,
    property: fc.property(
      fc.array(
        fc.oneof(
          anyText(60),
          fc
            .record({ id: fc.oneof(anyText(8), fc.integer()), date: fc.oneof(day, anyText(10)), text: hostileText(10) })
            .map((record) => JSON.stringify(record)),
        ),
        { maxLength: 12 },
      ),
      (lines) => {
        const file = join(root, 'corpus.jsonl');
        const clean = lines.map((line) => line.replace(/\n/g, ' '));
        writeFileSync(file, clean.join('\n'));
        const nonBlank = clean.filter((line) => Buffer.from(line).toString().trim() !== '').length;
        try {
          const { articles, skippedCount, skipped } = loadCorpus(file, { skipInvalid: true });
          expect(articles.length + skippedCount).toBe(nonBlank);
          // eslint-disable-next-line no-control-regex -- what must not reach a terminal
          for (const { reason } of skipped) expect(reason).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        } catch (error) {
          expect(error).toBeInstanceOf(CorpusError);
          expect((error as Error).message).toMatch(/no valid articles found/);
        }
      },
    ) as never,
  },
  {
    name: 'the question and option checks: a checked value or a UserError',
    runs: 500,
    property: fc.property(hostileText(30), anyText(12), fc.integer({ min: -5, max: 1000 }), (question, date, k) => {
      for (const check of [
        () => checkQuestion(question),
        () => checkDay(date, 'from'),
        () => checkAskOptions({ k, from: date, to: date, asOf: date }),
      ]) {
        try {
          check();
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
      }
    }) as never,
  },
  {
    name: 'the CLI argument parser: a request or a UserError',
    runs: 500,
    property: fc.property(
      fc.array(
        fc.oneof(
          fc.constantFrom(
            '--json',
            '-k',
            '--from',
            '--to',
            '--as-of',
            '--index',
            '--person',
            '--timeline',
            '--said',
            '--about',
            '--date',
            '-h',
            '--help',
            '--nope',
            '--',
            '-',
          ),
          anyText(15),
          day,
        ),
        { maxLength: 8 },
      ),
      (argv) => {
        try {
          const request = parseAskArgs(argv, parseDateQuery);
          expect(['help', 'ask', 'person', 'timeline', 'said', 'dates']).toContain(request.kind);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
      },
    ) as never,
  },
  {
    name: 'the message formatter: never throws; every message within limits, no mention can ping, no link but a source',
    runs: 200,
    property: fc.property(fc.array(quote, { minLength: 1, maxLength: 8 }), hostileText(20), day, (quotes, query, from) => {
      const published = quotes.map((q) => ({ article: q.article, date: q.date, label: q.title ?? q.text, url: q.url }));
      const summary = {
        articles: quotes.length,
        passages: 1,
        people: 0,
        firstDate: from,
        lastDate: from,
        model: 'm',
        builtAt: '2024-01-01T00:00:00Z',
        buildId: 'b',
      };
      checkSent(answerPages({ query, answered: true, quotes }, 3));
      checkSent(answerPages({ query, answered: false, quotes: quotes.map((q) => ({ ...q, nearMiss: true })) }, 3));
      checkSent(personPages({ found: true, person: query, aliases: [query, 'x'], quotes }, 5));
      checkSent(
        timelinePages(
          query,
          quotes.map((q) => ({ ...q, eventDate: { from, to: from, expression: query } })),
          5,
        ),
      );
      const mentions = quotes.map((q) => ({ ...q, mentioned: from, expression: query }));
      checkSent(datePages({ from, to: from, published, mentions }, 5));
      checkSent(sourcesPages(summary, published, 15));
    }) as never,
  },
  {
    name: 'the date extractor: never throws, every mention inside the text and its expression the text there',
    runs: 40,
    property: fc.property(hostileText(25), day, (text, published) => {
      for (const mention of findDates(text, splitSentences(text), published)) {
        expect(0 <= mention.start && mention.start <= mention.end && mention.end <= text.length).toBe(true);
        expect(text.slice(mention.start, mention.end)).toBe(mention.expression);
        expect(mention.from <= mention.to).toBe(true);
      }
    }) as never,
  },
  {
    name: 'the quotation extractor: never throws, every quotation and piece inside the text',
    runs: 40,
    property: fc.property(hostileText(25), (text) => {
      for (const quotation of findQuotations({ text })) {
        expect(0 <= quotation.start && quotation.start < quotation.end && quotation.end <= text.length).toBe(true);
        for (const piece of quotation.pieces) expect(0 <= piece.start && piece.start <= piece.end && piece.end <= text.length).toBe(true);
      }
    }) as never,
  },
];

describe('fuzz (fast-check, fixed seed)', () => {
  it.each(targets.map((target) => [target.name, target] as const))('%s', { timeout: (LONG_SECONDS + 60) * 1000 }, (_, target) => {
    const started = performance.now();
    const long = LONG_RUNS > 0;
    const details = fc.check(target.property, {
      seed: SEED,
      numRuns: long ? LONG_RUNS : target.runs,
      ...(long ? { interruptAfterTimeLimit: LONG_SECONDS * 1000, markInterruptAsFailure: false } : {}),
    });
    if (details.failed) throw new Error(fc.defaultReportMessage(details));
    if (long)
      console.log(`fuzz: ${target.name.split(':')[0]}: ${details.numRuns} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
