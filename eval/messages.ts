// The chat and question sets (tests/fixtures/messages): how many lines of each the bot would answer in an answer channel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chatRuleFor } from '../src/bot/chat.ts';

export const MESSAGES_DIR = join(import.meta.dirname, '../tests/fixtures/messages');

export interface MessageSetFigures {
  lines: number;
  /** Lines read as a question (answered); for chat this should be ~0, for questions all. */
  answered: number;
  /** Each line decided the other way than its set says, with the rule that decided it. */
  wrong: { line: string; rule: string }[];
}

/** One line per message, blank lines skipped. */
export function loadMessageSet(name: 'chat' | 'questions', dir = MESSAGES_DIR): string[] {
  return readFileSync(join(dir, `${name}.txt`), 'utf8')
    .split('\n')
    .filter((line) => line.trim());
}

export function measureMessageSet(name: 'chat' | 'questions', dir = MESSAGES_DIR): MessageSetFigures {
  const lines = loadMessageSet(name, dir);
  const wantQuestion = name === 'questions';
  const wrong: MessageSetFigures['wrong'] = [];
  let answered = 0;
  for (const line of lines) {
    const rule = chatRuleFor(line);
    const question = rule?.question ?? false;
    if (question) answered++;
    if (question !== wantQuestion) wrong.push({ line, rule: rule?.name ?? '(no rule: chat)' });
  }
  return { lines: lines.length, answered, wrong };
}
