// PostgreSQL with pgvector for tests and the benchmark, without installing a server: PGlite (Postgres compiled to
// WebAssembly) served over the Postgres wire protocol, so the archive talks to it through `pg` as to any Postgres.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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
  const db = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections ?? 16 });
  let port = 0;
  server.addEventListener('listening', (event) => {
    port = (event as CustomEvent<{ port: number }>).detail.port;
  });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
