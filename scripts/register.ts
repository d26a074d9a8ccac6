// npm run register — deploys the slash commands (guild if DISCORD_GUILD_ID is set, else global).
import { registerCommands } from '../src/bot/register.ts';
import { loadBotConfig } from '../src/config.ts';
import { SetupError } from '../src/domain/errors.ts';

try {
  const config = loadBotConfig();
  const { scope, names } = await registerCommands(config);
  const where = scope === 'guild' ? `to guild ${config.guildId} (available now)` : 'globally (may take up to an hour to appear everywhere)';
  console.log(`Registered ${names.map((name) => `/${name}`).join(', ')} ${where}.`);
} catch (error) {
  console.error(error instanceof SetupError ? error.message : `Could not register commands: ${(error as Error).message}`);
  process.exitCode = 1;
}
