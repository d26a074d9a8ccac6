// A person's own words: the direct quotations the archive attributes to them, and who is speaking in a quoted passage.
import { citationOf } from '../corpus/label.ts';
import type { StoredArticle } from '../domain/article.ts';
import type { Answer, Quote } from '../domain/answer.ts';
import type { PersonNotFound } from '../domain/lookups.ts';
import type { SaidFound, SaidOptions, SpokenQuote } from '../domain/quotation.ts';
import type { PersonDirectory } from '../entities/people.ts';
import type { Pace } from '../pace.ts';

/** Words of an `about:` text that say nothing on their own. */
const FILLER = new Set(
  'the a an of on in at to for about and or with his her their its is was were be it that this what did say said'.split(' '),
);

interface Attributed extends SpokenQuote {
  start: number;
  end: number;
  /** The paragraphs holding the quotation: what `about:` is matched against ("play with it" is about the cypher its paragraph names). */
  context: string;
}

export class QuotationLookup {
  /** Canonical person name → their quotations, newest first. */
  private readonly byPerson = new Map<string, Attributed[]>();
  private readonly byArticle = new Map<string, { article: StoredArticle; quotations: Attributed[] }>();

  /** The attributed quotations of `articles`, gathered in steps with `pace` between them. */
  static async create(articles: StoredArticle[], directory: PersonDirectory, pace: Pace): Promise<QuotationLookup> {
    const lookup = new QuotationLookup(directory);
    await lookup.gather(articles, pace);
    return lookup;
  }

  private constructor(private readonly directory: PersonDirectory) {}

  private async gather(articles: StoredArticle[], pace: Pace): Promise<void> {
    const { directory } = this;
    for (const article of articles) {
      await pace();
      const attributed: Attributed[] = [];
      for (const quotation of article.entities.quotations ?? []) {
        const { speaker } = quotation;
        if (speaker.kind === 'description' || speaker.kind === 'unknown' || speaker.name === null) continue;
        const resolution = directory.resolve(speaker.name);
        if (resolution.kind !== 'found') continue;
        const spoken: Attributed = {
          ...citationOf(article),
          text: article.text.slice(quotation.start, quotation.end),
          speaker: resolution.person.name,
          cue: quotation.cue,
          start: quotation.start,
          end: quotation.end,
          context: paragraphsAround(article.text, quotation.start, quotation.end),
        };
        attributed.push(spoken);
        const theirs = this.byPerson.get(spoken.speaker);
        if (theirs) theirs.push(spoken);
        else this.byPerson.set(spoken.speaker, [spoken]);
      }
      this.byArticle.set(article.id, { article, quotations: attributed });
    }
    await pace();
    for (const list of this.byPerson.values())
      list.sort((a, b) => compare(b.date, a.date) || compare(a.article, b.article) || a.start - b.start);
  }

  /**
   * What the person named `name` (any alias) said, newest first, within the dates; with `about`, the
   * quotations holding all of its words, then those holding any. "Did you mean" when no one goes by that name.
   */
  said(name: string, options: SaidOptions = {}): SaidFound | PersonNotFound {
    const resolution = this.directory.resolve(name);
    if (resolution.kind !== 'found') return { found: false, query: name, suggestions: this.directory.suggest(name) };
    const person = resolution.person.name;
    const inRange = (this.byPerson.get(person) ?? []).filter(
      (quote) => (!options.from || quote.date >= options.from) && (!options.to || quote.date <= options.to),
    );
    const words = options.about ? aboutWords(options.about) : [];
    const holds = (quote: Attributed) => words.filter((word) => new RegExp(`\\b${escape(word)}`, 'i').test(quote.context)).length;
    const chosen =
      words.length === 0
        ? inRange
        : [
            ...inRange.filter((quote) => holds(quote) === words.length),
            ...inRange.filter((quote) => holds(quote) > 0 && holds(quote) < words.length),
          ];
    return { found: true, person, quotations: chosen.map(({ start: _start, end: _end, context: _context, ...quote }) => quote) };
  }

  /** The quote with its speaker named, when the sentence it highlights lies in one attributed quotation. */
  withSpeaker<Q extends Quote>(quote: Q): Q {
    const entry = this.byArticle.get(quote.article);
    if (!entry || quote.speaker) return quote;
    const at = entry.article.text.indexOf(quote.text);
    const highlight = at < 0 ? -1 : entry.article.text.indexOf(quote.highlight, at);
    if (highlight < 0) return quote;
    const end = highlight + quote.highlight.length;
    const speakers = new Set(
      entry.quotations.filter((quotation) => quotation.start < end && quotation.end > highlight).map((quotation) => quotation.speaker),
    );
    return speakers.size === 1 ? { ...quote, speaker: [...speakers][0] } : quote;
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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
