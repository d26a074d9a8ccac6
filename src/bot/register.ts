// Deploys the slash commands: to one guild (instant, for development) or globally.
import { REST, Routes, type RESTOptions } from 'discord.js';
import type { BotConfig } from '../config.ts';
import { commandPayloads } from './commands/index.ts';

export interface Registration {
  scope: 'guild' | 'global';
  names: string[];
}

export async function registerCommands(config: BotConfig, restOptions: Partial<RESTOptions> = {}): Promise<Registration> {
  const rest = new REST(restOptions).setToken(config.token);
  const body = commandPayloads();
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  await rest.put(route, { body });
  return { scope: config.guildId ? 'guild' : 'global', names: body.map((command) => command.name) };
}
