// PostgreSQL with pgvector for tests and the benchmark, without installing a server: PGlite (Postgres compiled to
// WebAssembly) served over the Postgres wire protocol, so the archive talks to it through `pg` as to any Postgres.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgliteServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (in memory, or persisted in `dataDir`) with the vector extension on a free loopback port.
 * `maxConnections` bounds the clients served at once (PGlite runs their queries one at a time).
 */
export async function startPglite(options: { dataDir?: string; maxConnections?: number } = {}): Promise<PgliteServer> {
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
