// What every command handler is given: the archive and the bot's shared state.
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Archive } from '../archive.ts';
import type { BotConfig } from '../config.ts';
import type { BotState } from '../ops/botState.ts';
import type { ReloadReport } from '../ops/liveArchive.ts';
import type { BotLogger } from './logger.ts';
import type { ThreadContexts } from './followUps.ts';
import type { Pager } from './pager.ts';
import type { ServerSettings } from './serverSettings.ts';

export interface BotContext {
  archive: Archive;
  config: BotConfig;
  pager: Pager;
  logger: BotLogger;
  /** The bot's database (shown answers, feedback, server settings); absent when it could not be opened. */
  state?: BotState;
  /** Each server's answer channels and threads (/config), over the environment's defaults. */
  settings: ServerSettings;
  /** What each answer thread remembers for reading its follow-up questions ("he", "that day"). */
  threads: ThreadContexts;
  /**
   * Takes one of the user's search tokens, or returns the refusal to show them when none is left. Called only
   * by what searches (/ask, mentions), after the input was validated: refused input and lookups answered from
   * memory cost nothing.
   */
  chargeSearch(userId: string): string | undefined;
  /** Rebuilds and swaps in the index (see LiveArchive.reload); absent when the bot serves a fixed archive. */
  reload?: () => Promise<ReloadReport>;
}

/** One slash command, as each file in `commands/` exports it. */
export interface SlashCommand {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

/** A message context-menu command (right-click a message → Apps), as `commands/findInArchive.ts` exports it. */
export interface MessageCommand {
  data: { name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  execute(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void>;
}
