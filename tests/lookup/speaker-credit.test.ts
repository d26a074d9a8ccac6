// Issue 19: a quote is signed with a speaker only when its highlighted sentence lies within that speaker's quotation marks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/domain/article.ts';
import type { Quote } from '../../src/domain/answer.ts';
import { analyseArticle } from '../../src/index/analyse.ts';
import { QuotationLookup } from '../../src/lookup/said.ts';
import { storedSeeds, storeOver } from '../entities/storedSeeds.ts';

const POLNEAR_DEV = join(import.meta.dirname, '../../../shared/corpora/polnear/dev/articles.jsonl');

/** Every sentence of `articles` as the highlight of a quote (with its neighbours as the quote's text), as the engine shows them. */
function everySentenceQuoted(articles: StoredArticle[]): Quote[] {
  return articles.flatMap((article) =>
    article.sentences.map(({ start, end }, index) => {
      const around = [article.sentences[Math.max(0, index - 1)], article.sentences[Math.min(article.sentences.length - 1, index + 1)]];
      return {
        article: article.id,
        date: article.date,
        text: article.text.slice(around[0].start, around[1].end),
        highlight: article.text.slice(start, end),
        score: 1,
      };
    }),
  );
}

/** The signed quotes among `quotes`, with whether their highlight lies inside a quotation attributed to their speaker. */
async function signedQuotes(articles: StoredArticle[]) {
  const lookup = new QuotationLookup(await storeOver(articles));
  const byId = new Map(articles.map((article) => [article.id, article]));
  return (await lookup.withSpeakers(everySentenceQuoted(articles)))
    .filter((quote) => quote.speaker !== undefined)
    .map((quote) => {
      const article = byId.get(quote.article)!;
      const at = article.text.indexOf(quote.highlight, article.text.indexOf(quote.text));
      // Inside: the highlight (its edge quotation marks aside) is part of one quotation's text.
      const words = quote.highlight.trim().replace(/^["“]|["”]$/g, '');
      const inside = (article.entities.quotations ?? []).some(
        (quotation) =>
          quotation.start <= at &&
          at + quote.highlight.length <= quotation.end + 1 &&
          article.text.slice(quotation.start, quotation.end).includes(words),
      );
      return { quote, inside };
    });
}

describe('speaker credit only for words inside the quotation marks', () => {
  it('seeds: the narration after "Let\'s play with it," is cited as the article; sentences inside the quotation are signed', async () => {
    const signed = await signedQuotes(await storedSeeds());
    expect(signed.length).toBeGreaterThan(0);
    expect(signed.filter(({ inside }) => !inside).map(({ quote }) => quote.highlight)).toEqual([]);
    const highlights = signed.map(({ quote }) => quote.highlight);
    expect(highlights.some((highlight) => highlight.includes('to which Azam Khan suggested'))).toBe(false);
    // Inside Imran Khan's quotation in the audio transcript: still signed.
    expect(highlights).toContain("We don't need to name America.");
  });

  it.skipIf(!existsSync(POLNEAR_DEV))(
    'PolNeAR dev: every signed quote highlights a sentence inside its quotation',
    async () => {
      const articles: StoredArticle[] = readFileSync(POLNEAR_DEV, 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => {
          const { id, date, title, text } = JSON.parse(line) as { id: string; date: string; title: string; text: string };
          const article = { id, date, title, text };
          return { ...article, ...analyseArticle({ article }) };
        });
      const signed = await signedQuotes(articles);
      expect(signed.length).toBeGreaterThan(50);
      expect(signed.filter(({ inside }) => !inside).map(({ quote }) => quote.highlight)).toEqual([]);
    },
    120_000,
  );
});
