// The slash and message commands the bot serves and registers, by name.
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { MessageCommand, SlashCommand } from '../context.ts';
import * as ask from './ask.ts';
import * as config from './config.ts';
import * as date from './date.ts';
import * as findInArchive from './findInArchive.ts';
import * as follow from './follow.ts';
import * as following from './following.ts';
import * as help from './help.ts';
import * as person from './person.ts';
import * as reindex from './reindex.ts';
import * as said from './said.ts';
import * as sources from './sources.ts';
import * as timeline from './timeline.ts';
import * as unfollow from './unfollow.ts';
import * as verify from './verify.ts';

const all: SlashCommand[] = [ask, person, said, timeline, date, verify, follow, unfollow, following, sources, reindex, config, help];

const messageAll: MessageCommand[] = [findInArchive];

export const commands: ReadonlyMap<string, SlashCommand> = new Map(all.map((command) => [command.data.name, command]));
export const messageCommands: ReadonlyMap<string, MessageCommand> = new Map(messageAll.map((command) => [command.data.name, command]));

/** What `npm run register` sends to Discord. */
export function commandPayloads(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...all, ...messageAll].map((command) => command.data.toJSON());
}
