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
  return { kind: 'description', name: phrase, start: span.start, end: span.end };
}

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
export function personOfTitle(text: string, speaker: Speaker, people: PersonMention[]): string | undefined {
  if (speaker.kind !== 'description' || speaker.name === null) return undefined;
  const words = speaker.name.split(/\s+/);
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
