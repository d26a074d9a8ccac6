// The bot's searches, one at a time, each after a turn of the event loop: a burst of questions cannot starve
// what must happen at once (acknowledging each interaction within Discord's 3 s, reading the gateway).
import type { Archive } from '../archive.ts';

export class SearchQueue {
  private tail: Promise<unknown> = Promise.resolve();
  /** Searches waiting or running. */
  pending = 0;

  /** `mayStart` says whether a search may begin now (the bot: no interaction is waiting for its acknowledgement). */
  constructor(private readonly mayStart: () => boolean = () => true) {}

  /** Runs `search` after those queued before it, once pending I/O (incoming events, acknowledgements) has had its turn. */
  run<T>(search: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.tail
      .then(() => this.whenAllowed())
      .then(search)
      .finally(() => (this.pending -= 1));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async whenAllowed(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!this.mayStart()) await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }

  /** `archive` with its searches (`ask`) queued here; the lookups, short reads of the store, are not. */
  wrap(archive: Archive): Archive {
    const ask: Archive['ask'] = (query) => this.run(() => archive.ask(query));
    return Object.assign(Object.create(archive) as Archive, { ask });
  }
}
