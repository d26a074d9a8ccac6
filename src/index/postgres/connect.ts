// Connections to the archive's Postgres: every wait bounded, every failure one line naming the database (never its password).
import pg from 'pg';
import type { PostgresTimeouts } from '../../config.ts';
import { ArchiveUnavailableError } from '../../domain/errors.ts';
import { IndexError } from '../errors.ts';

/** The client waits this much longer than the server's `statement_timeout`, so a live server cancels first and says so. */
const CLIENT_GRACE_MS = 1_000;

export interface PoolOptions {
  max?: number;
  /** A dropped idle connection is logged here. */
  log?: (line: string) => void;
  /** A build's statements may run longer (creating the HNSW index) than a question's. */
  purpose?: 'read' | 'build';
}

/**
 * A pool for `url` whose every wait is bounded by `timeouts`: connecting, each statement (on the server and, for a
 * peer that stops answering, on the client), an idle transaction. Its `query` and `connect` reject with one-line
 * errors (see `databaseFailure`); a dropped idle connection is logged, never fatal (the pool opens another).
 */
export function createPool(url: string, timeouts: PostgresTimeouts, options: PoolOptions = {}): pg.Pool {
  const statementMs = options.purpose === 'build' ? timeouts.buildStatementMs : timeouts.statementMs;
  const pool = new pg.Pool({
    connectionString: withLibpqSsl(url),
    max: options.max ?? 4,
    allowExitOnIdle: true,
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: true,
    statement_timeout: statementMs,
    query_timeout: statementMs + CLIENT_GRACE_MS,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    Client: ClientWithoutUndefinedPassword,
  });
  pool.on('error', (error) => options.log?.(`Postgres connection lost (${error.message}); reconnecting on the next question.`));
  const fail = (error: unknown) => databaseFailure(url, error, timeouts, statementMs);
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as (callback?: (error: Error | undefined, ...rest: unknown[]) => void) => Promise<pg.PoolClient>;
  pool.query = ((...args: unknown[]) =>
    query(...args).catch((error: unknown) => {
      throw fail(error);
    })) as typeof pool.query;
  // pg's own `query` connects through the callback form: both forms fail the same way.
  pool.connect = ((callback?: (error: Error | undefined, ...rest: unknown[]) => void) =>
    callback
      ? connect((error, ...rest) => callback(error && (fail(error) as Error), ...rest))
      : connect().catch((error: unknown) => {
          throw fail(error);
        })) as typeof pool.connect;
  return pool;
}

/**
 * `sslmode` as libpq reads it (`require`: encrypted, certificate not checked; `verify-full`: checked), which is what
 * an operator means by it; pg alone reads `require` as `verify-full` and warns about it on every start.
 */
function withLibpqSsl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('sslmode') || parsed.searchParams.has('uselibpqcompat')) return url;
  parsed.searchParams.set('uselibpqcompat', 'true');
  return parsed.toString();
}

/**
 * A client that answers a password request DATABASE_URL has no password for with an empty one (the server then says
 * whether it accepts the login): pg alone hashes `undefined`, and the process dies of an uncaught TypeError.
 */
class ClientWithoutUndefinedPassword extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const self = this as unknown as { password: unknown };
    if (self.password === null || self.password === undefined) self.password = () => '';
  }
}

/** Runs `work` against the database at `url`, turning its failures into one-line errors (see `databaseFailure`). */
export async function reaching<T>(
  url: string,
  timeouts: PostgresTimeouts,
  work: () => Promise<T>,
  purpose: PoolOptions['purpose'] = 'read',
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw databaseFailure(url, error, timeouts, purpose === 'build' ? timeouts.buildStatementMs : timeouts.statementMs);
  }
}

interface FailureRule {
  /** Server error codes (SQLSTATE) or Node socket codes. */
  codes?: string[];
  message?: RegExp;
  says: (error: Error, limits: { connectMs: number; statementMs: number; idleInTransactionMs: number }) => string;
}

/** What a failure of the database means to an operator, first match wins; anything else is a bug and passes through. */
const FAILURES: FailureRule[] = [
  {
    codes: ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT', '3D000', '57P03'],
    says: (error) => `cannot connect (${error.message}); check DATABASE_URL and that Postgres is running`,
  },
  {
    codes: ['28P01', '28000'],
    says: (error) => `refused the login (${error.message}); check the user and password in DATABASE_URL`,
  },
  {
    codes: ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    message: /SSL/,
    says: (error) => `cannot open an SSL connection (${error.message}); drop sslmode from DATABASE_URL or enable SSL on the server`,
  },
  {
    message: /timeout expired|connection timeout/i,
    says: (_, { connectMs }) => `did not answer within ${connectMs} ms of connecting (PG_CONNECT_TIMEOUT_MS); is it overloaded or stalled?`,
  },
  {
    codes: ['57014'],
    message: /Query read timeout/,
    says: (_, { statementMs }) =>
      `a statement took longer than ${statementMs} ms (the statement timeout); is the database overloaded or stalled?`,
  },
  {
    codes: ['25P03'],
    says: (_, { idleInTransactionMs }) =>
      `closed a transaction left idle over ${idleInTransactionMs} ms (PG_IDLE_IN_TRANSACTION_TIMEOUT_MS)`,
  },
  {
    codes: ['ECONNRESET', 'EPIPE', '57P01', '57P02', '08000', '08003', '08006'],
    message: /Connection terminated|not queryable|connection error/i,
    says: (error) => `the connection was lost (${error.message}); check that Postgres is running`,
  },
];

/**
 * `error` from the database at `url` as an operator should read it: ArchiveUnavailableError for an unreachable,
 * refusing, stalled or lost database, IndexError for a missing pgvector; other errors unchanged.
 */
export function databaseFailure(url: string, error: unknown, timeouts: PostgresTimeouts, statementMs = timeouts.statementMs): unknown {
  if (!(error instanceof Error) || error instanceof ArchiveUnavailableError || error instanceof IndexError) return error;
  const code = (error as { code?: string }).code;
  if (code === '0A000' || code === '58P01' || /extension "vector"/.test(error.message)) {
    return new IndexError(
      describeDatabase(url),
      `the pgvector extension is missing (${error.message}); install pgvector and run \`CREATE EXTENSION vector;\` as an admin`,
    );
  }
  const rule = FAILURES.find((candidate) => (code && candidate.codes?.includes(code)) || candidate.message?.test(error.message));
  if (!rule) return error;
  const line = rule.says(error, { connectMs: timeouts.connectMs, statementMs, idleInTransactionMs: timeouts.idleInTransactionMs });
  return new ArchiveUnavailableError(`Postgres ${describeDatabase(url)}: ${line.replace(/\s*\n\s*/g, ' ')}`);
}

/** The database as it may be shown: no password. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
