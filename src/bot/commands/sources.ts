// /sources — what is indexed: articles, date range, model, when built.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { summaryMessage } from '../format.ts';
import { visible } from '../send.ts';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('What the archive holds: articles, dates, model, when it was built.');

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.reply(visible(summaryMessage(context.archive.summary())));
}
