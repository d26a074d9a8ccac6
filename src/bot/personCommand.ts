// What /person and /timeline share: a `name:` option that autocompletes, a lookup by name, pages or "did you mean".
import {
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandStringOption,
} from 'discord.js';
import type { Archive, PersonNotFound } from '../archive.ts';
import type { BotContext, SlashCommand } from './context.ts';
import { LIMITS, truncate, type MessageBody } from './limits.ts';
import { replies } from './replies.ts';
import { replyPaged, tellPrivately } from './send.ts';

export function personNameOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option
    .setName('name')
    .setDescription('Start typing a name, e.g. Shehbaz Sharif')
    .setRequired(true)
    .setMaxLength(LIMITS.choiceValue)
    .setAutocomplete(true);
}

/** Answered from the store's name list (in memory, or a prefix index): Discord drops autocomplete replies after 3 s. */
export async function autocompletePersonName(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused()).slice(0, LIMITS.choiceValue);
  const names = await context.archive.suggestPeople(typed, LIMITS.autocompleteChoices);
  const choices = [...new Set(names)]
    .filter((name) => name.length > 0 && name.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map((name) => ({ name: truncate(name, LIMITS.choiceName), value: name }));
  await interaction.respond(choices);
}

export interface PersonCommandSpec {
  name: 'person' | 'timeline';
  description: string;
  /** The pages to show for `name`, or who it might have meant. */
  pages(archive: Archive, name: string): Promise<MessageBody[] | PersonNotFound>;
}

/** A slash command over one person: the shared option and autocomplete, pages in public, unknown names privately. */
export function personCommand(spec: PersonCommandSpec): SlashCommand {
  return {
    data: new SlashCommandBuilder().setName(spec.name).setDescription(spec.description).addStringOption(personNameOption),
    autocomplete: autocompletePersonName,
    async execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
      const name = interaction.options.getString('name', true).trim();
      const pages = await spec.pages(context.archive, name);
      if (!Array.isArray(pages)) return tellPrivately(interaction, replies.unknownPerson(spec.name, name, pages.suggestions));
      await replyPaged(interaction, context.pager, context.pager.start(interaction.user.id, pages));
    },
  };
}
