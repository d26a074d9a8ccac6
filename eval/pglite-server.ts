// A PGlite + pgvector server process: `pglite-server.ts [dataDir] [maxConnections]` prints its URL, serves until SIGTERM.
import { servePglite } from './pglite.ts';

const [dataDir, maxConnections] = process.argv.slice(2);
const server = await servePglite({ ...(dataDir ? { dataDir } : {}), maxConnections: Number(maxConnections) || 16 });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
