// Misbehaving database peers on loopback, for testing that nothing waits on Postgres forever.
import { createServer, type Server, type Socket } from 'node:net';

export interface Peer {
  /** `postgres://…@127.0.0.1:<port>/postgres` (the path and user of the `target` URL for a proxy). */
  url: string;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function stopper(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/** Accepts connections and never says a byte: a database that hangs. */
export async function silentPeer(): Promise<Peer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  const port = await listen(server);
  return { url: `postgres://reader:secret@127.0.0.1:${port}/archive`, stop: stopper(server, sockets) };
}

/** Answers an SSLRequest with "N", as a Postgres without SSL does, then hangs. */
export async function peerWithoutSsl(): Promise<Peer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('data', () => socket.write('N'));
  });
  const port = await listen(server);
  return { url: `postgres://reader:secret@127.0.0.1:${port}/archive?sslmode=require`, stop: stopper(server, sockets) };
}

export interface StallingProxy extends Peer {
  /** From now on, hold every byte either way: the database looks alive (the connection is open) but never answers. */
  stall(): void;
}

/** Forwards to the database at `target` until `stall()`. */
export async function stallingProxy(target: string): Promise<StallingProxy> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  let stalled = false;
  const server = createServer((client) => {
    const upstream = new (client.constructor as typeof Socket)();
    sockets.add(client).add(upstream);
    for (const socket of [client, upstream]) socket.on('error', () => {});
    upstream.connect(Number(to.port), to.hostname);
    client.on('data', (chunk) => stalled || upstream.write(chunk));
    upstream.on('data', (chunk) => stalled || client.write(chunk));
    client.on('close', () => stalled || upstream.destroy());
    upstream.on('close', () => stalled || client.destroy());
  });
  const port = await listen(server);
  const url = new URL(target);
  url.port = String(port);
  return {
    url: url.toString(),
    stall: () => {
      stalled = true;
    },
    stop: stopper(server, sockets),
  };
}
