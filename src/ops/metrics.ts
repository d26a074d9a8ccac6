// What the bot counts for Prometheus (prom-client): questions, answer latency, abstentions, errors, rate limits, reloads.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a question ended (the log's `outcome`). */
export type QuestionOutcome = 'answered' | 'abstained' | 'rate-limited' | 'refused' | 'error';

/** Each bot process has its own registry (tests run several side by side); process memory and CPU come with it. */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly questions = new Counter({
    name: 'archive_bot_questions_total',
    help: 'Questions handled, by slash command (or "mention") and outcome.',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly answerSeconds = new Histogram({
    name: 'archive_bot_answer_seconds',
    help: 'Time from receiving a question to the reply being sent, by command.',
    labelNames: ['command'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  private readonly abstentions = new Counter({
    name: 'archive_bot_abstentions_total',
    help: 'Questions the archive had no answer for (it said so rather than quote something weak).',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'archive_bot_errors_total',
    help: 'Failures: a question or other interaction that ended in an apology, or a Discord client error.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'archive_bot_rate_limited_total',
    help: 'Requests refused by the per-user rate limit (by="user") or rate-limited by Discord and retried (by="discord").',
    labelNames: ['by'] as const,
    registers: [this.registry],
  });
  private readonly reloads = new Counter({
    name: 'archive_bot_reloads_total',
    help: 'Index reloads, by what asked for them (watch, command, signal) and whether the new index went live.',
    labelNames: ['trigger', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly articles = new Gauge({
    name: 'archive_bot_index_articles',
    help: 'Articles in the index being served.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  question(command: string, outcome: QuestionOutcome, latencyMs: number): void {
    this.questions.inc({ command, outcome });
    if (outcome === 'answered' || outcome === 'abstained') this.answerSeconds.observe({ command }, latencyMs / 1000);
    if (outcome === 'abstained') this.abstentions.inc({ command });
    if (outcome === 'rate-limited') this.rateLimited.inc({ by: 'user' });
    if (outcome === 'error') this.errors.inc({ kind: 'question' });
  }

  error(kind: 'interaction' | 'discord'): void {
    this.errors.inc({ kind });
  }

  discordRateLimited(): void {
    this.rateLimited.inc({ by: 'discord' });
  }

  reload(trigger: string, outcome: 'ok' | 'failed'): void {
    this.reloads.inc({ trigger, outcome });
  }

  indexArticles(count: number): void {
    this.articles.set(count);
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
