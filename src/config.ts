// Configuration from the environment (and `.env`), parsed and validated once.
import 'dotenv/config';
import { z } from 'zod';
import { SetupError } from './domain/errors.ts';

/** A missing or malformed setting; the message names the variable and what it should look like. */
export class ConfigError extends SetupError {
  override name = 'ConfigError';
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** The model shipped in the repository under `models/` (see models/SOURCES.md). */
export const DEFAULT_MODEL_DIR = 'models';
export const DEFAULT_EMBEDDING_MODEL = 'minishlab/potion-base-2M';

const engineSchema = z.object({
  CORPUS: z.string().min(1).default('seeds'),
  INDEX_DIR: z.string().min(1).default('data/index'),
  MODEL_DIR: z.string().min(1).default(DEFAULT_MODEL_DIR),
  EMBEDDING_MODEL: z.string().min(1).default(DEFAULT_EMBEDDING_MODEL),
  ALLOW_REMOTE_MODELS: flag(false),
  MODEL_QUANTIZED: flag(true),
  HNSW_M: positiveInt(16),
  HNSW_EF_CONSTRUCTION: positiveInt(200),
  HNSW_EF_SEARCH: positiveInt(256),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a Postgres connection URL: postgres://user:password@host:5432/database')
      .optional(),
  ),
  PG_CONNECT_TIMEOUT_MS: positiveInt(10_000),
  PG_STATEMENT_TIMEOUT_MS: positiveInt(30_000),
  PG_BUILD_STATEMENT_TIMEOUT_MS: positiveInt(3_600_000),
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: positiveInt(60_000),
});

export interface HnswParams {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export interface EngineConfig {
  /** Folder of `.txt` articles or a `.jsonl` file. */
  corpus: string;
  indexDir: string;
  modelDir: string;
  embeddingModel: string;
  allowRemoteModels: boolean;
  quantized: boolean;
  hnsw: HnswParams;
  /** The archive in PostgreSQL + pgvector, shared by every bot process; the embedded index in `indexDir` when absent. */
  databaseUrl?: string;
  /** How long Postgres may take before the archive gives up on it (see PostgresTimeouts). */
  postgres: PostgresTimeouts;
}

/** Every wait on Postgres is bounded: a stalled or unreachable database is an error after these, never a hang. */
export interface PostgresTimeouts {
  /** Opening a connection, including authentication. */
  connectMs: number;
  /** One statement of a question or lookup (server-side `statement_timeout`, and the same wait on the client). */
  statementMs: number;
  /** One statement of a build (creating the HNSW index of a large archive is its longest). */
  buildStatementMs: number;
  /** A transaction left open with nothing running (server-side `idle_in_transaction_session_timeout`). */
  idleInTransactionMs: number;
}

export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const parsed = parse(engineSchema, env);
  return {
    corpus: parsed.CORPUS,
    indexDir: parsed.INDEX_DIR,
    modelDir: parsed.MODEL_DIR,
    embeddingModel: parsed.EMBEDDING_MODEL,
    allowRemoteModels: parsed.ALLOW_REMOTE_MODELS,
    quantized: parsed.MODEL_QUANTIZED,
    hnsw: { m: parsed.HNSW_M, efConstruction: parsed.HNSW_EF_CONSTRUCTION, efSearch: parsed.HNSW_EF_SEARCH },
    ...(parsed.DATABASE_URL ? { databaseUrl: parsed.DATABASE_URL } : {}),
    postgres: {
      connectMs: parsed.PG_CONNECT_TIMEOUT_MS,
      statementMs: parsed.PG_STATEMENT_TIMEOUT_MS,
      buildStatementMs: parsed.PG_BUILD_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: parsed.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  };
}

/** Where the bot keeps its own state (answers shown, feedback, server settings): one SQLite file. */
export const DEFAULT_BOT_STATE_PATH = 'data/bot-state.sqlite';
const statePath = z.string().trim().min(1).default(DEFAULT_BOT_STATE_PATH);

const snowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id: 17 to 20 digits');

/**
 * A followed person in the news can be named in dozens of articles an hour: five messages of their own keep a channel
 * readable, and the rest are counted in one summary line.
 */
export const DEFAULT_FOLLOW_POSTS_PER_HOUR = 5;

const botSchema = z.object({
  DISCORD_TOKEN: z.string({ required_error: 'required: your bot token from the Discord developer portal' }).min(1),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: optionalText.pipe(snowflake.optional()),
  ANSWER_CHANNEL_IDS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(snowflake)),
  ANSWER_IN_THREADS: flag(false),
  RATE_LIMIT_PER_MINUTE: positiveInt(6),
  FOLLOW_POSTS_PER_HOUR: positiveInt(DEFAULT_FOLLOW_POSTS_PER_HOUR),
  HEALTH_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'a TCP port number, e.g. 9464')
      .transform(Number)
      .refine((port) => port >= 1 && port <= 65_535, 'a TCP port number from 1 to 65535')
      .optional(),
  ),
  HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  BOT_STATE_PATH: statePath,
  RELOAD_WATCH: flag(true),
  RELOAD_DEBOUNCE_MS: positiveInt(2_000),
  SHARDS: optionalText.pipe(
    z
      .string()
      .regex(/^(auto|[1-9]\d*)$/, 'a number of shards (e.g. 2) or auto (Discord recommends one per 1,000 servers)')
      .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value)))
      .optional(),
  ),
});

export interface BotConfig {
  token: string;
  applicationId: string;
  /** Register commands to this guild only (instant, for development); global when absent. */
  guildId?: string;
  /** Channels where plain questions are answered without a mention (a server's /config overrides it there). */
  answerChannelIds: string[];
  /** The default for servers that did not choose with /config. */
  answerInThreads: boolean;
  /** The bot's SQLite file (feedback, server settings); none when absent (tests), and then those features are off. */
  statePath?: string;
  rateLimitPerMinute: number;
  /** Messages of its own each /follow gets per hour; a reload's further articles for it are summarised in one line (default 5). */
  followPostsPerHour?: number;
  /** Serve GET /healthz and /metrics on this port; off when absent. */
  healthPort?: number;
  /** The address that port listens on; default 127.0.0.1 (local only). */
  healthHost?: string;
  /** Reload the index when the corpus changes, this long after the last change; off when absent. */
  watchDebounceMs?: number;
  /** Run one process per shard (a count, or Discord's recommendation); one process for every server when absent. */
  shards?: number | 'auto';
}

/** No bot token: the bot can't start, but the CLI still works. */
export class MissingTokenError extends ConfigError {
  override name = 'MissingTokenError';
}

export function loadBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  if (!env.DISCORD_TOKEN?.trim()) {
    throw new MissingTokenError(
      'DISCORD_TOKEN is not set: put your bot token (Discord developer portal → your application → Bot → Reset Token) in .env ' +
        '(see .env.example); without Discord, `npm run ask -- "your question"` answers from the same archive.',
    );
  }
  // A shard process (spawned by the ShardingManager, which sets SHARDS to the shard's id) is one shard, and
  // leaves the health port to the manager.
  const shardProcess = Boolean(env.SHARDING_MANAGER);
  const parsed = parse(botSchema, shardProcess ? { ...env, SHARDS: undefined, HEALTH_PORT: undefined } : env);
  return {
    token: parsed.DISCORD_TOKEN,
    applicationId: parsed.DISCORD_APPLICATION_ID,
    guildId: parsed.DISCORD_GUILD_ID,
    answerChannelIds: parsed.ANSWER_CHANNEL_IDS,
    answerInThreads: parsed.ANSWER_IN_THREADS,
    rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE,
    followPostsPerHour: parsed.FOLLOW_POSTS_PER_HOUR,
    healthPort: parsed.HEALTH_PORT,
    healthHost: parsed.HEALTH_HOST,
    statePath: parsed.BOT_STATE_PATH,
    watchDebounceMs: parsed.RELOAD_WATCH ? parsed.RELOAD_DEBOUNCE_MS : undefined,
    ...(parsed.SHARDS !== undefined ? { shards: parsed.SHARDS } : {}),
  };
}

/** Just the state file's path, for `npm run feedback` (which needs no token). */
export function loadBotStatePath(env: NodeJS.ProcessEnv = process.env): string {
  return parse(z.object({ BOT_STATE_PATH: statePath }), env).BOT_STATE_PATH;
}

function parse<T extends z.ZodTypeAny>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration (see .env.example):\n  ${problems.join('\n  ')}`);
}
