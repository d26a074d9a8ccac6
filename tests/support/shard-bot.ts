// A shard process for the sharding test: what `npm start` runs in each shard (config from the environment, the
// shared archive, the real bot), with discord.js pointed at the fake Discord whose address is in FAKE_DISCORD_API.
import { createBot } from '../../src/bot/createBot.ts';
import { reportArchive } from '../../src/bot/sharding.ts';
import { loadBotConfig, loadEngineConfig } from '../../src/config.ts';
import { openArchive } from '../../src/openArchive.ts';

const archive = await openArchive(loadEngineConfig());
const bot = createBot(loadBotConfig(), archive, {
  clientOptions: { rest: { api: process.env.FAKE_DISCORD_API } },
  drainTimeoutMs: 2_000,
});
process.on(
  'SIGTERM',
  () =>
    void bot
      .stop()
      .then(() => archive.close())
      .then(() => process.exit(0)),
);
await bot.start();
const { buildId, builtAt, articles } = archive.summary();
reportArchive({ buildId, builtAt, articles });
