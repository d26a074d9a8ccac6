// What kind of thing a question asks for ("who…" → a person, "when…" → a time), and whether a sentence holds one.
import type { StoredArticle } from '../domain/article.ts';

export type AnswerType = 'person' | 'time';

const ASKS_FOR_PERSON = /^(?:and |so |but )?(?:who|whom|whose)\b|\b(?:which|what) (?:person|people|official|minister|leader|politician|man|woman)\b/i;
const ASKS_FOR_TIME = /^(?:and |so |but )?when\b|\b(?:what|which) (?:time|date|day|month|year)\b|\bhow long ago\b/i;
/** Clock times the date extractor does not cover: "9:30 am", "10 p.m.". */
const CLOCK_TIME = /\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|\b\d{1,2}:\d{2}\b/i;

/** The kind of answer `question` asks for, if it says. */
export function answerTypeOf(question: string): AnswerType | undefined {
  const trimmed = question.trim();
  if (ASKS_FOR_PERSON.test(trimmed)) return 'person';
  if (ASKS_FOR_TIME.test(trimmed)) return 'time';
  return undefined;
}

/**
 * 1 when sentence `index` holds the kind of answer asked for: a person the question does not already
 * name, or a date or clock time; else 0.
 */
export function holdsAnswerType(article: StoredArticle, index: number, type: AnswerType, questionWords: ReadonlySet<string>): number {
  if (type === 'time') {
    const { start, end } = article.sentences[index];
    const dated = article.entities.dates.some((mention) => mention.sentence === index);
    return dated || CLOCK_TIME.test(article.text.slice(start, end)) ? 1 : 0;
  }
  const newPerson = article.entities.people.some(
    (mention) => mention.sentence === index && !wordsOf(mention.person).some((word) => questionWords.has(word)),
  );
  return newPerson ? 1 : 0;
}

/** Lower-cased words, for telling whether a question already names someone. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/\p{L}+/gu) ?? [];
}
