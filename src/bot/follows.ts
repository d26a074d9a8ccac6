// Announcing a reload's new articles to the channels that follow a person or a topic (/follow): which articles each
// follow is told of, the message for each, the summary line for the rest, and sending them without pinging anyone.
import { Routes, type APIEmbed, type Client } from 'discord.js';
import type { Archive } from '../archive.ts';
import { DEFAULT_FOLLOW_POSTS_PER_HOUR } from '../config.ts';
import type { Quote } from '../domain/answer.ts';
import type { FollowMatch, FollowSubject } from '../domain/follow.ts';
import { humanDay, humanRange } from '../entities/readableDates.ts';
import type { Announcement, BotState, Follow } from '../ops/botState.ts';
import type { ArrivedArticle } from '../ops/liveArchive.ts';
import { commandMention } from './commandMentions.ts';
import { describeFailure } from './failures.ts';
import { articleLink, formatQuote } from './format.ts';
import { LIMITS, clampMessage, escapeText, truncate, type MessageBody } from './limits.ts';
import type { BotLogger } from './logger.ts';

const FOLLOW_COLOR = 0x3f8f5f;
const HOUR_MS = 3_600_000;
/** Discord's "Unknown Channel": the followed channel is gone, and its follows with it. */
const UNKNOWN_CHANNEL = 10003;
/** How much of an announcement the quote may take (the rest: title, citation line, footer). */
const QUOTE_BUDGET = 1_200;

/** A new article that concerns a follow, with its content hash. */
export interface NewsItem extends FollowMatch {
  hash: string;
}

/** What a follow is told of a reload's matching articles: a message for each of `posts`, one summary line for `summarised`. */
export interface AnnouncementPlan {
  posts: NewsItem[];
  summarised: NewsItem[];
}

/**
 * The rules, in order: an article whose content the follow was already told of is not news (removed and added
 * again, or the same text under another name); of the rest, the newest get messages of their own while the
 * follow's hourly allowance lasts, posted oldest first so the newest ends up last in the channel; the others are
 * counted in one summary line.
 */
export function planAnnouncements(
  matches: readonly NewsItem[],
  told: ReadonlySet<string>,
  postsThisHour: number,
  postsPerHour: number,
): AnnouncementPlan {
  const seen = new Set(told);
  const fresh = matches.filter((match) => !seen.has(match.hash) && seen.add(match.hash));
  const newestFirst = [...fresh].sort((a, b) => b.quote.date.localeCompare(a.quote.date) || a.article.localeCompare(b.article));
  const room = Math.max(0, postsPerHour - postsThisHour);
  return { posts: newestFirst.slice(0, room).reverse(), summarised: newestFirst.slice(room) };
}

/** "Imran Khan" or "“floods in Karachi”", escaped: a follow's subject as its messages name it. */
export function subjectName(subject: FollowSubject): string {
  return subject.kind === 'person' ? escapeText(subject.name) : `“${escapeText(truncate(subject.topic, 100))}”`;
}

/**
 * One article for a follow: who or what is followed above, the article's title (its opening words when it has none),
 * the best quote (verbatim, escaped) and the date-first citation line.
 */
export function announcementMessage(subject: FollowSubject, item: FollowMatch): MessageBody {
  const { quote } = item;
  // An author line is shown as written (no markdown): nothing to escape.
  const following = subject.kind === 'person' ? `Following ${subject.name}` : `Following “${truncate(subject.topic, 100)}”`;
  const title = (quote.title ?? quote.label ?? quote.article).replace(/\s+/g, ' ').trim();
  // An article without a title is labelled by its opening words: above a quote of those words, they would be read twice.
  const repeated = !quote.title && quote.text.replace(/\s+/g, ' ').startsWith(title.replace(/…$/, ''));
  const embed: APIEmbed = {
    author: { name: truncate(following, LIMITS.embedAuthor) },
    ...(repeated ? {} : { title: escapeText(truncate(title, LIMITS.embedTitle - 20)) }),
    description: formatQuote(quote, QUOTE_BUDGET, { source: dateLine(quote) }),
    color: FOLLOW_COLOR,
    footer: { text: `New in the archive · /unfollow stops this` },
  };
  return clampMessage({ embeds: [embed] });
}

/** "— 1 Mar 2024 · Imran Khan · [read the article](…)": the title is the embed's, so the line under the quote need not repeat it. */
function dateLine(quote: Quote): string {
  const speaker = quote.speaker ? ` · ${escapeText(truncate(quote.speaker, 40))}` : '';
  const link = quote.url ? ` · ${articleLink({ article: quote.article, title: 'read the article', url: quote.url })}` : '';
  return `— ${humanDay(quote.date)}${speaker}${link}`;
}

/** The one line for a reload's articles past the hourly allowance: how many, their dates, and where to read them. */
export function summaryLine(subject: FollowSubject, summarised: readonly FollowMatch[], postsPerHour: number): MessageBody {
  const dates = summarised.map(({ quote }) => quote.date).sort();
  const count = summarised.length;
  const one = count === 1;
  const what =
    subject.kind === 'person'
      ? `${one ? 'names' : 'name'} **${subjectName(subject)}**`
      : `${one ? 'is' : 'are'} on ${subjectName(subject)}`;
  const more =
    subject.kind === 'person'
      ? `${commandMention('person')} \`name: ${inCode(subject.name)}\``
      : `${commandMention('ask')} \`question: ${inCode(subject.topic)}\``;
  return clampMessage({
    content:
      `…and ${count} more new article${one ? '' : 's'} ${what} (${humanRange({ from: dates[0], to: dates.at(-1)! })}); ` +
      `this channel gets ${postsPerHour} an hour — see ${more}.`,
    embeds: [],
  });
}

export interface AnnouncerOptions {
  client: Client;
  archive: Archive;
  state: BotState;
  logger: BotLogger;
  postsPerHour?: number;
  now?: () => number;
  /** Takes secrets (the bot token) out of logged errors. */
  redact: (text: string) => string;
}

/** Tells every follow of a server this client serves about a reload's new articles, one reload at a time. */
export class Announcer {
  private queue: Promise<void> = Promise.resolve();
  private readonly postsPerHour: number;

  constructor(private readonly options: AnnouncerOptions) {
    this.postsPerHour = options.postsPerHour ?? DEFAULT_FOLLOW_POSTS_PER_HOUR;
  }

  /** Resolves once this reload's announcements are sent (after those of the reloads before it); never rejects. */
  announce(arrived: readonly ArrivedArticle[]): Promise<void> {
    this.queue = this.queue.then(() => this.announceNow(arrived));
    return this.queue;
  }

  private async announceNow(arrived: readonly ArrivedArticle[]): Promise<void> {
    if (arrived.length === 0) return;
    const { client, state, logger } = this.options;
    const hashOf = new Map(arrived.map(({ article, hash }) => [article, hash]));
    // Each shard process tells the servers it serves.
    for (const follow of state.allFollows().filter(({ guildId }) => client.guilds.cache.has(guildId))) {
      try {
        await this.tell(follow, arrived, hashOf);
      } catch (error) {
        logger.error('Could not announce new articles to a follow', {
          event: 'follow-announce',
          outcome: 'failed',
          guild: follow.guildId,
          channel: follow.channelId,
          follow: follow.id,
          ...describeFailure(error, this.options.redact),
        });
      }
    }
  }

  private async tell(follow: Follow, arrived: readonly ArrivedArticle[], hashOf: ReadonlyMap<string, string>): Promise<void> {
    const { archive, state, logger } = this.options;
    const now = this.options.now?.() ?? Date.now();
    const told = state.announcedHashes(
      follow.id,
      arrived.map(({ hash }) => hash),
    );
    const unseen = arrived.filter(({ hash }) => !told.has(hash)).map(({ article }) => article);
    if (unseen.length === 0) return;
    const matches = (await archive.concerning(follow.subject, unseen)).map((match) => ({ ...match, hash: hashOf.get(match.article)! }));
    const plan = planAnnouncements(matches, told, state.announcementsSince(follow.id, new Date(now - HOUR_MS)), this.postsPerHour);
    for (const item of plan.posts) {
      if (!(await this.post(follow, announcementMessage(follow.subject, item)))) return;
      if (!state.recordAnnouncements(follow.id, [record(item, false)], new Date(now))) return;
    }
    if (plan.summarised.length > 0 && (await this.post(follow, summaryLine(follow.subject, plan.summarised, this.postsPerHour)))) {
      state.recordAnnouncements(
        follow.id,
        plan.summarised.map((item) => record(item, true)),
        new Date(now),
      );
    }
    logger.info('Announced new articles to a follow', {
      event: 'follow-announce',
      outcome: 'ok',
      guild: follow.guildId,
      follow: follow.id,
      posted: plan.posts.length,
      summarised: plan.summarised.length,
    });
  }

  /** Sends to the follow's channel with no mention parsed; false when the channel is gone (its follows are then removed). */
  private async post(follow: Follow, body: MessageBody): Promise<boolean> {
    try {
      await this.options.client.rest.post(Routes.channelMessages(follow.channelId), {
        body: { ...body, allowed_mentions: { parse: [] } },
      });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNKNOWN_CHANNEL) throw error;
      this.options.state.removeChannelFollows(follow.channelId);
      return false;
    }
  }
}

/** Text inside a code span: markdown is not read there, and a backtick would end it. */
function inCode(text: string): string {
  return truncate(text, 100).replace(/`/g, "'");
}

function record(item: NewsItem, summarised: boolean): Announcement {
  return { article: item.article, hash: item.hash, summarised };
}
