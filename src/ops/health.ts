// The operator's HTTP port: GET /healthz (is the bot serving, from which index) and GET /metrics (Prometheus text).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotMetrics } from './metrics.ts';

export interface IndexStatus {
  /** Names the index content: the same articles give the same id. */
  buildId: string;
  builtAt: string;
  articles: number;
}

export interface Health {
  gatewayConnected: boolean;
  /** Absent until the archive is open. */
  index?: IndexStatus;
  /** A reload in progress, and the last one's failure if it failed (the old index is still served). */
  reload?: { running: boolean; lastError?: string };
  /** When sharded (SHARDS): each shard process's state, as the manager sees it. */
  shards?: { id: number; ready: boolean; index?: IndexStatus }[];
}

export interface OpsServerOptions {
  port: number;
  /** Default 127.0.0.1: the port is for a local agent or reverse proxy, not the internet. */
  host?: string;
  health: () => Health;
  metrics: BotMetrics;
}

export interface OpsServer {
  /** The port listened on (the one asked for, or the one given for port 0). */
  port: number;
  close(): Promise<void>;
}

/** Ready = connected to Discord's gateway and answering from an index; anything else is a 503. */
export function isReady(health: Health): boolean {
  return health.gatewayConnected && health.index !== undefined;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const health = options.health();
      const ready = isReady(health);
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: ready ? 'ok' : 'not ready', ...health }));
      return;
    }
    if (path === '/metrics') {
      options.metrics.text().then(
        (text) => response.writeHead(200, { 'content-type': options.metrics.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`),
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
