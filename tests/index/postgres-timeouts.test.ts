// Nothing waits on Postgres forever (issue 23): a database that hangs, drops the connection, dies mid-question or
// refuses SSL or a login is one line in the CLI (exit 1) and a clear reply in the bot, within the configured timeouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPglite, type PgliteServer } from '../../eval/pglite.ts';
import type { Archive } from '../../src/archive.ts';
import { replies } from '../../src/bot/replies.ts';
import { loadEngineConfig, type EngineConfig } from '../../src/config.ts';
import { ArchiveUnavailableError } from '../../src/domain/errors.ts';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { buildPostgresArchive, openArchive } from '../../src/openArchive.ts';
import { startHarness } from '../bot/harness.ts';
import { runTsx } from '../support/runScript.ts';
import { peerWithoutSsl, silentPeer, stallingProxy, type Peer } from '../support/stallingPeer.ts';

const QUESTION = 'Who warned officials about WhatsApp links?';
/** Short enough for a test, long enough for PGlite on a busy machine (the silent peer gets a shorter connect timeout). */
const TIMEOUTS = { PG_STATEMENT_TIMEOUT_MS: '5000' };

let server: PgliteServer;
let embedder: Embedder;
const configFor = (url: string): EngineConfig => ({
  ...loadEngineConfig({ CORPUS: 'seeds', HNSW_EF_CONSTRUCTION: '50', ...TIMEOUTS }),
  databaseUrl: url,
});

function cli(script: 'ask' | 'index', args: string[], url: string, env: Record<string, string> = {}) {
  return runTsx([`scripts/${script}.ts`, ...args], {
    env: {
      ...process.env,
      CORPUS: 'seeds',
      INDEX_DIR: '/nonexistent/unused',
      HNSW_EF_CONSTRUCTION: '50',
      ...TIMEOUTS,
      DATABASE_URL: url,
      ...env,
    },
  });
}

/** The run ended within `seconds` with exit 1 and one line on stderr, without the password. */
function expectOneLine(run: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(run.status).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).not.toContain('secret');
}

beforeAll(async () => {
  embedder = await createEmbedder(loadEngineConfig({}));
  server = await startPglite();
  await buildPostgresArchive(server.url, configFor(server.url), { embedder });
});
afterAll(async () => {
  await server?.stop();
});

describe('a database that never answers', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await silentPeer();
  });
  afterAll(async () => peer.stop());

  it.each([
    ['npm run ask', 'ask', [QUESTION]],
    ['npm run index -- --store postgres', 'index', ['--store', 'postgres']],
  ] as const)('%s gives up after the connect timeout, in one line', async (_, script, args) => {
    const started = Date.now();
    const run = await cli(script, [...args], peer.url, { PG_CONNECT_TIMEOUT_MS: '1000' });
    expectOneLine(run, /^error: Postgres postgres:\/\/reader@127\.0\.0\.1:\d+\/archive: did not answer within 1000 ms of connecting/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('connection settings the server refuses', () => {
  it('sslmode=require against a server without SSL', async () => {
    const peer = await peerWithoutSsl();
    try {
      expectOneLine(
        await cli('ask', [QUESTION], peer.url),
        /cannot open an SSL connection \(The server does not support SSL connections\)/,
      );
    } finally {
      await peer.stop();
    }
  });

  it('a URL without a user or password: the server decides, and the CLI answers or says why in one line', async () => {
    const run = await cli('ask', ['--json', QUESTION], server.url.replace('postgres@', ''));
    if (run.status === 0) expect(JSON.parse(run.stdout)).toMatchObject({ answered: true });
    else expectOneLine(run, /refused the login/);
  });
});

describe('a database that stalls or dies mid-question', () => {
  it('a stall after opening: the question fails after the statement timeout (CLI-equivalent) and the bot says so', async () => {
    const proxy = await stallingProxy(server.url);
    const archive = await openArchive(configFor(proxy.url), { embedder });
    const harness = await startHarness(archive);
    try {
      expect((await archive.ask({ question: QUESTION })).answered).toBe(true);
      proxy.stall();
      const started = Date.now();
      await expect(archive.ask({ question: QUESTION })).rejects.toThrow(
        new ArchiveUnavailableError(
          `Postgres ${proxy.url.replace(/\/\/postgres@/, '//postgres@')}: a statement took longer than 5000 ms (the statement timeout); is the database overloaded or stalled?`,
        ),
      );
      expect(Date.now() - started).toBeLessThan(20_000);

      const interaction = harness.fake.slashCommand({ id: '100000000000000001', username: 'alice' }, 'ask', { question: QUESTION });
      const told = await harness.fake.waitForRequest(
        (request) => request.path.includes(interaction.token) && JSON.stringify(request.body ?? '').includes('archive'),
        15_000,
      );
      expect(JSON.stringify(told.body)).toContain(replies.archiveUnavailable.replace(/'/g, "'"));
    } finally {
      await harness.stop();
      await proxy.stop();
      await archive.close();
    }
  });

  it('PGlite killed mid-question: that question and the next fail in one line each, without hanging', async () => {
    const doomed = await startPglite();
    let archive: Archive | undefined;
    try {
      await buildPostgresArchive(doomed.url, configFor(doomed.url), { embedder });
      archive = await openArchive(configFor(doomed.url), { embedder });
      const asking = archive.ask({ question: QUESTION });
      process.kill(doomed.pid, 'SIGKILL');
      await expect(asking).rejects.toThrow(
        /^Postgres postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres: (the connection was lost|cannot connect)/,
      );
      await expect(archive.ask({ question: QUESTION })).rejects.toThrow(/: (the connection was lost|cannot connect) \(/);
    } finally {
      await archive?.close();
      await doomed.stop();
    }
  });
});
