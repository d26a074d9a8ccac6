// One record per question the bot handles (slash command or message): how it ended and how long it took.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Archive } from '../archive.ts';
import type { QuestionOutcome } from '../ops/metrics.ts';

export interface QuestionRecord {
  outcome: QuestionOutcome;
}

export interface TrackedQuestion {
  outcome: QuestionOutcome;
  latencyMs: number;
  /** What `handle` threw, when the outcome is "error". */
  error?: unknown;
}

/**
 * Tracks the question in progress across its awaits, so the archive can mark it abstained
 * wherever in a command's code `ask` is called.
 */
export class QuestionTracker {
  private readonly current = new AsyncLocalStorage<QuestionRecord>();

  /** The archive as commands see it: an unanswered `ask` marks the current question abstained. */
  observe(archive: Archive): Archive {
    const ask: Archive['ask'] = async (query) => {
      const answer = await archive.ask(query);
      const record = this.current.getStore();
      if (record && !answer.answered && record.outcome === 'answered') record.outcome = 'abstained';
      return answer;
    };
    return Object.assign(Object.create(archive) as Archive, { ask });
  }

  /** Sets the outcome of the question in progress, wherever in its handling this is called. */
  mark(outcome: QuestionOutcome): void {
    const record = this.current.getStore();
    if (record) record.outcome = outcome;
  }

  /** Runs `handle` as one question; its record starts "answered" and `handle` may change it. Never throws. */
  async track(handle: (record: QuestionRecord) => Promise<void>): Promise<TrackedQuestion> {
    const started = performance.now();
    const record: QuestionRecord = { outcome: 'answered' };
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      await this.current.run(record, () => handle(record));
      return { outcome: record.outcome, latencyMs: latencyMs() };
    } catch (error) {
      return { outcome: 'error', latencyMs: latencyMs(), error };
    }
  }
}
