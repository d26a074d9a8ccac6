// An archive that can be reloaded while it serves: builds off the event loop, then swaps the new index in at once.
import type { Archive } from '../archive.ts';
import type { EngineConfig } from '../config.ts';
import { createEmbedder } from '../embedding/embedder.ts';
import { openArchive, type OpenArchiveOptions } from '../openArchive.ts';
import { buildInChild } from './indexBuild.ts';

export interface ReloadReport {
  added: number;
  changed: number;
  removed: number;
  embeddedPassages: number;
  reusedPassages: number;
  skipped: string[];
  /** Articles served after the swap. */
  articles: number;
  buildId: string;
  /** From the request to the new index answering. */
  ms: number;
  /** Of `ms`, loading the new index in the bot (in paced steps: questions are answered meanwhile). */
  loadMs: number;
  /** The build child's peak memory. */
  buildMaxRssBytes: number;
}

/** A reload that failed; the previous index is still the one served. */
export class ReloadError extends Error {
  override name = 'ReloadError';
}

export class LiveArchive {
  private current: Archive;
  private running?: Promise<ReloadReport>;
  private queued?: Promise<ReloadReport>;

  /**
   * What the bot is given. Every call goes to the archive being served at that moment; a question already
   * inside `ask` finishes on the archive it started with (kept alive until then, then garbage-collected).
   */
  readonly archive: Archive = {
    ask: (question, options) => this.current.ask(question, options),
    person: (name) => this.current.person(name),
    suggestPeople: (query, limit) => this.current.suggestPeople(query, limit),
    dates: (range) => this.current.dates(range),
    said: (name, options) => this.current.said(name, options),
    timeline: (name) => this.current.timeline(name),
    summary: () => this.current.summary(),
    close: () => this.current.close(),
  };

  private constructor(
    private readonly config: EngineConfig,
    initial: Archive,
    private readonly options: OpenArchiveOptions,
  ) {
    this.current = initial;
  }

  /**
   * Opens the archive as `openArchive` does (building the index if there is none). The model is loaded once:
   * every reload loads only the new index, and reuses it.
   */
  static async open(config: EngineConfig, options: OpenArchiveOptions = {}): Promise<LiveArchive> {
    const shared = { ...options, embedder: options.embedder ?? (await createEmbedder(config)) };
    return new LiveArchive(config, await openArchive(config, shared), shared);
  }

  /** The folder or file of articles the index is built from. */
  get corpus(): string {
    return this.config.corpus;
  }

  get reloading(): boolean {
    return this.running !== undefined;
  }

  /**
   * Rebuilds the index from the corpus (incrementally) and serves the new one. A request made while a
   * build runs gets the build after it (which sees its changes); requests waiting together share it.
   * Rejects with ReloadError when the build or the load fails; the previous index stays served.
   */
  reload(): Promise<ReloadReport> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<ReloadReport> {
    this.running = this.buildAndSwap().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async buildAndSwap(): Promise<ReloadReport> {
    const started = performance.now();
    const outcome = await buildInChild(this.config);
    if (!outcome.ok) throw new ReloadError(outcome.error);
    let next: Archive;
    const loadStarted = performance.now();
    try {
      // Fully loaded before it is swapped in, so no question sees a half-loaded index; the load gives the
      // event loop a turn every few milliseconds, so questions keep being acknowledged and answered meanwhile.
      next = await openArchive(this.config, this.options);
    } catch (error) {
      throw new ReloadError(`the new index could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.current = next;
    const loaded = performance.now();
    const summary = next.summary();
    return {
      added: outcome.added,
      changed: outcome.changed,
      removed: outcome.removed,
      embeddedPassages: outcome.embeddedPassages,
      reusedPassages: outcome.reusedPassages,
      skipped: outcome.skipped,
      articles: summary.articles,
      buildId: summary.buildId,
      ms: Math.round(loaded - started),
      loadMs: Math.round(loaded - loadStarted),
      buildMaxRssBytes: outcome.maxRssBytes,
    };
  }
}
