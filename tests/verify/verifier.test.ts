// Quotation checking (issue 21) over the analysed seeds: each verdict, the tolerances, occurrences and the rules as data.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Article, StoredArticle } from '../../src/domain/article.ts';
import { UserError } from '../../src/domain/errors.ts';
import { PersonDirectory } from '../../src/entities/people.ts';
import { analyseArticle } from '../../src/index/analyse.ts';
import { unpaced } from '../../src/pace.ts';
import { align } from '../../src/verify/align.ts';
import { QuoteVerifier, VERDICT_RULES, VERIFY_SETTINGS } from '../../src/verify/verifier.ts';
import { articlesInMemory } from '../../eval/verify.ts';
import { checkedWords } from '../../src/verify/words.ts';

const analysed = (article: Article): StoredArticle => ({ ...article, ...analyseArticle({ article }) });
let seeds: StoredArticle[];
let verifier: QuoteVerifier;

beforeAll(async () => {
  seeds = loadCorpus('seeds').articles.map(analysed);
  verifier = await QuoteVerifier.create(articlesInMemory(seeds, await PersonDirectory.create(seeds, unpaced)));
});

describe('verdicts', () => {
  it.each([
    ['verbatim', 'Hackers bid to get sensitive data by sending WhatsApp links.', undefined],
    ['verbatim', '“HACKERS BID TO GET SENSITIVE DATA, BY SENDING WHATSAPP LINKS!”', undefined],
    ['verbatim', 'Sir, I was thinking … that we should hold a meeting on this cypher issue.', 'Azam Khan'],
    ['differences', 'Hackers tried to get secret data by sending WhatsApp links.', undefined],
    ['partial', 'get sensitive data by sending WhatsApp', undefined],
    ['misattributed', 'Sir, I was thinking that we should hold a meeting on this cypher issue.', 'Imran Khan'],
    ['misattributed', 'Hackers bid to get sensitive data by sending WhatsApp links.', 'Shehbaz Sharif'],
    ['absent', 'The finance minister promised a new budget for farmers next spring.', undefined],
    ['absent', 'Sensitive cheese', undefined],
  ] as const)('%s: %s', async (verdict, quote, speaker) => {
    const checked = await verifier.verify(quote, speaker ? { speaker } : {});
    expect(checked.verdict).toBe(verdict);
    for (const match of checked.matches) {
      const article = seeds.find((seed) => seed.id === match.article)!;
      expect(article.text).toContain(match.text);
      if (match.whole) expect(article.text).toContain(match.whole);
    }
    expect(checked.matches.length > 0).toBe(verdict !== 'absent');
  });

  it('marks the words changed, missing and added, with offsets into the archive wording', async () => {
    const [match] = (await verifier.verify('Hackers tried to get secret data by sending the WhatsApp links')).matches;
    expect(match.text).toBe('Hackers bid to get sensitive data by sending WhatsApp links.');
    expect(match.differences).toEqual([
      { kind: 'changed', archive: 'bid', checked: 'tried', start: 8, end: 11 },
      { kind: 'changed', archive: 'sensitive', checked: 'secret', start: 19, end: 28 },
      { kind: 'added', archive: '', checked: 'the', start: 44, end: 44 },
    ]);
  });

  it('names the speaker the article credits and shows the whole quotation a fragment was cut from', async () => {
    const checked = await verifier.verify('we should hold a meeting on this cypher issue', { speaker: 'azam khan' });
    expect(checked.verdict).toBe('partial');
    expect(checked.matches[0].speaker).toBe('Azam Khan');
    expect(checked.matches[0].whole).toMatch(/^"Sir, I was thinking.*Sohail Mahmood\)\."$/s);
  });

  it('lists every article holding the wording, earliest first', async () => {
    const [article] = seeds;
    const copies = ['2024-01-02', '2021-05-06'].map((date, at) => analysed({ ...article, id: `copy-${at}`, date }));
    const all = [...seeds, ...copies];
    const checker = await QuoteVerifier.create(articlesInMemory(all, await PersonDirectory.create(all, unpaced)));
    const checked = await checker.verify('Hackers bid to get sensitive data by sending WhatsApp links.');
    expect(checked.matches.map((match) => match.date)).toEqual(['2021-05-06', '2023-08-25', '2024-01-02']);
  });

  it('refuses an empty or over-long quotation with a UserError', async () => {
    await expect(verifier.verify(' … ')).rejects.toThrow(UserError);
    await expect(verifier.verify('word '.repeat(300))).rejects.toThrow(UserError);
  });
});

describe('the verdict rules, as data', () => {
  const evidence = { found: true, edits: 0, speakerGiven: false, creditedToSpeaker: false, whole: true };
  it.each([
    ['absent', { found: false }],
    ['misattributed', { speakerGiven: true, edits: 2 }],
    ['differences', { edits: 1, whole: false }],
    ['partial', { whole: false }],
    ['verbatim', { speakerGiven: true, creditedToSpeaker: true }],
  ] as const)('%s', (verdict, changes) => {
    expect(VERDICT_RULES.find((rule) => rule.applies({ ...evidence, ...changes }))?.verdict).toBe(verdict);
  });

  it.each([
    [3, 0],
    [4, 1],
    [10, 3],
    [30, 6],
  ])('a quotation of %i words may differ by %i', (words, edits) => expect(VERIFY_SETTINGS.maxEdits(words)).toBe(edits));
});

describe('alignment', () => {
  const ids = (text: string) => checkedWords(text).keys.map((key) => key.charCodeAt(0) * 1000 + key.length);
  it('fits the checked words anywhere in the article, an ellipsis skipping words for free', () => {
    const checked = checkedWords('a b … e f');
    const fit = align(ids('a b … e f'), checked.omissionBefore, ids('x a b c d e f y'))!;
    expect(fit).toMatchObject({ edits: 0, first: 1, last: 6 });
    expect(fit.steps.filter((step) => step.kind === 'omitted')).toHaveLength(2);
  });
  it('counts a changed word once', () => {
    expect(align(ids('a q c'), new Set(), ids('x a b c y'))).toMatchObject({ edits: 1, first: 1, last: 3 });
  });
});
