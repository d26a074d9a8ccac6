// The paraphrase set (eval/paraphrases.jsonl): dev-set and seed questions reworded with verbs, roles and names the articles do not use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RealtimeQuestion } from './newsQuiz.ts';

export const PARAPHRASES_FILE = join(import.meta.dirname, 'paraphrases.jsonl');

type Line =
  | { set: 'realtimeqa'; qid: string; question: string }
  | { set: 'seeds'; original: string; question: string; article: string; expect: string };

/** A reworded question beside its original: the same gold, so their figures compare. */
export interface Paraphrase {
  original: RealtimeQuestion;
  reworded: RealtimeQuestion;
}

function lines(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Line);
}

/** The RealTime QA paraphrases (by qid: the gold stays in the dev set, not in the repository), paired with `questions`. */
export function realtimeParaphrases(questions: RealtimeQuestion[], file = PARAPHRASES_FILE): Paraphrase[] {
  const byQid = new Map(questions.map((question) => [question.qid, question]));
  return lines(file).flatMap((line) => {
    const original = line.set === 'realtimeqa' ? byQid.get(line.qid) : undefined;
    return original ? [{ original, reworded: { ...original, question: line.question } }] : [];
  });
}

/** The seed paraphrases (gold inline: the seeds are the project's own), as questions of the news-quiz shape. */
export function seedParaphrases(asOf: string, file = PARAPHRASES_FILE): Paraphrase[] {
  return lines(file).flatMap((line, index) => {
    if (line.set !== 'seeds') return [];
    const gold = { article: line.article, expect: line.expect };
    const qid = `seed-paraphrase-${index}`;
    return [
      {
        original: { qid, question: line.original, questionDate: asOf, gold },
        reworded: { qid, question: line.question, questionDate: asOf, gold },
      },
    ];
  });
}
