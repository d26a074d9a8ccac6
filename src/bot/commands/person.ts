// /person name: — every passage mentioning someone (aliases included), oldest first; names autocomplete.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { personPages } from '../format.ts';
import { autocompletePersonName, personNameOption } from '../personName.ts';
import { replies } from '../replies.ts';
import { tellPrivately, visible } from '../send.ts';

const QUOTES_PER_PAGE = 4;

export const data = new SlashCommandBuilder()
  .setName('person')
  .setDescription('Quotes mentioning a person, oldest first.')
  .addStringOption(personNameOption);

export const autocomplete = autocompletePersonName;

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const name = interaction.options.getString('name', true).trim();
  const lookup = context.archive.person(name);
  if (!lookup.found) return tellPrivately(interaction, replies.unknownPerson('person', name, lookup.suggestions));
  const pages = personPages(lookup, QUOTES_PER_PAGE);
  await interaction.reply(visible(context.pager.start(interaction.user.id, pages)));
}
