// A person's own words: the direct quotations the archive attributes to them, and who is speaking in a quoted passage.
import { citationOf } from '../corpus/label.ts';
import type { Answer, AskQuery, Quote, SaidQuery } from '../domain/answer.ts';
import type { PersonNotFound } from '../domain/lookups.ts';
import type { SaidFound, SpokenQuote } from '../domain/quotation.ts';
import type { ArchiveStore } from '../index/archiveStore.ts';
import { checkAskOptions } from '../search/validate.ts';

/** Words of an `about:` text that say nothing on their own. */
const FILLER = new Set(
  'the a an of on in at to for about and or with his her their its is was were be it that this what did say said'.split(' '),
);

export class QuotationLookup {
  constructor(private readonly store: ArchiveStore) {}

  /**
   * What `query.speaker` (any alias) said, newest first, published within `from`–`to` and not after `asOf`; with
   * `about`, the quotations holding all of its words, then those holding any. "Did you mean" when no one goes by
   * that name.
   */
  async said(query: SaidQuery): Promise<SaidFound | PersonNotFound> {
    const { speaker: name, about, from } = query;
    const resolution = await this.store.people.resolve(name);
    if (resolution.kind !== 'found') return { found: false, query: name, suggestions: await this.store.people.suggest(name) };
    const person = resolution.person.name;
    const to = query.asOf !== undefined && (query.to === undefined || query.asOf < query.to) ? query.asOf : query.to;
    const inRange = await this.store.quotationsBy(person, { from, to });
    const articles = await this.store.articles(inRange.map(({ articleId }) => articleId));
    const spoken = inRange.flatMap((quotation) => {
      const article = articles.get(quotation.articleId);
      if (!article) return [];
      const quote: SpokenQuote = {
        ...citationOf(article),
        text: article.text.slice(quotation.start, quotation.end),
        speaker: quotation.person,
        cue: quotation.cue,
      };
      // The paragraphs holding the quotation are what `about` is matched against ("play with it" is about the cypher its paragraph names).
      return [{ quote, context: paragraphsAround(article.text, quotation.start, quotation.end) }];
    });
    const words = about ? aboutWords(about) : [];
    const holds = ({ context }: { context: string }) => words.filter((word) => new RegExp(`\\b${escape(word)}`, 'i').test(context)).length;
    const chosen =
      words.length === 0
        ? spoken
        : [
            ...spoken.filter((entry) => holds(entry) === words.length),
            ...spoken.filter((entry) => holds(entry) > 0 && holds(entry) < words.length),
          ];
    return { found: true, person, quotations: chosen.map(({ quote }) => quote) };
  }

  /**
   * The engine's answer to `query`, with the speaker's own quotations first when it asks for someone's words
   * ("What did X say (about Y)?", or `query.speaker`), and every quote naming its speaker where the archive
   * attributes the quoted words.
   */
  async answer(query: AskQuery, answer: Answer): Promise<Answer> {
    const asked = query.speaker ? { name: query.speaker, about: query.about } : parseSaidQuestion(query.question);
    const own = asked ? await this.said({ ...query, speaker: asked.name, about: asked.about }) : undefined;
    const combined = own?.found ? ownWordsFirst(answer, own.quotations, checkAskOptions(query).k) : answer;
    return { ...combined, quotes: await this.withSpeakers(combined.quotes) };
  }

  /**
   * Each quote with its speaker named, only when the sentence it highlights lies within an attributed quotation's
   * marks: a sentence that merely holds a quotation ("\"Let's play with it,\" Imran Khan believed to be said…, to
   * which Azam Khan suggested…") is narration, cited as the article, its speaker left to the reader.
   */
  async withSpeakers<Q extends Quote>(quotes: Q[]): Promise<Q[]> {
    const unnamed = quotes.filter((quote) => !quote.speaker);
    if (unnamed.length === 0) return quotes;
    const ids = unnamed.map((quote) => quote.article);
    const quotations = await this.store.quotationsIn(ids);
    if (quotations.length === 0) return quotes;
    const articles = await this.store.articles(new Set(quotations.map(({ articleId }) => articleId)));
    return quotes.map((quote) => {
      const article = articles.get(quote.article);
      if (!article || quote.speaker) return quote;
      const at = article.text.indexOf(quote.text);
      const found = at < 0 ? -1 : article.text.indexOf(quote.highlight, at);
      if (found < 0) return quote;
      const { start, end } = innerSpan(article.text, found, found + quote.highlight.length);
      const holding = quotations.find(
        (quotation) => quotation.articleId === quote.article && quotation.start <= start && end <= quotation.end,
      );
      return holding ? { ...quote, speaker: holding.person } : quote;
    });
  }
}

/** Quotation marks and spaces that may sit on a highlight's edges whether or not a quotation's span includes them. */
const EDGE = /[\s"'“”‘’«»„‟‹›`]/u;

/** The range [start, end) of `text` without the quotation marks and spaces at its edges. */
function innerSpan(text: string, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (from < to && EDGE.test(text[from])) from++;
  while (to > from && EDGE.test(text[to - 1])) to--;
  return { start: from, end: to };
}

function paragraphsAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf('\n', start) + 1;
  const to = text.indexOf('\n', end);
  return text.slice(from, to < 0 ? text.length : to);
}

function aboutWords(about: string): string[] {
  return [
    ...new Set(
      about
        .toLowerCase()
        .split(/[^\p{L}\p{N}'’-]+/u)
        .filter((word) => word.length > 1 && !FILLER.has(word)),
    ),
  ];
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A name as people write it in a question: capitalised words ("Imran Khan", "Shah Mahmood Qureshi", "O'Brien"). */
const NAME = String.raw`(?<name>\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:bin|al|de|van|von)\s+)?\p{Lu}[\p{L}'’.-]*)*)`;
/** The rest of a question, its closing punctuation aside. */
const ABOUT = String.raw`(?<about>.+?)`;
const END = String.raw`\s*[?.!]*\s*$`;
/** Verbs of saying that put a person's words in question ("Y claimed …"). */
const SAYING = 'say|said|says|tell|told|claim|claimed|claims|state|stated|argue|argued|insist|insisted|allege|alleged|warn|warned';
/** What a person's view is called ("Y's view on …"). */
const VIEW = 'views?|position|stance|take|opinion|thoughts?|comments?|remarks?|words?';

/**
 * Questions asking for someone's own words, as data: "What did Imran Khan say about the cypher?", "… according to
 * Y?", "Y's view on …", "did Y say …", "Y claimed …". A name the archive does not know routes nowhere.
 */
export const SAID_QUESTIONS: { name: string; pattern: RegExp }[] = [
  {
    name: 'what did Y say (about Z)',
    pattern: new RegExp(
      String.raw`^\s*what\s+(?:did|does|has|have)\s+(?<name>.+?)\s+(?:${SAYING})(?:\s+(?:about|on|regarding)\s+${ABOUT})?${END}`,
      'iu',
    ),
  },
  {
    name: 'what does Y think about Z',
    pattern: new RegExp(
      String.raw`^\s*what\s+(?:did|does)\s+(?<name>.+?)\s+(?:think|claim|believe)\s+(?:about|of|on)\s+${ABOUT}${END}`,
      'iu',
    ),
  },
  {
    name: 'according to Y, Z',
    pattern: new RegExp(String.raw`^\s*[Aa]ccording\s+to\s+${NAME}\s*,\s*${ABOUT}${END}`, 'u'),
  },
  {
    name: 'Z, according to Y',
    pattern: new RegExp(String.raw`^\s*${ABOUT},?\s+according\s+to\s+${NAME}${END}`, 'u'),
  },
  {
    name: "(what is) Y's view on Z",
    pattern: new RegExp(
      String.raw`^\s*(?:[Ww]hat\s+(?:is|was|are|were)\s+)?${NAME}['’]s?\s+(?:${VIEW})\s+(?:on|about|of|regarding)\s+${ABOUT}${END}`,
      'u',
    ),
  },
  {
    name: 'did Y say Z',
    pattern: new RegExp(
      String.raw`^\s*(?:did|does|has|have|had)\s+(?<name>.+?)\s+(?:${SAYING})\s+(?:anything\s+(?:about|on|regarding)\s+|that\s+)?${ABOUT}${END}`,
      'iu',
    ),
  },
  {
    name: 'Y claimed Z',
    pattern: new RegExp(String.raw`^\s*${NAME}\s+(?:${SAYING})\s+(?:that\s+|what\s+(?:about\s+)?)?${ABOUT}${END}`, 'u'),
  },
];

/** The person and subject of a question asking for someone's own words; undefined for any other question. */
export function parseSaidQuestion(question: string): { name: string; about?: string } | undefined {
  for (const { pattern } of SAID_QUESTIONS) {
    const groups = pattern.exec(question)?.groups;
    if (groups?.name) return { name: groups.name.trim(), ...(groups.about ? { about: groups.about.trim() } : {}) };
  }
  return undefined;
}

/** The person's own quotations (newest first) ahead of the engine's quotes, at most `k` in all, each quote naming its speaker. */
export function ownWordsFirst(answer: Answer, own: SpokenQuote[], k: number): Answer {
  const first: Quote[] = own.slice(0, k).map((quote) => ({
    article: quote.article,
    date: quote.date,
    ...(quote.title ? { title: quote.title } : {}),
    label: quote.label,
    ...(quote.url ? { url: quote.url } : {}),
    text: quote.text,
    highlight: quote.text,
    score: 1,
    speaker: quote.speaker,
  }));
  const repeats = (quote: Quote) =>
    first.some((mine) => mine.article === quote.article && (quote.text.includes(mine.text) || mine.text.includes(quote.highlight)));
  const rest = answer.quotes.filter((quote) => !quote.nearMiss && !repeats(quote));
  if (first.length === 0) return answer;
  return { ...answer, answered: true, quotes: [...first, ...rest].slice(0, Math.max(k, first.length)) };
}
