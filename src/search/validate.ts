// Checks what a person typed before the engine runs: the question and the options of an ask.
import type { Query } from '../domain/answer.ts';
import { UserError } from '../domain/errors.ts';
import { readIsoDay } from '../entities/days.ts';

/** A question or option a person got wrong; the message says what is expected. */
export class InvalidQuestionError extends UserError {
  override name = 'InvalidQuestionError';
}

export const MAX_QUESTION_CHARS = 1000;
export const MAX_QUOTES = 20;

/** The question, trimmed; throws when it is empty, blank or longer than `MAX_QUESTION_CHARS`. */
export function checkQuestion(question: string): string {
  const trimmed = question.trim();
  if (!trimmed) throw new InvalidQuestionError('The question is empty: type a few words to search the archive for.');
  if (trimmed.length > MAX_QUESTION_CHARS) {
    throw new InvalidQuestionError(
      `The question is ${trimmed.length} characters long; the limit is ${MAX_QUESTION_CHARS}. Ask something shorter.`,
    );
  }
  return trimmed;
}

export interface CheckedAskOptions {
  k: number;
  from?: string;
  to?: string;
  asOf: string;
}

/** Options with defaults applied (`asOf`: today, UTC); throws on a bad `k`, a date that is not a real `YYYY-MM-DD` day, or from > to. */
export function checkAskOptions(options: Query = {}, today: Date = new Date()): CheckedAskOptions {
  const k = options.k ?? 3;
  if (!Number.isInteger(k) || k < 1 || k > MAX_QUOTES) {
    throw new InvalidQuestionError(`The number of quotes must be a whole number from 1 to ${MAX_QUOTES} (got ${k}).`);
  }
  const from = options.from === undefined ? undefined : checkDay(options.from, 'from');
  const to = options.to === undefined ? undefined : checkDay(options.to, 'to');
  if (from && to && from > to) throw new InvalidQuestionError(`The start date ${from} is after the end date ${to}.`);
  const asOf = options.asOf === undefined ? today.toISOString().slice(0, 10) : checkDay(options.asOf, 'as-of');
  return { k, ...(from ? { from } : {}), ...(to ? { to } : {}), asOf };
}

/** `value` if it is a real calendar day written `YYYY-MM-DD`. */
export function checkDay(value: string, name: string): string {
  if (!readIsoDay(value)) {
    throw new InvalidQuestionError(`The "${name}" date must be a real day written YYYY-MM-DD, e.g. 2022-09-28 (got "${value}").`);
  }
  return value;
}
