// A date lookup's mentions one per passage, for reading: a sentence naming days of the range several times (or one day in
// several phrases) is shown once, with every day and every phrase — the same in Discord and on a terminal.
import type { Quote } from '../domain/answer.ts';
import type { DateLookup } from '../domain/lookups.ts';
import { humanDay, humanRange } from '../entities/readableDates.ts';

/** A day or period a passage mentions (`YYYY-MM-DD` or `from/to`), and every phrase in it that says so. */
export interface DayMentioned {
  when: string;
  expressions: string[];
}

export interface PassageMentioningDays extends Quote {
  /** In the lookup's order (by the day mentioned). */
  days: DayMentioned[];
}

export function mergeDateMentions(mentions: DateLookup['mentions']): PassageMentioningDays[] {
  const passages = new Map<string, PassageMentioningDays>();
  for (const { mentioned, expression, ...quote } of mentions) {
    const key = `${quote.article}\u0000${quote.text}`;
    const passage = passages.get(key) ?? { ...quote, days: [] };
    passages.set(key, passage);
    const day = passage.days.find((seen) => seen.when === mentioned);
    if (!day) passage.days.push({ when: mentioned, expressions: [expression] });
    else if (!day.expressions.includes(expression)) day.expressions.push(expression);
  }
  return [...passages.values()];
}

/** "28 Sep 2022", or "16–20 Sep 2022" for a period. */
export function humanWhen(when: string): string {
  const [from, to] = when.split('/');
  return to === undefined ? humanDay(from) : humanRange({ from, to });
}

/** "mentions 28 Sep 2022 (“Wednesday”, “September 28”), 30 Sep 2022 (“Friday”)"; each phrase cut to `phraseMax`. */
export function describeDaysMentioned(days: DayMentioned[], phraseMax = 60): string {
  const cut = (phrase: string) => (phrase.length > phraseMax ? `${phrase.slice(0, phraseMax - 1)}…` : phrase);
  return `mentions ${days.map((day) => `${humanWhen(day.when)} (${day.expressions.map((phrase) => `“${cut(phrase)}”`).join(', ')})`).join(', ')}`;
}
