// The thread follow-up set (eval/threads.jsonl): two- and three-turn exchanges over the seeds and Reuters, each follow-up
// with how a person would read it; prints the share the bot reads the same way, on the tuning and the fixed checking part.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Archive } from '../src/archive.ts';
import { askInThread, type ThreadContext } from '../src/bot/followUps.ts';
import { addDays } from '../src/entities/days.ts';

export const THREAD_SET = join(import.meta.dirname, 'threads.jsonl');

/** A day as written in the set: `YYYY-MM-DD`, or `@lead` (the last lead quote the thread showed), `@lead-1`, `@lead+1`. */
const Day = z.string().regex(/^(?:\d{4}-\d{2}-\d{2}|@lead(?:[+-]1)?)$/);

const Exchange = z.object({
  id: z.string(),
  corpus: z.enum(['seeds', 'reuters']),
  /** `check`: the fixed part read only for the figures; the rules were tuned on `tune`. */
  part: z.enum(['tune', 'check']),
  turns: z
    .array(
      z.object({
        ask: z.string(),
        /** How a person reads the follow-up: the question, its publication bounds, whether it leaves out what was shown. */
        read: z.string().optional(),
        from: Day.optional(),
        to: Day.optional(),
        leavesOut: z.boolean().optional(),
      }),
    )
    .min(2)
    .max(3),
});
export type ThreadExchange = z.infer<typeof Exchange>;

export function loadThreadSet(path = THREAD_SET): ThreadExchange[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => Exchange.parse(JSON.parse(line)));
}

/** Case, spacing, closing punctuation and a leading "and"/"so" aside. */
const normalise = (question: string) =>
  question
    .toLowerCase()
    .replace(/[?.!]+\s*$/, '')
    .replace(/^(?:and|so)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();

function dayOf(written: string | undefined, lead: string | undefined): string | undefined {
  if (written === undefined || !written.startsWith('@')) return written;
  if (!lead) return '(no lead quote shown)';
  return written === '@lead' ? lead : addDays(lead, written.endsWith('-1') ? -1 : 1);
}

export interface ThreadTurnResult {
  exchange: string;
  part: 'tune' | 'check';
  corpus: 'seeds' | 'reuters';
  ask: string;
  expected: { question?: string; from?: string; to?: string; leavesOut: boolean };
  read: { question: string; from?: string; to?: string; leavesOut: boolean; readings: string[] };
  right: boolean;
}

/** Plays each exchange as one thread (as of `asOf`) and compares every follow-up's reading with the person's. */
export async function runThreadSet(
  archives: Record<'seeds' | 'reuters', Archive>,
  set: ThreadExchange[],
  asOf: string,
): Promise<ThreadTurnResult[]> {
  const results: ThreadTurnResult[] = [];
  for (const exchange of set) {
    let context: ThreadContext | undefined;
    let lead: string | undefined;
    for (const [index, turn] of exchange.turns.entries()) {
      const played = await askInThread(archives[exchange.corpus], turn.ask, context, { asOf, k: 12 });
      if (index > 0) {
        const expected = {
          question: turn.read,
          from: dayOf(turn.from, lead),
          to: dayOf(turn.to, lead),
          leavesOut: turn.leavesOut ?? false,
        };
        const { query } = played.followUp;
        const read = {
          question: query.question,
          from: query.from,
          to: query.to,
          leavesOut: played.followUp.rules.some((rule) => rule.startsWith('what else')),
          readings: played.followUp.readings,
        };
        const right =
          normalise(read.question) === normalise(expected.question ?? turn.ask) &&
          read.from === expected.from &&
          read.to === expected.to &&
          read.leavesOut === expected.leavesOut;
        results.push({ exchange: exchange.id, part: exchange.part, corpus: exchange.corpus, ask: turn.ask, expected, read, right });
      }
      const shown = played.answer.answered ? played.answer.quotes.find((quote) => !quote.nearMiss && !quote.further) : undefined;
      lead = shown?.date ?? lead;
      context = await played.remember();
    }
  }
  return results;
}

/** "52/56 (92.9%)". */
function share(results: ThreadTurnResult[]): string {
  const right = results.filter((result) => result.right).length;
  return `${right}/${results.length} (${results.length ? ((100 * right) / results.length).toFixed(1) : '0.0'}%)`;
}

export function reportThreadSet(results: ThreadTurnResult[], verbose: boolean, print: (line: string) => void): void {
  const exchanges = new Set(results.map((result) => result.exchange)).size;
  print(`\n== Thread follow-ups (${THREAD_SET}): ${exchanges} exchanges, ${results.length} follow-up questions read as a person would`);
  print(`all      ${share(results)}`);
  for (const part of ['tune', 'check'] as const) print(`${part.padEnd(8)} ${share(results.filter((result) => result.part === part))}`);
  for (const corpus of ['seeds', 'reuters'] as const)
    print(`${corpus.padEnd(8)} ${share(results.filter((result) => result.corpus === corpus))}`);
  const wholeExchanges = [...new Set(results.map((result) => result.exchange))].filter((id) =>
    results.filter((result) => result.exchange === id).every((result) => result.right),
  ).length;
  print(`exchanges read right throughout: ${wholeExchanges}/${exchanges}`);
  for (const result of results.filter((item) => verbose || !item.right)) {
    print(
      `  ${result.right ? 'right' : 'wrong'} ${result.exchange} (${result.part}) ${JSON.stringify(result.ask)}: read ${JSON.stringify(result.read.question)}` +
        ` ${result.read.from ?? ''}..${result.read.to ?? ''}${result.read.leavesOut ? ' leaving out what was shown' : ''}` +
        (result.right
          ? ''
          : `; a person reads ${JSON.stringify(result.expected.question)} ${result.expected.from ?? ''}..${result.expected.to ?? ''}` +
            `${result.expected.leavesOut ? ' leaving out what was shown' : ''}`),
    );
  }
}
