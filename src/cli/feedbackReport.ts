// What readers thought of the bot's answers, for the operator: 👍/👎 counts by day and the recent 👎 in full.
import type { FeedbackEntry } from '../ops/botState.ts';
import { forTerminal } from './format.ts';

export interface FeedbackSummary {
  up: number;
  down: number;
  /** Newest day first; days are UTC. */
  byDay: { day: string; up: number; down: number }[];
}

export function summarise(entries: FeedbackEntry[]): FeedbackSummary {
  const days = new Map<string, { up: number; down: number }>();
  for (const entry of entries) {
    const day = entry.votedAt.slice(0, 10);
    const counts = days.get(day) ?? { up: 0, down: 0 };
    counts[entry.vote] += 1;
    days.set(day, counts);
  }
  return {
    up: entries.filter((entry) => entry.vote === 'up').length,
    down: entries.filter((entry) => entry.vote === 'down').length,
    byDay: [...days].sort(([a], [b]) => b.localeCompare(a)).map(([day, counts]) => ({ day, ...counts })),
  };
}

/** The human report; every text from readers or articles is neutralised for the terminal. `entries` newest first. */
export function formatFeedback(entries: FeedbackEntry[], recentDown: number): string {
  if (entries.length === 0) return 'No feedback yet.';
  const summary = summarise(entries);
  const lines = [`${entries.length} votes: 👍 ${summary.up} · 👎 ${summary.down}`, '', 'By day (UTC):'];
  for (const { day, up, down } of summary.byDay) lines.push(`  ${day}  👍 ${up}  👎 ${down}`);
  const downs = entries.filter((entry) => entry.vote === 'down').slice(0, recentDown);
  if (downs.length > 0) lines.push('', `Recent 👎 (newest first, ${downs.length} of ${summary.down}):`);
  for (const entry of forTerminal(downs)) {
    lines.push(
      '',
      `${entry.votedAt.replace('T', ' ').slice(0, 16)} · guild ${entry.guildId ?? '-'} · channel ${entry.channelId ?? '-'} · build ${entry.buildId}`,
      `  Q: ${entry.question}${entry.answered ? '' : '   (abstained: no answer in the archive)'}`,
      `  Comment: ${entry.comment ?? '(none)'}`,
      ...entry.quotes.map(
        (quote, index) => `  ${index + 1}. ${quote.article} · ${quote.date}${quote.nearMiss ? ' · near miss' : ''}: “${quote.highlight}”`,
      ),
    );
  }
  return lines.join('\n');
}
