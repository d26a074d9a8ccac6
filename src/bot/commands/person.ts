// /person name: — every passage mentioning someone (aliases included), oldest first; names autocomplete.
import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { personPages } from '../format.ts';
import { LIMITS, truncate } from '../limits.ts';
import { replies } from '../replies.ts';
import { tellPrivately, visible } from '../send.ts';

const QUOTES_PER_PAGE = 4;

export const data = new SlashCommandBuilder()
  .setName('person')
  .setDescription('Quotes mentioning a person, oldest first.')
  .addStringOption((option) =>
    option
      .setName('name')
      .setDescription('Start typing a name, e.g. Shehbaz Sharif')
      .setRequired(true)
      .setMaxLength(LIMITS.choiceValue)
      .setAutocomplete(true),
  );

/** Answered from the in-memory name list: Discord drops autocomplete replies after 3 s. */
export async function autocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused()).slice(0, LIMITS.choiceValue);
  const names = context.archive.suggestPeople(typed, LIMITS.autocompleteChoices);
  const choices = [...new Set(names)]
    .filter((name) => name.length > 0 && name.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map((name) => ({ name: truncate(name, LIMITS.choiceName), value: name }));
  await interaction.respond(choices);
}

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const name = interaction.options.getString('name', true).trim();
  const lookup = context.archive.person(name);
  if (!lookup.found) return tellPrivately(interaction, replies.unknownPerson(name, lookup.suggestions));
  const pages = personPages(lookup, QUOTES_PER_PAGE);
  await interaction.reply(visible(context.pager.start(interaction.user.id, pages)));
}
