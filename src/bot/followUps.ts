// Reads a question asked inside an answer's thread with the thread's context: "he" → the person the thread last asked
// about or quoted, "that day" → its last date, "before that" → the same question, earlier, "what else did he say" → his
// words not shown yet. Deterministic rules as data, each with its example; the thread keeps its first question's as-of day.
import type { Archive } from '../archive.ts';
import type { Answer, AskQuery, Quote } from '../domain/answer.ts';
import type { DateRange } from '../domain/lookups.ts';
import { timeOfQuestion } from '../entities/dateQuery.ts';
import { addDays } from '../entities/days.ts';
import { humanDay, humanRange } from '../entities/readableDates.ts';
import { parseSaidQuestion } from '../lookup/said.ts';

/** What a thread remembers between its questions. */
export interface ThreadContext {
  /** The first question's as-of day: later questions in the thread are answered as of it too. */
  asOf: string;
  /** The thread's last question as it was read. */
  query: AskQuery;
  /** The last person the thread asked about (named in a question) or quoted (the lead quote's speaker). */
  person?: string;
  /** The last date ("that day", "before that"): named in a question, else the day the lead quote was published. */
  when?: DateRange;
  /** Quotes the thread has shown (see `shownKey`), for "what else". */
  shown: string[];
}

/** A question as read in its thread. */
export interface FollowUp {
  query: AskQuery;
  /** How the question was read, one plain-text line per reading: "Reading “he” as Azam Khan". */
  readings: string[];
  /** The rules that applied, by name. */
  rules: string[];
  /** Quotes already shown that the answer should leave out ("what else"), as `shownKey`s. */
  leaveOut: string[];
}

/** The question being read: its words so far, its publication bounds, what the rules said. */
interface Draft {
  text: string;
  from?: string;
  to?: string;
  readings: string[];
  leaveOut: boolean;
}

export interface FollowUpRule {
  name: string;
  /** A thread and a question this rule reads, and how (checked by the rules' tests). */
  example: {
    context: Partial<ThreadContext>;
    question: string;
    /** Names in the question the archive knows. */
    people?: string[];
    read: string;
    from?: string;
    to?: string;
    reading: string;
  };
  /** Reads its part of the question into `draft` (`people`: names in it the archive knows); false when it does not apply. */
  apply(draft: Draft, context: ThreadContext, people: ReadonlySet<string>): boolean;
}

const quoted = (words: string) => `“${words.trim()}”`;
const tidy = (text: string) =>
  text
    .replace(/\s+([?.!,])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Words that only link a follow-up to what came before ("and", "so", "ok"): a question of nothing else repeats the last one. */
const LINKING_ONLY = /^(?:\s|[?.!,…]|\b(?:and|so|ok|okay|but|then|also|what|how|about|anything|more)\b)*$/i;

/** "her" before one of these is "him" ("what did they tell her about…"); before another word it is "his" ("her speech"). */
const NOT_A_NOUN = new Set(
  'about on in at to for from by with of and or but as that this than then when where why how what who said say says did do does was were is are had has have ? . ! ,'.split(
    ' ',
  ),
);

/** "What about Imran Khan?", "and how about the Soviet Union?": the rest of the question names who or what. */
const WHAT_ABOUT = /^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*[?.!]*\s*$/i;

const PRONOUN = /\b(he|she|they|him|them|his|their|her)\b(\s*)([\p{L}?.!,]*)/giu;

export const FOLLOW_UP_RULES: readonly FollowUpRule[] = [
  {
    name: 'what about Y (a person) → the last question, asked of Y',
    example: {
      context: { person: 'Azam Khan', query: { question: 'What did Azam Khan say about the cypher?' } },
      question: 'What about Imran Khan?',
      people: ['Imran Khan'],
      read: 'What did Imran Khan say about the cypher?',
      reading: 'Reading “what about Imran Khan” as “What did Imran Khan say about the cypher?”',
    },
    apply(draft, context, people) {
      const name = WHAT_ABOUT.exec(draft.text)?.[1];
      if (!name || !people.has(name) || !context.person || !context.query.question.includes(context.person)) return false;
      draft.text = context.query.question.split(context.person).join(name);
      draft.readings.push(`Reading ${quoted(`what about ${name}`)} as ${quoted(draft.text)}`);
      return true;
    },
  },
  {
    name: 'what about Z (a subject) → what the same person said about Z',
    example: {
      context: { person: 'Richard Lyng', query: { question: 'What did Richard Lyng say about farm exports?' } },
      question: 'What about the Soviet Union?',
      read: 'What did Richard Lyng say about the Soviet Union?',
      reading: 'Reading “what about the Soviet Union” as “What did Richard Lyng say about the Soviet Union?”',
    },
    apply(draft, context, people) {
      const about = WHAT_ABOUT.exec(draft.text)?.[1];
      const speaker = parseSaidQuestion(context.query.question)?.name;
      if (!about || people.has(about) || !speaker) return false;
      draft.text = `What did ${speaker} say about ${about}?`;
      draft.readings.push(`Reading ${quoted(`what about ${about}`)} as ${quoted(draft.text)}`);
      return true;
    },
  },
  {
    name: 'what else → what the thread has not shown yet',
    example: {
      context: { person: 'Azam Khan', shown: ['a#One thing he said.'] },
      question: 'What else did he say?',
      read: 'What did Azam Khan say?',
      reading: 'Reading “what else” as what this thread has not shown yet',
    },
    apply(draft) {
      const match = /\b(what|anything|who)\s+else\b/i.exec(draft.text);
      if (!match) return false;
      draft.text = draft.text.replace(match[0], match[1]);
      draft.leaveOut = true;
      draft.readings.push(`Reading ${quoted(match[0].toLowerCase())} as what this thread has not shown yet`);
      return true;
    },
  },
  {
    name: 'before that → the same, published before the last date',
    example: {
      context: { when: { from: '2022-09-28', to: '2022-09-28' }, query: { question: 'What did Imran Khan say about the cypher?' } },
      question: 'And before that?',
      read: 'What did Imran Khan say about the cypher?',
      to: '2022-09-27',
      reading: 'Reading “before that” as published before 28 Sep 2022',
    },
    apply(draft, context) {
      const match = /\b(?:before\s+(?:that|then)|earlier\s+than\s+that|earlier(?=\s*[?.!]*\s*$))/i.exec(draft.text);
      if (!match || !context.when) return false;
      draft.text = draft.text.replace(match[0], ' ');
      draft.to = addDays(context.when.from, -1);
      draft.readings.push(`Reading ${quoted(match[0].toLowerCase())} as published before ${humanDay(context.when.from)}`);
      return true;
    },
  },
  {
    name: 'after that → the same, published after the last date',
    example: {
      context: { when: { from: '2022-09-28', to: '2022-09-28' }, query: { question: 'What did Imran Khan say about the cypher?' } },
      question: 'And after that?',
      read: 'What did Imran Khan say about the cypher?',
      from: '2022-09-29',
      reading: 'Reading “after that” as published after 28 Sep 2022',
    },
    apply(draft, context) {
      const match = /\b(?:after\s+(?:that|then)|since\s+then|later(?=\s*[?.!]*\s*$))/i.exec(draft.text);
      if (!match || !context.when) return false;
      draft.text = draft.text.replace(match[0], ' ');
      draft.from = addDays(context.when.to, 1);
      draft.readings.push(`Reading ${quoted(match[0].toLowerCase())} as published after ${humanDay(context.when.to)}`);
      return true;
    },
  },
  {
    name: 'that day, then → the last date',
    example: {
      context: { when: { from: '2023-08-25', to: '2023-08-25' } },
      question: 'What else was published that day?',
      read: 'What was published?',
      from: '2023-08-25',
      to: '2023-08-25',
      reading: 'Reading “that day” as 25 Aug 2023',
    },
    apply(draft, context) {
      const match =
        /\b(?:on\s+)?(?:that|the\s+same)\s+(?:day|date|month|week)\b|\bat\s+(?:that|the)\s+time\b|\bback\s+then\b|\bthen(?=\s*[?.!]*\s*$)/i.exec(
          draft.text,
        );
      if (!match || !context.when) return false;
      draft.text = draft.text.replace(match[0], ' ');
      draft.from = context.when.from;
      draft.to = context.when.to;
      draft.readings.push(`Reading ${quoted(match[0].replace(/^on\s+/i, '').toLowerCase())} as ${humanRange(context.when)}`);
      return true;
    },
  },
  {
    name: 'he, she, they → the last person asked about or quoted',
    example: {
      context: { person: 'Azam Khan' },
      question: 'Did he talk about his resignation?',
      read: "Did Azam Khan talk about Azam Khan's resignation?",
      reading: 'Reading “he”, “his” as Azam Khan',
    },
    apply(draft, context, people) {
      const person = context.person;
      // A pronoun after a person the question names is theirs ("What did Imran Khan say when he was in office?").
      const named = Math.min(...[...people].map((name) => draft.text.indexOf(name)).filter((at) => at >= 0));
      const read = new Set<string>();
      if (!person) return false;
      draft.text = draft.text.replace(PRONOUN, (whole: string, pronoun: string, space: string, next: string, at: number) => {
        if (at > named) return whole;
        const word = pronoun.toLowerCase();
        const possessive = word === 'his' || word === 'their' || (word === 'her' && next !== '' && !NOT_A_NOUN.has(next.toLowerCase()));
        read.add(word);
        return `${possessive ? `${person}'s` : person}${space}${next}`;
      });
      if (read.size === 0) return false;
      draft.readings.push(`Reading ${[...read].map(quoted).join(', ')} as ${person}`);
      return true;
    },
  },
  {
    name: 'nothing but linking words → the last question again',
    example: {
      context: { when: { from: '2022-09-28', to: '2022-09-28' }, query: { question: 'Who was informed about the hacking?' } },
      question: 'and before that?',
      read: 'Who was informed about the hacking?',
      to: '2022-09-27',
      reading: 'Reading it as the same question: “Who was informed about the hacking?”',
    },
    apply(draft, context) {
      if (!LINKING_ONLY.test(draft.text)) return false;
      draft.text = context.query.question;
      // Its bounds too, unless "before that" or "after that" just set new ones.
      if (draft.from === undefined && draft.to === undefined) Object.assign(draft, { from: context.query.from, to: context.query.to });
      draft.readings.push(`Reading it as the same question: ${quoted(context.query.question)}`);
      return true;
    },
  },
];

/** How `quote` is known among the quotes a thread has shown. */
function shownKey(quote: Pick<Quote, 'article' | 'highlight'>): string {
  return `${quote.article}#${quote.highlight}`;
}

/**
 * `question` as read in a thread with `context` (none: the thread's first question, read as it is, as of `asOf`);
 * `people` are the names in it the archive knows (see `peopleNamed`).
 */
export function readFollowUp(
  question: string,
  context: ThreadContext | undefined,
  asOf: string,
  people: ReadonlySet<string> = new Set(),
): FollowUp {
  if (!context) return { query: { question, asOf }, readings: [], rules: [], leaveOut: [] };
  const draft: Draft = { text: question, readings: [], leaveOut: false };
  const rules = FOLLOW_UP_RULES.filter((rule) => rule.apply(draft, context, people)).map((rule) => rule.name);
  const text = capitalised(tidy(draft.text));
  return {
    query: {
      question: text,
      asOf: context.asOf,
      ...(draft.from ? { from: draft.from } : {}),
      ...(draft.to ? { to: draft.to } : {}),
    },
    readings: draft.readings,
    rules,
    leaveOut: draft.leaveOut ? context.shown : [],
  };
}

/** A name in a question as the archive knows it ("Shehbaz" → "Shehbaz Sharif"), or undefined for no one it knows. */
export type PersonResolver = (name: string) => Promise<string | undefined>;

/** An opening question word: capitalised, but no name. */
const QUESTION_OPENER =
  /^(?:What|Who|Whom|Whose|When|Where|Which|Why|How|Did|Does|Do|Is|Are|Was|Were|Has|Have|Had|And|So|Tell|Show|Find)\b\s*/;

/**
 * Names in a text, longest first within each capitalised run: "Pakistan Prime Minister Shehbaz Sharif" offers itself,
 * then "Shehbaz Sharif", then "Sharif"; an opening question word is no name.
 */
function capitalisedNames(text: string): string[] {
  const runs = text.match(/\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*/gu) ?? [];
  return runs.flatMap((run) => {
    const words = run.replace(QUESTION_OPENER, '').split(/\s+/).filter(Boolean);
    return [words, words.slice(-2), words.slice(-1)]
      .filter((part, index) => part.length > 0 && (index === 0 || part.length < words.length))
      .map((part) => part.join(' '));
  });
}

/** The names in `question` the archive knows, as the question writes them ("James Baker", not "Secretary James Baker"). */
async function peopleNamed(question: string, resolve: PersonResolver): Promise<Set<string>> {
  const said = parseSaidQuestion(question)?.name;
  const about = WHAT_ABOUT.exec(question)?.[1];
  const names = [...new Set([...(said ? [said] : []), ...(about ? [about] : []), ...capitalisedNames(question)])];
  const known = await Promise.all(names.map(async (name) => ((await resolve(name)) ? name : undefined)));
  return new Set(known.filter((name) => name !== undefined));
}

/** The person a text asks about: the one whose words it asks for, else the first name the archive knows. */
async function personAskedAbout(question: string, resolve: PersonResolver): Promise<string | undefined> {
  const [first] = await peopleNamed(question, resolve);
  return first;
}

/** A year, or a month by name ("May" aside: more often "may" than the month). */
const DATED =
  /\b(?:1[89]|20)\d\d\b|\b(?:January|February|March|April|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b/;

/**
 * The thread's context after `followUp` was answered with `answer`. The person: the one the question asked about, else
 * the lead quote's speaker, else the first person its sentence names ("Who was informed?" → "Shehbaz Sharif was…").
 */
export async function rememberTurn(
  context: ThreadContext | undefined,
  followUp: FollowUp,
  answer: Answer,
  resolve: PersonResolver,
  shownMax = 200,
): Promise<ThreadContext> {
  const { query } = followUp;
  const quotes = answer.answered ? answer.quotes.filter((quote) => !quote.nearMiss && !quote.further) : [];
  // Only a date with its month or year: "on Friday" in a question about an old story is not a day near the as-of day.
  const named = query.asOf && DATED.test(query.question) ? timeOfQuestion(query.question, new Date(`${query.asOf}T12:00:00Z`)) : undefined;
  const bounded = query.from && query.to ? { from: query.from, to: query.to } : undefined;
  const lead = quotes[0];
  return {
    asOf: context?.asOf ?? query.asOf ?? new Date().toISOString().slice(0, 10),
    query,
    person:
      (await personAskedAbout(query.question, resolve)) ??
      lead?.speaker ??
      (lead ? await personAskedAbout(lead.highlight, resolve) : undefined) ??
      context?.person,
    when: named ?? bounded ?? (lead ? { from: lead.date, to: lead.date } : context?.when),
    shown: [...(context?.shown ?? []), ...quotes.map(shownKey)].slice(-shownMax),
  };
}

/**
 * Resolves names through the archive's people: the best suggestion that ends with the same surname and holds every word
 * ("Reagan" → "Ronald Reagan"; not "Kansas" → "Kansas Republican Congressman Pat Roberts", nor "In" → anyone).
 */
export function personResolver(archive: Pick<Archive, 'suggestPeople'>): PersonResolver {
  return async (name) => {
    const wanted = name.toLowerCase().split(/\s+/);
    if (wanted.join('').length < 3) return undefined;
    const suggestions = await archive.suggestPeople(name, 5);
    return suggestions.find((suggestion) => {
      const words = suggestion.toLowerCase().split(/\s+/);
      return words.at(-1) === wanted.at(-1) && wanted.every((word) => words.includes(word));
    });
  };
}

/**
 * One turn of a thread: `question` read in `context`, asked of the archive, what was shown left out if asked. `remember`
 * gives the thread's context after it: called only where a thread keeps it, as it looks names up in the archive.
 */
export async function askInThread(
  archive: Pick<Archive, 'ask' | 'suggestPeople'>,
  question: string,
  context: ThreadContext | undefined,
  asked: { asOf: string; k: number },
): Promise<{ followUp: FollowUp; answer: Answer; remember: () => Promise<ThreadContext> }> {
  const resolve = personResolver(archive);
  const followUp = readFollowUp(question, context, asked.asOf, context ? await peopleNamed(question, resolve) : new Set());
  const query = { ...followUp.query, k: asked.k };
  const found = await archive.ask(query);
  const leaveOut = new Set(followUp.leaveOut);
  const quotes = found.quotes.filter((quote) => !leaveOut.has(shownKey(quote)));
  const answer = { ...found, answered: found.answered && quotes.some((quote) => !quote.nearMiss && !quote.further), quotes };
  return { followUp, answer, remember: () => rememberTurn(context, followUp, answer, resolve) };
}

/** Each thread's context, in memory: the most recent `max` threads, each for `ttlMs` after its last question. */
export class ThreadContexts {
  private readonly contexts = new Map<string, { context: ThreadContext; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly max = 1_000,
    private readonly ttlMs = 24 * 60 * 60_000,
  ) {}

  get(threadId: string): ThreadContext | undefined {
    const kept = this.contexts.get(threadId);
    if (!kept || this.now() - kept.at > this.ttlMs) return undefined;
    return kept.context;
  }

  set(threadId: string, context: ThreadContext): void {
    this.contexts.delete(threadId);
    this.contexts.set(threadId, { context, at: this.now() });
    // A Map iterates in insertion order: the first entries are the threads asked longest ago.
    for (const id of this.contexts.keys()) {
      if (this.contexts.size <= this.max) break;
      this.contexts.delete(id);
    }
  }
}
