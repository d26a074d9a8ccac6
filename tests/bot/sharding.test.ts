// Two shard processes (discord.js ShardingManager) against the fake Discord, both reading one Postgres archive:
// each guild's /ask is delivered on its own shard's connection and answered by that shard's process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPglite, type PgliteServer } from '../../eval/pglite.ts';
import { startShards, type ShardedBot } from '../../src/bot/sharding.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { buildPostgresArchive } from '../../src/openArchive.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import type { LogEntry } from './harness.ts';

let database: PgliteServer;
let fake: FakeDiscord;
let sharded: ShardedBot;
const logs: LogEntry[] = [];
const saved = { ...process.env };
const stateDir = mkdtempSync(join(tmpdir(), 'shards-state-'));

beforeAll(async () => {
  database = await startPglite();
  await buildPostgresArchive(database.url, loadEngineConfig({ CORPUS: 'seeds', HNSW_EF_CONSTRUCTION: '50' }));
  fake = await FakeDiscord.start({ shards: 2 });
  // The shard processes inherit this environment, as they inherit .env under `npm start`.
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    DISCORD_APPLICATION_ID: fake.applicationId,
    FAKE_DISCORD_API: fake.apiUrl,
    // Both shard processes share the bot's state file, as under `npm start`; kept out of the repository's data/.
    BOT_STATE_PATH: join(stateDir, 'bot-state.sqlite'),
  });
  sharded = await startShards({
    file: 'tests/support/shard-bot.ts',
    shards: 2,
    token: fake.token,
    execArgv: ['--import', 'tsx'],
    spawnDelayMs: 0,
    logger: {
      info: (message, context) => logs.push({ level: 'info', message, context }),
      warn: (message, context) => logs.push({ level: 'warn', message, context }),
      error: (message, context) => logs.push({ level: 'error', message, context }),
    },
    healthPort: 0,
  });
});

afterAll(async () => {
  await sharded?.stop();
  await fake?.stop();
  await database?.stop();
  process.env = saved;
  rmSync(stateDir, { recursive: true, force: true });
});

describe('sharded bot over the shared Postgres archive', () => {
  it('identifies once per shard, with its shard id and count', async () => {
    for (const shard of [0, 1]) {
      const identify = await fake.waitForGateway((payload) => payload.op === 2 && (payload.d as { shard: number[] }).shard[0] === shard);
      expect((identify.d as { shard: number[] }).shard).toEqual([shard, 2]);
    }
    expect(sharded.statuses().map(({ id, ready }) => ({ id, ready }))).toEqual([
      { id: 0, ready: true },
      { id: 1, ready: true },
    ]);
  });

  it('answers /ask in each guild from that guild’s shard, with a quote from the shared archive', async () => {
    expect(fake.guildIds.map((guild) => fake.shardOf(guild))).toEqual([0, 1]);
    const user = fake.user('300000000000000001');
    for (const guild of fake.guildIds) {
      const interaction = fake.slashCommand(user, 'ask', { question: 'Who warned officials about WhatsApp links?' }, guild);
      const edit = await fake.waitForRequest(
        (request) =>
          request.method === 'PATCH' && request.path.includes(interaction.token) && JSON.stringify(request.body).includes('WhatsApp'),
        30_000,
      );
      expect(JSON.stringify(edit.body)).toContain('sending mobile hacking links');
    }
  });

  it('serves one /healthz for all shards, naming the archive each answers from', async () => {
    const response = await fetch(`http://127.0.0.1:${sharded.ops!.port}/healthz`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { shards: { id: number; ready: boolean; index?: { articles: number } }[] };
    expect(health.shards).toHaveLength(2);
    expect(health.shards.every((shard) => shard.ready && (shard.index?.articles ?? 0) > 0)).toBe(true);
  });
});
