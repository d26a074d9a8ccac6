// /timeline name: — someone's mentions in the order things happened, each with its event and publication dates.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { timelinePages } from '../format.ts';
import { autocompletePersonName, personNameOption } from '../personName.ts';
import { replies } from '../replies.ts';
import { tellPrivately, visible } from '../send.ts';

const QUOTES_PER_PAGE = 4;

export const data = new SlashCommandBuilder()
  .setName('timeline')
  .setDescription("A person's mentions in the order things happened, with when each was published.")
  .addStringOption(personNameOption);

export const autocomplete = autocompletePersonName;

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const name = interaction.options.getString('name', true).trim();
  const timeline = context.archive.timeline(name);
  if (!timeline.found) return tellPrivately(interaction, replies.unknownPerson('timeline', name, timeline.suggestions));
  const pages = timelinePages(timeline.person, timeline.entries, QUOTES_PER_PAGE);
  await interaction.reply(visible(context.pager.start(interaction.user.id, pages)));
}
