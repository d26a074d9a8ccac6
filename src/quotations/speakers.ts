// Who a speaker phrase names: a person of the article (name or alias), a pronoun resolved to a safely referable speaker, or a description.
import type { PersonMention } from '../domain/mentions.ts';
import { NOT_PERSON_WORDS, OUTLETS, ROLE_HEADS, TITLE_WORDS } from '../entities/lexicon.ts';
import type { Speaker } from '../domain/quotation.ts';
import { isPronoun, type Span } from './phrases.ts';

const PERSONAL_PRONOUNS = new Set(['he', 'she', 'him', 'her']);

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}'’.-]+/u)
    .filter(Boolean);

/** Reads the speaker phrase `span` of `text` against the article's person mentions. */
export function classifySpeaker(text: string, span: Span, people: PersonMention[]): Speaker {
  const phrase = text.slice(span.start, span.end);
  if (isPronoun(phrase)) return { kind: 'pronoun', name: null, start: span.start, end: span.end };
  // "Jeffrey Lewis of the James Martin Center": the name before "of"/"for" is the speaker, not the institution after it.
  const of = /\s(?:of|for|at|from)\s/.exec(phrase);
  if (of && of.index > 0) {
    const head = classifySpeaker(text, { start: span.start, end: span.start + of.index }, people);
    if (head.kind === 'name') return head;
  }
  const inside = people.filter((mention) => mention.start >= span.start && mention.end <= span.end);
  // The head of "Clinton's campaign" is the campaign: a name followed by more words is a description.
  const head = inside.at(-1);
  if (
    head &&
    !/^['’]s\b/.test(text.slice(head.end, span.end).trim()) &&
    !/\p{L}/u.test(text.slice(head.end, span.end).replace(/^['’]s/, ''))
  ) {
    return { kind: 'name', name: head.person, start: head.start, end: head.end };
  }
  const name = trailingName(text, span);
  if (name) {
    const written = text.slice(name.start, name.end);
    return { kind: 'name', name: personFor(written, people) ?? written, start: name.start, end: name.end };
  }
  if (!describesSomeone(phrase)) return { kind: 'unknown', name: null };
  return { kind: 'description', name: phrase, start: span.start, end: span.end };
}

/** A lone word that opens a clause but describes no speaker ("The", "Then", "Tuesday", "prompted"): the speaker stays unknown. */
const NOT_A_DESCRIPTION =
  /^(?:the|an?|then|when|as|but|and|so|here|there|what|just|it['’]s|say|says|said|saying|came|\p{Ll}+ed|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/iu;

/** Whether a phrase that names nobody can still describe a speaker ("the spokeswoman", "CNN", "federal prosecutors"). */
const describesSomeone = (phrase: string) => !NOT_A_DESCRIPTION.test(phrase.trim().replace(/^[—–―-]+/, ''));

/** The capitalised run that ends a phrase, titles dropped ("screenwriter Cole Haddon" → "Cole Haddon"); none for an organisation or a description. */
function trailingName(text: string, span: Span): Span | undefined {
  const tokens = [...text.slice(span.start, span.end).matchAll(/[^\s]+/g)].map((match) => ({
    text: match[0],
    start: span.start + match.index,
    end: span.start + match.index + match[0].length,
  }));
  let first = tokens.length;
  while (first > 0 && /^\p{Lu}/u.test(tokens[first - 1].text) && !/['’]s$/.test(tokens[first - 1].text)) first--;
  const run = tokens.slice(first);
  if (run.length === 0) return undefined;
  const lower = run.map((token) => token.text.toLowerCase().replace(/[.,]$/, ''));
  if (lower.some((word) => NOT_PERSON_WORDS.has(word) || OUTLETS.has(word))) return undefined;
  let start = 0;
  while (start < run.length - 1 && (TITLE_WORDS.has(lower[start]) || /^(the|a|an)$/.test(lower[start]))) start++;
  if (TITLE_WORDS.has(lower[start]) || /^(the|a|an|i)$/.test(lower[start])) return undefined;
  return { start: run[start].start, end: run[run.length - 1].end };
}

/** The article's fullest form of a written name ("Kasich" → "John Kasich"), when exactly one person fits. */
function personFor(written: string, people: PersonMention[]): string | undefined {
  const words = wordsOf(written);
  const last = words.at(-1);
  const persons = new Set(
    people
      .filter((mention) => wordsOf(mention.person).at(-1) === last || wordsOf(mention.name).join(' ') === words.join(' '))
      .map((mention) => mention.person),
  );
  return persons.size === 1 ? [...persons][0] : undefined;
}

/**
 * A description ending in a role ("Pakistan Tehreek-e-Insaf (PTI) chief") that the article also writes
 * right before a person's name ("PTI chief Imran Khan") is that person.
 */
function personOfTitle(text: string, description: string, people: PersonMention[]): string | undefined {
  const words = description.split(/\s+/);
  const role = words.at(-1)!.toLowerCase();
  if (!ROLE_HEADS.has(role) && !TITLE_WORDS.has(role)) return undefined;
  const tail = words.slice(-2).join(' ').toLowerCase();
  const persons = new Set(
    people
      .filter((mention) =>
        text
          .slice(Math.max(0, mention.start - tail.length - 1), mention.start)
          .trim()
          .toLowerCase()
          .endsWith(tail),
      )
      .map((mention) => mention.person),
  );
  return persons.size === 1 ? [...persons][0] : undefined;
}

/**
 * The ways a description ("the spokeswoman", "the White House spokesman, Josh Earnest,") is resolved to a
 * person of the article, tried in order; a description none fits (an organisation: "the PM Office") stays as written.
 */
export const DESCRIPTION_RESOLUTIONS: {
  name: string;
  example: string;
  resolve: (text: string, speaker: Span, people: PersonMention[]) => string | undefined;
}[] = [
  {
    name: 'description-appositive-name',
    example: '"Somebody entered the United States," the White House spokesman, Josh Earnest, said.',
    resolve: (text, speaker, people) => {
      const gap = /^,\s*/.exec(text.slice(speaker.end, speaker.end + 3));
      const mention = gap && people.find((candidate) => candidate.start === speaker.end + gap[0].length);
      return mention && /^\s*[,)]/.test(text.slice(mention.end, mention.end + 2)) ? mention.person : undefined;
    },
  },
  {
    name: 'description-title-of-person',
    example: 'PTI chief Imran Khan spoke first. "We will win," the PTI chief said.',
    resolve: (text, speaker, people) => personOfTitle(text, text.slice(speaker.start, speaker.end), people),
  },
  {
    name: 'description-role-of-nearest-person',
    example: 'Jen Psaki, a spokeswoman for the campaign, met reporters. "We are ready," the spokeswoman said.',
    resolve: (text, speaker, people) => {
      const words = text.slice(speaker.start, speaker.end).toLowerCase().split(/\s+/);
      const role = words.at(-1)!;
      if (words[0] !== 'the' || words.length > 4 || !ROLE_HEADS.has(role)) return undefined;
      // The role written right before the name ("spokeswoman Jen Psaki") or in its appositive ("Jen Psaki, a spokeswoman for …").
      const before = new RegExp(`\\b${role}\\s+(?:\\p{Lu}[\\p{L}.'’-]*\\s+)*$`, 'iu');
      const appositive = new RegExp(`^,\\s+[^,.;:"“”]{0,60}?\\b${role}\\b`, 'i');
      const earlier = people.filter((mention) => mention.end <= speaker.start).reverse();
      return earlier.find(
        (mention) =>
          before.test(text.slice(Math.max(0, mention.start - 40), mention.start)) ||
          appositive.test(text.slice(mention.end, mention.end + 80)),
      )?.person;
    },
  },
];

/** The person a description speaker stands for, and the rule that says so; undefined when none fits. */
export function resolveDescription(text: string, speaker: Speaker, people: PersonMention[]): { name: string; rule: string } | undefined {
  if (speaker.kind !== 'description' || speaker.start === undefined || speaker.end === undefined) return undefined;
  const span = { start: speaker.start, end: speaker.end };
  for (const resolution of DESCRIPTION_RESOLUTIONS) {
    const name = resolution.resolve(text, span, people);
    if (name) return { name, rule: resolution.name };
  }
  return undefined;
}

/** A named speaker earlier in the article: who, and where their quotation ended. */
export interface NamedSpeaker {
  name: string;
  at: number;
}

/**
 * The person a personal pronoun ("he", "she", "him") at `at` safely refers to: the last named speaker when
 * no other person is named (outside quotations) since their quotation; otherwise the only person named in
 * the sentences just before. Plural and first-person pronouns are not resolved.
 */
export function resolvePronoun(
  pronoun: string,
  at: number,
  lastSpeaker: NamedSpeaker | undefined,
  people: PersonMention[],
  quoted: (offset: number) => boolean,
  windowStart: number,
): { name: string; rule: string } | undefined {
  if (!PERSONAL_PRONOUNS.has(pronoun.toLowerCase())) return undefined;
  const named = (from: number) =>
    new Set(
      people.filter((mention) => mention.start >= from && mention.end <= at && !quoted(mention.start)).map((mention) => mention.person),
    );
  if (lastSpeaker) {
    const since = named(lastSpeaker.at);
    if (since.size === 0 || (since.size === 1 && since.has(lastSpeaker.name)))
      return { name: lastSpeaker.name, rule: 'pronoun-last-speaker' };
  }
  const recent = named(windowStart);
  if (recent.size === 1) return { name: [...recent][0], rule: 'pronoun-only-person-nearby' };
  return undefined;
}
