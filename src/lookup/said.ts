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

  /** Each quote with its speaker named, when the sentence it highlights lies in quotations attributed to one person. */
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
      const highlight = at < 0 ? -1 : article.text.indexOf(quote.highlight, at);
      if (highlight < 0) return quote;
      const end = highlight + quote.highlight.length;
      const speakers = new Set(
        quotations
          .filter((quotation) => quotation.articleId === quote.article && quotation.start < end && quotation.end > highlight)
          .map((quotation) => quotation.person),
      );
      return speakers.size === 1 ? { ...quote, speaker: [...speakers][0] } : quote;
    });
  }
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

/** Questions asking for someone's own words, as data: "What did Imran Khan say about the cypher?". */
export const SAID_QUESTIONS: RegExp[] = [
  /^\s*what\s+(?:did|does|has|have)\s+(?<name>.+?)\s+(?:say|said|tell|told)(?:\s+(?:about|on|regarding)\s+(?<about>.+?))?\s*[?.!]*\s*$/i,
  /^\s*what\s+(?:did|does)\s+(?<name>.+?)\s+(?:think|claim)\s+(?:about|of|on)\s+(?<about>.+?)\s*[?.!]*\s*$/i,
];

/** The person and subject of a question asking for someone's own words; undefined for any other question. */
export function parseSaidQuestion(question: string): { name: string; about?: string } | undefined {
  for (const pattern of SAID_QUESTIONS) {
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
