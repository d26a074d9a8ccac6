// Command hints as Discord's clickable command mentions (`</person:123>`), once the bot knows its commands' ids.
import type { Client } from 'discord.js';

/** Registered command ids by name; empty until `learnCommandIds` has fetched them (then hints fall back to `/name`). */
const ids = new Map<string, string>();

/** Reads the ids Discord gave the registered commands (guild commands in development, else global ones). */
export async function learnCommandIds(client: Client<true>, guildId?: string): Promise<void> {
  const registered = await client.application.commands.fetch(guildId ? { guildId } : {});
  ids.clear();
  for (const command of registered.values()) ids.set(command.name, command.id);
}

/** `</name:id>` when the id is known, else `` `/name` ``: both read as the command. */
export function commandMention(name: string): string {
  const id = ids.get(name);
  return id ? `</${name}:${id}>` : `\`/${name}\``;
}
