// /sources — what is indexed: the articles (date · label, newest first), paged; counts, model and build in the footer.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { sourcesPages } from '../format.ts';
import { replyPaged } from '../send.ts';

const ARTICLES_PER_PAGE = 15;

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('The articles the archive holds, newest first, and how it was built.');

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const articles = await context.archive.sources();
  const pages = sourcesPages(context.archive.summary(), articles, ARTICLES_PER_PAGE);
  await replyPaged(interaction, context.pager, context.pager.start(interaction.user.id, pages));
}
