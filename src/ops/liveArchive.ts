// An archive that can be reloaded while it serves: builds off the event loop, then swaps the new index in at once.
import type { Archive, ArchiveSummary, StoreArchive, Verification, VerifyOptions } from '../archive.ts';
import type { ArticleCitation } from '../domain/article.ts';
import type { Answer, AskQuery, SaidQuery } from '../domain/answer.ts';
import type { FollowMatch, FollowSubject } from '../domain/follow.ts';
import type { DateLookup, DateRange, PersonLookup, PersonNotFound, PersonTimeline } from '../domain/lookups.ts';
import type { SaidFound } from '../domain/quotation.ts';
import type { EngineConfig } from '../config.ts';
import { createEmbedder } from '../embedding/embedder.ts';
import { openArchive, type OpenArchiveOptions } from '../openArchive.ts';
import { buildInChild } from './indexBuild.ts';

/** An article a reload added, by id and content hash (how a follow tells an article it already announced). */
export interface ArrivedArticle {
  article: string;
  hash: string;
}

export interface ReloadReport {
  added: number;
  /** The articles whose ids the previous index did not hold. */
  arrived: ArrivedArticle[];
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

/** An archive being served, with the questions and lookups still running on it. */
interface Served {
  archive: StoreArchive;
  inFlight: number;
  /** Swapped out: closed when its last call finishes. */
  retired: boolean;
}

export class LiveArchive implements Archive {
  private current: Served;
  private running?: Promise<ReloadReport>;
  private queued?: Promise<ReloadReport>;

  /** What the bot is given: this object, whose every call goes to the archive being served when it starts. */
  get archive(): Archive {
    return this;
  }

  ask(query: AskQuery): Promise<Answer> {
    return this.using((archive) => archive.ask(query));
  }

  person(name: string): Promise<PersonLookup> {
    return this.using((archive) => archive.person(name));
  }

  suggestPeople(query: string, limit?: number): Promise<string[]> {
    return this.using((archive) => archive.suggestPeople(query, limit));
  }

  dates(range: DateRange): Promise<DateLookup> {
    return this.using((archive) => archive.dates(range));
  }

  sources(): Promise<ArticleCitation[]> {
    return this.using((archive) => archive.sources());
  }

  said(query: SaidQuery): Promise<SaidFound | PersonNotFound> {
    return this.using((archive) => archive.said(query));
  }

  timeline(name: string): Promise<PersonTimeline> {
    return this.using((archive) => archive.timeline(name));
  }

  verify(quote: string, options?: VerifyOptions): Promise<Verification> {
    return this.using((archive) => archive.verify(quote, options));
  }

  concerning(subject: FollowSubject, articleIds: readonly string[]): Promise<FollowMatch[]> {
    return this.using((archive) => archive.concerning(subject, articleIds));
  }

  summary(): ArchiveSummary {
    return this.current.archive.summary();
  }

  /** Closes the archive being served (the bot is stopping). */
  close(): Promise<void> {
    return this.current.archive.close();
  }

  /**
   * Runs `call` on the archive served now; a call already running finishes on the archive it started with, which a
   * reload closes only once its last call has finished.
   */
  private async using<T>(call: (archive: StoreArchive) => Promise<T>): Promise<T> {
    const served = this.current;
    served.inFlight += 1;
    try {
      return await call(served.archive);
    } finally {
      served.inFlight -= 1;
      if (served.retired && served.inFlight === 0) void this.retire(served);
    }
  }

  /** Closes an archive swapped out; a failure to close is the old store's, and changes nothing served. */
  private async retire(served: Served): Promise<void> {
    try {
      await served.archive.close();
    } catch (error) {
      this.options.log?.(`Closing the previous archive failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private constructor(
    private readonly config: EngineConfig,
    initial: StoreArchive,
    private readonly options: OpenArchiveOptions,
  ) {
    this.current = { archive: initial, inFlight: 0, retired: false };
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
    let next: StoreArchive;
    const loadStarted = performance.now();
    try {
      // Fully loaded before it is swapped in, so no question sees a half-loaded index; the load gives the
      // event loop a turn every few milliseconds, so questions keep being acknowledged and answered meanwhile.
      next = await openArchive(this.config, this.options);
    } catch (error) {
      throw new ReloadError(`the new index could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    const previous = this.current;
    // Read before it is closed: an index's article hashes are read from its files when asked for.
    const before = previous.archive.contents();
    this.current = { archive: next, inFlight: 0, retired: false };
    previous.retired = true;
    if (previous.inFlight === 0) void this.retire(previous);
    const loaded = performance.now();
    const summary = next.summary();
    const arrived = [...next.contents()].filter(([id]) => !before.has(id)).map(([article, hash]) => ({ article, hash }));
    return {
      added: outcome.added,
      arrived,
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
