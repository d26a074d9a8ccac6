// What kind of thing a question asks for ("who…" → a person, "how many…" → a number), and whether a sentence holds one it does not already name.
import type { StoredArticle } from '../domain/article.ts';
import { isCalendarTerm, normalizeTerm } from '../corpus/terms.ts';

export type AnswerType = 'person' | 'time' | 'number' | 'place' | 'name';

/** Nouns after "which"/"what" that ask for a person. */
const PERSON_NOUNS =
  'person|people|official|minister|leader|politician|man|woman|singer|rapper|actor|actress|artist|musician|band|player|athlete|' +
  'star|celebrity|author|writer|director|ceo|founder|executive|president|senator|governor|lawmaker|congressman|congresswoman|' +
  'judge|justice|coach|quarterback|pitcher|golfer|tennis player|boxer|host|comedian|candidate|nominee|billionaire|entrepreneur|' +
  'journalist|anchor|chef|pope|king|queen|prince|princess|mayor|secretary|attorney|tycoon|legend|icon|figure|member|rep|' +
  'royal|contestant|winner|champion|swimmer|gymnast|runner|skier|driver|astronaut';
/** Nouns after "which"/"what"/"in which" that ask for a place. */
const PLACE_NOUNS =
  'country|countries|nation|state|states|city|cities|town|village|island|region|county|province|continent|capital|place|location|site|territory|park|ocean|sea|river|mountain|volcano|airport';

/**
 * The rules, first match wins. Each pattern may match anywhere: quiz questions put the question word
 * late ("…on a flight operated by which airline?").
 */
export const ANSWER_TYPE_RULES: { type: AnswerType; pattern: RegExp }[] = [
  {
    type: 'number',
    pattern:
      /\bhow (?:many|much|old|long|far|big|tall|high|fast|deep)\b|\bwhat (?:percentage|percent|share|number|score|amount|age|price|sum|temperature|speed)\b|\bby how\b/i,
  },
  { type: 'time', pattern: /^(?:and |so |but )?when\b|\b(?:what|which) (?:time|date|day|month|year|decade|century)\b|\bhow long ago\b/i },
  {
    type: 'person',
    pattern: new RegExp(
      `^(?:and |so |but )?(?:who|whom|whose)\\b|\\b(?:who|whom|whose)\\b.*\\?$|\\b(?:which|what) (?:\\w+ )?(?:${PERSON_NOUNS})\\b`,
      'i',
    ),
  },
  {
    type: 'place',
    pattern: new RegExp(`^(?:and |so |but )?where\\b|\\bwhere\\b.*\\?$|\\b(?:which|what) (?:\\w+ )?(?:${PLACE_NOUNS})\\b`, 'i'),
  },
  // "which airline", "what company", "what is the name of", "… called what?": a named thing.
  {
    type: 'name',
    pattern:
      /\bwhich\b|\bwhat (?:is|was) the name\b|\bnamed what\b|\bcalled what\b|\bwhat (?:company|brand|team|show|film|movie|book|song|album|app|game|agency|group|organi[sz]ation|party)\b/i,
  },
];

/** The kind of answer `question` asks for, if it says. */
export function answerTypeOf(question: string): AnswerType | undefined {
  const trimmed = question.trim();
  return ANSWER_TYPE_RULES.find(({ pattern }) => pattern.test(trimmed))?.type;
}

/** Clock times the date extractor does not cover: "9:30 am", "10 p.m.". */
const CLOCK_TIME = /\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|\b\d{1,2}:\d{2}\b/i;
/** Figures and amounts: "84-82", "$1.2 billion", "40%", "seven". */
const NUMBER =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion|trillion)\b/gi;
/** Runs of capitalised words ("Alaska Airlines", "Bank of America"), joined by short lower-case links. */
const NAME_LIKE = /\p{Lu}[\p{L}\p{N}'’.&-]*(?:\s+(?:(?:of|the|de|la|del|von|van|and|&)\s+)*\p{Lu}[\p{L}\p{N}'’.&-]*)*/gu;

/**
 * 1 when sentence `index` holds the kind of answer asked for that the question does not already hold:
 * a new person, a new name-like span (for names and places), a number not in the question, or a date or
 * clock time; else 0.
 */
export function holdsAnswerType(article: StoredArticle, index: number, type: AnswerType, questionWords: ReadonlySet<string>): number {
  const { start, end } = article.sentences[index];
  const text = article.text.slice(start, end);
  const isNew = (span: string): boolean => wordsOf(span).some((word) => !questionWords.has(word) && normalizeTerm(word) !== null);
  switch (type) {
    case 'time':
      return article.entities.dates.some((mention) => mention.sentence === index) || CLOCK_TIME.test(text) ? 1 : 0;
    case 'number':
      return [...text.matchAll(NUMBER)].some((match) => wordsOf(numberAt(text, match.index)).some((word) => !questionWords.has(word)))
        ? 1
        : 0;
    case 'person':
      return article.entities.people.some((mention) => mention.sentence === index && isNew(mention.person)) ? 1 : 0;
    case 'place':
    case 'name':
      return namesIn(text).some(isNew) ? 1 : 0;
  }
}

/** Name-like spans of a sentence, without its capitalised first word (capitalised for being first) and without calendar words. */
function namesIn(sentence: string): string[] {
  const spans: string[] = [];
  for (const match of sentence.matchAll(NAME_LIKE)) {
    let span = match[0];
    if (match.index === sentence.search(/\p{L}/u)) {
      const rest = span.indexOf(' ');
      if (rest < 0) continue;
      span = span.slice(rest + 1);
    }
    const words = wordsOf(span);
    if (words.every((word) => isCalendarTerm(word))) continue;
    spans.push(span);
  }
  return spans;
}

/** The whole figure around position `at` ("84-82", "1.2"). */
function numberAt(text: string, at: number): string {
  const before = text.slice(0, at).match(/[\p{L}\p{N}.,-]*$/u)?.[0] ?? '';
  const after = text.slice(at).match(/^[\p{L}\p{N}.,-]*/u)?.[0] ?? '';
  return (before + after).replace(/[.,-]+$/, '');
}

/** Lower-cased words, for telling whether a question already names something. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
