// The bot's own durable state in one SQLite file (libsql): the answers it showed, readers' votes on them, per-server settings.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { SetupError } from '../domain/errors.ts';
import type { FollowSubject } from '../domain/follow.ts';
import { makeFolders } from '../index/fsGuards.ts';

/** Marks a SQLite file as this bot's (`PRAGMA application_id`), so a file of someone else's is never written to. */
const APPLICATION_ID = 0x51414231; // "QAB1"
const SQLITE_HEADER = 'SQLite format 3\u0000';
/**
 * Answers nobody voted on are forgotten after this long (a busy bot shows thousands a day, each up to 12 quotes);
 * their buttons then say the answer is too old to rate.
 */
const UNRATED_ANSWER_DAYS = 7;

/** Each entry moves the schema from version `index` to `index + 1` (`PRAGMA user_version`). */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE answers (
     id TEXT PRIMARY KEY,
     asked_at TEXT NOT NULL,
     guild_id TEXT,
     channel_id TEXT,
     question TEXT NOT NULL,
     answered INTEGER NOT NULL,
     quotes TEXT NOT NULL,
     build_id TEXT NOT NULL
   );
   CREATE INDEX answers_asked_at ON answers (asked_at);
   CREATE TABLE feedback (
     answer_id TEXT NOT NULL REFERENCES answers (id),
     user_hash TEXT NOT NULL,
     vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
     comment TEXT,
     voted_at TEXT NOT NULL,
     PRIMARY KEY (answer_id, user_hash)
   );
   CREATE INDEX feedback_voted_at ON feedback (voted_at);
   CREATE TABLE guild_settings (
     guild_id TEXT PRIMARY KEY,
     answer_channel_ids TEXT,
     answer_in_threads INTEGER,
     updated_at TEXT NOT NULL
   );`,
  `CREATE TABLE follows (
     id INTEGER PRIMARY KEY,
     guild_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('person', 'topic')),
     subject TEXT NOT NULL,
     subject_key TEXT NOT NULL,
     created_at TEXT NOT NULL,
     UNIQUE (channel_id, kind, subject_key)
   );
   CREATE INDEX follows_guild ON follows (guild_id);
   CREATE TABLE follow_announcements (
     follow_id INTEGER NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
     content_hash TEXT NOT NULL,
     article_id TEXT NOT NULL,
     summarised INTEGER NOT NULL,
     announced_at TEXT NOT NULL,
     PRIMARY KEY (follow_id, content_hash)
   );
   CREATE INDEX follow_announcements_at ON follow_announcements (follow_id, announced_at);`,
];

/** Follows a server may keep in all its channels: each is checked against every reload's new articles. */
export const MAX_FOLLOWS_PER_GUILD = 50;

/** The state file can't be used: not ours, unreadable or corrupt. One line saying which file and what to do. */
export class BotStateError extends SetupError {
  override name = 'BotStateError';
}

/** A quote as the reader saw it under an answer. */
export interface ShownQuote {
  article: string;
  date: string;
  label?: string;
  text: string;
  highlight: string;
  nearMiss?: boolean;
}

export interface ShownAnswer {
  askedAt: Date;
  guildId: string | null;
  channelId: string | null;
  question: string;
  answered: boolean;
  quotes: ShownQuote[];
  /** The index build that answered. */
  buildId: string;
}

export type Vote = 'up' | 'down';

export interface FeedbackEntry {
  votedAt: string;
  askedAt: string;
  guildId: string | null;
  channelId: string | null;
  /** sha256 of the voter's id and this database's salt: one person's votes group together, nobody is named. */
  userHash: string;
  question: string;
  answered: boolean;
  quotes: ShownQuote[];
  buildId: string;
  vote: Vote;
  comment: string | null;
}

/** A server's own choices; what is absent falls back to the environment's defaults. */
export interface GuildSettings {
  answerChannelIds?: string[];
  answerInThreads?: boolean;
}

/** A channel's follow of a person or a topic (see /follow). */
export interface Follow {
  id: number;
  guildId: string;
  channelId: string;
  subject: FollowSubject;
  createdAt: string;
  /** Articles announced to it so far (each in a message of its own or counted in a summary line). */
  announced: number;
}

export type FollowOutcome = { kind: 'added' | 'exists'; follow: Follow } | { kind: 'full'; limit: number };

/** An article told to a follow: in a message of its own, or only counted in a summary line. */
export interface Announcement {
  article: string;
  hash: string;
  summarised: boolean;
}

type Row = Record<string, unknown>;

export class BotState {
  private readonly salt: string;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    this.salt = this.guard(() => {
      const stored = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('salt') as Row | undefined;
      if (stored) return String(stored.value);
      const salt = randomBytes(32).toString('hex');
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('salt', salt);
      return salt;
    });
  }

  /**
   * Opens the state file at `path`, creating it (and its folder) when missing unless `create` is false. A file
   * this bot did not create is refused, never written to; a corrupt one is refused with the same one-line error.
   */
  static open(path: string, options: { create?: boolean } = {}): BotState {
    const exists = existsSync(path);
    if (!exists && options.create === false) {
      throw new BotStateError(`${path} does not exist: the bot creates it when it starts (set BOT_STATE_PATH to where it keeps it).`);
    }
    if (exists) refuseForeign(path);
    else prepareNew(path);
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      const opened = db;
      opened.pragma('busy_timeout = 5000');
      const check = scalar(opened, 'PRAGMA quick_check');
      if (check !== 'ok') throw new Error(`database disk image is malformed (${String(check)})`);
      if (exists && scalar(opened, 'PRAGMA application_id') !== APPLICATION_ID) {
        throw new BotStateError(
          `${path} is a SQLite database of another program; set BOT_STATE_PATH to a new file (it is left untouched).`,
        );
      }
      opened.pragma('journal_mode = WAL');
      // WAL with NORMAL sync cannot corrupt; a power cut loses at most the last few votes, and no answer waits on an fsync.
      opened.pragma('synchronous = NORMAL');
      opened.pragma('foreign_keys = ON');
      migrate(opened, path);
      return new BotState(opened, path);
    } catch (error) {
      db?.close();
      if (error instanceof BotStateError) throw error;
      throw new BotStateError(
        `Bot state ${path} is unreadable (${messageOf(error)}); move it aside to start a new one (feedback and server settings are off until then).`,
      );
    }
  }

  /** Keeps what a reader was shown, under a short random id for the buttons' custom ids. */
  remember(answer: ShownAnswer): string {
    const id = randomBytes(8).toString('base64url');
    this.guard(() => {
      const cutoff = new Date(answer.askedAt.getTime() - UNRATED_ANSWER_DAYS * 86_400_000).toISOString();
      this.db.transaction(() => {
        this.db
          .prepare('DELETE FROM answers WHERE asked_at < ? AND NOT EXISTS (SELECT 1 FROM feedback WHERE answer_id = answers.id)')
          .run(cutoff);
        this.db
          .prepare(
            'INSERT INTO answers (id, asked_at, guild_id, channel_id, question, answered, quotes, build_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            id,
            answer.askedAt.toISOString(),
            answer.guildId,
            answer.channelId,
            answer.question,
            answer.answered ? 1 : 0,
            JSON.stringify(answer.quotes),
            answer.buildId,
          );
      })();
    });
    return id;
  }

  /**
   * Records `userId`'s vote on an answer, replacing an earlier one of theirs; `comment` (👎's "what was wrong")
   * replaces theirs when given. False when the answer is unknown (forgotten, or from another database).
   */
  vote(answerId: string, userId: string, vote: Vote, comment?: string, at: Date = new Date()): boolean {
    return this.guard(() => {
      if (!this.db.prepare('SELECT id FROM answers WHERE id = ?').get(answerId)) return false;
      this.db
        .prepare(
          `INSERT INTO feedback (answer_id, user_hash, vote, comment, voted_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (answer_id, user_hash) DO UPDATE SET
             comment = CASE WHEN excluded.comment IS NOT NULL THEN excluded.comment
                            WHEN excluded.vote = feedback.vote THEN feedback.comment END,
             vote = excluded.vote,
             voted_at = excluded.voted_at`,
        )
        .run(answerId, this.userHash(userId), vote, comment?.trim() ? comment.trim() : null, at.toISOString());
      return true;
    });
  }

  /** Every vote with the answer it was on, newest first. */
  feedback(): FeedbackEntry[] {
    return this.guard(() =>
      (
        this.db
          .prepare(
            `SELECT f.voted_at, a.asked_at, a.guild_id, a.channel_id, f.user_hash, a.question, a.answered, a.quotes, a.build_id, f.vote, f.comment
             FROM feedback f JOIN answers a ON a.id = f.answer_id ORDER BY f.voted_at DESC, a.id`,
          )
          .all() as Row[]
      ).map((row) => ({
        votedAt: String(row.voted_at),
        askedAt: String(row.asked_at),
        guildId: row.guild_id === null ? null : String(row.guild_id),
        channelId: row.channel_id === null ? null : String(row.channel_id),
        userHash: String(row.user_hash),
        question: String(row.question),
        answered: row.answered === 1,
        quotes: JSON.parse(String(row.quotes)) as ShownQuote[],
        buildId: String(row.build_id),
        vote: row.vote === 'up' ? 'up' : 'down',
        comment: row.comment === null ? null : String(row.comment),
      })),
    );
  }

  guildSettings(guildId: string): GuildSettings {
    return this.guard(() => {
      const row = this.db.prepare('SELECT answer_channel_ids, answer_in_threads FROM guild_settings WHERE guild_id = ?').get(guildId) as
        Row | undefined;
      if (!row) return {};
      return {
        ...(row.answer_channel_ids !== null ? { answerChannelIds: JSON.parse(String(row.answer_channel_ids)) as string[] } : {}),
        ...(row.answer_in_threads !== null ? { answerInThreads: row.answer_in_threads === 1 } : {}),
      };
    });
  }

  /** Whether any server has answer channels of its own (the bot then needs message content). */
  anyAnswerChannels(): boolean {
    return this.guard(() =>
      Boolean(this.db.prepare(`SELECT guild_id FROM guild_settings WHERE answer_channel_ids NOT IN ('[]') LIMIT 1`).get()),
    );
  }

  /** Sets what `change` names and keeps the rest; returns the server's settings after the change. */
  updateGuildSettings(guildId: string, change: GuildSettings): GuildSettings {
    const next = { ...this.guildSettings(guildId), ...change };
    this.guard(() =>
      this.db
        .prepare(
          `INSERT INTO guild_settings (guild_id, answer_channel_ids, answer_in_threads, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (guild_id) DO UPDATE SET answer_channel_ids = excluded.answer_channel_ids,
             answer_in_threads = excluded.answer_in_threads, updated_at = excluded.updated_at`,
        )
        .run(
          guildId,
          next.answerChannelIds ? JSON.stringify(next.answerChannelIds) : null,
          next.answerInThreads === undefined ? null : next.answerInThreads ? 1 : 0,
          new Date().toISOString(),
        ),
    );
    return next;
  }

  /** Follows `subject` in the channel, unless it already does or the server has MAX_FOLLOWS_PER_GUILD. */
  addFollow(guildId: string, channelId: string, subject: FollowSubject, at: Date = new Date()): FollowOutcome {
    return this.guard(() =>
      this.db.transaction((): FollowOutcome => {
        const existing = this.followWhere('f.channel_id = ? AND f.kind = ? AND f.subject_key = ?', [
          channelId,
          subject.kind,
          subjectKey(subject),
        ])[0];
        if (existing) return { kind: 'exists', follow: existing };
        const count = Number(scalarOf(this.db.prepare('SELECT COUNT(*) AS n FROM follows WHERE guild_id = ?').get(guildId) as Row));
        if (count >= MAX_FOLLOWS_PER_GUILD) return { kind: 'full', limit: MAX_FOLLOWS_PER_GUILD };
        const { lastInsertRowid } = this.db
          .prepare('INSERT INTO follows (guild_id, channel_id, kind, subject, subject_key, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(guildId, channelId, subject.kind, subjectText(subject), subjectKey(subject), at.toISOString());
        return { kind: 'added', follow: this.followWhere('f.id = ?', [Number(lastInsertRowid)])[0] };
      })(),
    );
  }

  /** The server's follows (all its channels), oldest first. */
  follows(guildId: string): Follow[] {
    return this.guard(() => this.followWhere('f.guild_id = ?', [guildId]));
  }

  /** Every server's follows, oldest first: what a reload's new articles are checked against. */
  allFollows(): Follow[] {
    return this.guard(() => this.followWhere('1 = 1', []));
  }

  /** Stops a follow of this server; false when it has none by that id. */
  removeFollow(guildId: string, followId: number): boolean {
    return this.guard(() => this.db.prepare('DELETE FROM follows WHERE id = ? AND guild_id = ?').run(followId, guildId).changes > 0);
  }

  /** Removes the follows of a deleted channel (their announcements with them); how many there were. */
  removeChannelFollows(channelId: string): number {
    return this.guard(() => this.db.prepare('DELETE FROM follows WHERE channel_id = ?').run(channelId).changes);
  }

  /** Of these content hashes, the ones already told to the follow (an article removed and added again is not news). */
  announcedHashes(followId: number, hashes: readonly string[]): Set<string> {
    return this.guard(() => {
      const told = new Set<string>();
      const statement = this.db.prepare('SELECT 1 FROM follow_announcements WHERE follow_id = ? AND content_hash = ?');
      for (const hash of hashes) if (statement.get(followId, hash)) told.add(hash);
      return told;
    });
  }

  /** Messages of its own the follow was sent since `since` (summary lines not counted): its hourly allowance spent. */
  announcementsSince(followId: number, since: Date): number {
    return this.guard(() =>
      Number(
        scalarOf(
          this.db
            .prepare('SELECT COUNT(*) AS n FROM follow_announcements WHERE follow_id = ? AND summarised = 0 AND announced_at >= ?')
            .get(followId, since.toISOString()) as Row,
        ),
      ),
    );
  }

  /** Records what was told to the follow; an article already recorded keeps its first record. False when the follow is gone. */
  recordAnnouncements(followId: number, told: readonly Announcement[], at: Date = new Date()): boolean {
    return this.guard(() =>
      this.db.transaction(() => {
        if (!this.db.prepare('SELECT id FROM follows WHERE id = ?').get(followId)) return false;
        const insert = this.db.prepare(
          `INSERT INTO follow_announcements (follow_id, content_hash, article_id, summarised, announced_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (follow_id, content_hash) DO NOTHING`,
        );
        for (const { article, hash, summarised } of told) insert.run(followId, hash, article, summarised ? 1 : 0, at.toISOString());
        return true;
      })(),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private followWhere(condition: string, values: unknown[]): Follow[] {
    return (
      this.db
        .prepare(
          `SELECT f.id, f.guild_id, f.channel_id, f.kind, f.subject, f.created_at,
             (SELECT COUNT(*) FROM follow_announcements a WHERE a.follow_id = f.id) AS announced
           FROM follows f WHERE ${condition} ORDER BY f.id`,
        )
        .all(...values) as Row[]
    ).map((row) => ({
      id: Number(row.id),
      guildId: String(row.guild_id),
      channelId: String(row.channel_id),
      subject: row.kind === 'person' ? { kind: 'person', name: String(row.subject) } : { kind: 'topic', topic: String(row.subject) },
      createdAt: String(row.created_at),
      announced: Number(row.announced),
    }));
  }

  private userHash(userId: string): string {
    return createHash('sha256').update(`${this.salt}:${userId}`).digest('hex');
  }

  /** A database failure after opening (disk full, file damaged meanwhile) as one line naming the file. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof BotStateError) throw error;
      throw new BotStateError(`Bot state ${this.path} failed: ${messageOf(error)}.`);
    }
  }
}

function subjectText(subject: FollowSubject): string {
  return subject.kind === 'person' ? subject.name : subject.topic;
}

/** One follow per channel per person or topic, however it is capitalised or spaced. */
function subjectKey(subject: FollowSubject): string {
  return subjectText(subject).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Files SQLite keeps beside a database (and deletes or replays when it opens one): a user's files by these names stay theirs. */
const SIDE_FILES = ['-wal', '-journal', '-shm'];

/** Makes the folder of a new state file, refusing to start one where a file by a SQLite side-file name already lies. */
function prepareNew(path: string): void {
  const side = SIDE_FILES.map((suffix) => `${path}${suffix}`).find((file) => lstatOrUndefined(file));
  if (side) {
    throw new BotStateError(
      `Bot state ${path} does not exist but ${side} does (SQLite would take it as its own and delete it); move it away or set BOT_STATE_PATH to another file.`,
    );
  }
  try {
    makeFolders(dirname(path));
  } catch (error) {
    throw new BotStateError(
      `Bot state ${path} can't be created (${messageOf(error)}); set BOT_STATE_PATH to a file in a folder the bot may write (feedback and server settings are off until then).`,
    );
  }
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** An existing file is used only when it starts like a SQLite database; its application id is checked once open. */
function refuseForeign(path: string): void {
  let header: string;
  try {
    if (!statSync(path).isFile()) throw new BotStateError(`${path} is not a file; set BOT_STATE_PATH to a file path.`);
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(SQLITE_HEADER.length);
      header = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('latin1');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof BotStateError) throw error;
    throw new BotStateError(`Bot state ${path} can't be read (${messageOf(error)}).`);
  }
  if (header !== SQLITE_HEADER) {
    throw new BotStateError(
      `${path} exists and is not this bot's state database; set BOT_STATE_PATH to a new file (it is left untouched).`,
    );
  }
}

function migrate(db: Database.Database, path: string): void {
  const version = Number(scalar(db, 'PRAGMA user_version'));
  if (version > MIGRATIONS.length) {
    throw new BotStateError(`${path} was written by a newer version of the bot (schema ${version}); update the bot to read it.`);
  }
  db.transaction(() => {
    for (let step = version; step < MIGRATIONS.length; step++) db.exec(MIGRATIONS[step]);
    if (version === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}

/** The first column of a one-row statement (libsql adds a `_metadata` property to rows; this reads past it). */
function scalar(db: Database.Database, sql: string): unknown {
  return scalarOf(db.prepare(sql).get() as Row | undefined);
}

function scalarOf(row: Row | undefined): unknown {
  if (!row) return undefined;
  const [column] = Object.keys(row).filter((key) => key !== '_metadata');
  return row[column];
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
