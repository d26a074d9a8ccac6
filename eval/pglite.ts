// PostgreSQL with pgvector for tests and the benchmark, without installing a server: PGlite (Postgres compiled to
// WebAssembly) served over the Postgres wire protocol, so the archive talks to it through `pg` as to any Postgres.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';

export interface PgliteServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** The server process (its memory is the database's). */
  pid: number;
  stop(): Promise<void>;
}

export interface PgliteOptions {
  /** Keep the data in this folder (default: in memory). */
  dataDir?: string;
  /** Clients served at once (PGlite runs their queries one at a time). */
  maxConnections?: number;
}

/**
 * Starts PGlite + pgvector on a free loopback port in a child process, as a database server runs apart from its
 * clients: PGlite executes queries synchronously, and in the caller's process it would stall the caller's event loop.
 */
export async function startPglite(options: PgliteOptions = {}): Promise<PgliteServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'pglite-server.ts'), options.dataDir ?? '', String(options.maxConnections ?? 16)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('postgres://')) continue;
    return {
      url: line.trim(),
      pid: child.pid!,
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
      },
    };
  }
  throw new Error(`the PGlite server exited (code ${child.exitCode}) before listening`);
}

/** PGlite served in this process until `stop` (the server process's body; see eval/pglite-server.ts). */
export async function servePglite(options: PgliteOptions = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { vector, fuzzystrmatch } });
  const session = new SharedSession(db);
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    session.serve(socket, ++connections);
  });
  server.maxConnections = options.maxConnections ?? 16;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `postgres://postgres@127.0.0.1:${(server.address() as AddressInfo).port}/postgres`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
    },
  };
}

/**
 * PGlite's one session served to many connections, each as if it had a backend of its own: a connection holds the
 * session from its first message until PGlite is ready for a query outside a transaction again (ReadyForQuery with
 * status I), so no other connection's message lands inside its exchange (Parse, Bind, Execute … Sync) or its
 * transaction. pglite-socket 0.0.22 (which this replaces) ran messages one by one in arrival order and could not see
 * transactions through the raw protocol: two connections' queries with parameters interleaved (one's Bind met the
 * other's Parse) and answered each other, or not at all; two build workers hung on their first claim.
 */
class SharedSession {
  private owner: number | undefined;
  private readonly waiting: { connection: number; wake: () => void }[] = [];

  constructor(private readonly db: PGlite) {}

  /** Reads `socket`'s messages, runs them in order as `connection`, writes back what PGlite answers. */
  serve(socket: Socket, connection: number): void {
    let pending = Buffer.alloc(0);
    let started = false;
    let queue = Promise.resolve();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        // The startup packet has no type byte; every later message is a type byte, then a length that counts itself.
        const length = started
          ? pending.length >= 5
            ? 1 + pending.readInt32BE(1)
            : Infinity
          : pending.length >= 4
            ? pending.readInt32BE(0)
            : Infinity;
        if (pending.length < length) break;
        const message = new Uint8Array(pending.subarray(0, length));
        pending = pending.subarray(length);
        started = true;
        queue = queue.then(async () => {
          if (socket.destroyed) return;
          const answer = await this.run(connection, message);
          if (answer.length > 0 && !socket.destroyed) socket.write(answer);
        });
      }
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      queue = queue.then(() => this.leave(connection));
    });
  }

  private async run(connection: number, message: Uint8Array): Promise<Uint8Array> {
    if (this.owner !== undefined && this.owner !== connection) await new Promise<void>((wake) => this.waiting.push({ connection, wake }));
    this.owner = connection;
    const answer = await this.db.execProtocolRaw(message);
    if (readyOutsideTransaction(answer)) this.handOver();
    return answer;
  }

  /** A connection closed: a transaction it left open is rolled back, and the session goes to the next. */
  private async leave(connection: number): Promise<void> {
    if (this.owner !== connection) return;
    await this.db.exec('ROLLBACK').catch(() => {});
    this.handOver();
  }

  private handOver(): void {
    const next = this.waiting.shift();
    this.owner = next?.connection;
    next?.wake();
  }
}

/** Whether `answer` ends with ReadyForQuery, status idle ('Z', length 5, 'I'). */
function readyOutsideTransaction(answer: Uint8Array): boolean {
  const at = answer.length - 6;
  return at >= 0 && answer[at] === 0x5a && answer[at + 5] === 0x49;
}
