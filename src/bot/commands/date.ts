// /date on: or from:/to: — articles published then, and passages that mention those days.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../../domain/errors.ts';
import { parseDateQuery } from '../../entities/dateQuery.ts';
import type { BotContext } from '../context.ts';
import { datePages } from '../format.ts';
import { replies } from '../replies.ts';
import { replyPaged, tellPrivately } from '../send.ts';

const QUOTES_PER_PAGE = 3;

export const data = new SlashCommandBuilder()
  .setName('date')
  .setDescription('What was published on a day or month, and which passages mention it.')
  .addStringOption((option) => option.setName('on').setDescription('A day or month: 2022-09-28 or 2022-09').setMaxLength(32))
  .addStringOption((option) =>
    option.setName('from').setDescription('Start of a range: 2022-09-01 (use with or without "to")').setMaxLength(32),
  )
  .addStringOption((option) => option.setName('to').setDescription('End of a range: 2022-09-30').setMaxLength(32));

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const input = {
    on: interaction.options.getString('on') ?? undefined,
    from: interaction.options.getString('from') ?? undefined,
    to: interaction.options.getString('to') ?? undefined,
  };
  let range;
  try {
    range = parseDateQuery(input);
  } catch (error) {
    if (error instanceof UserError) return tellPrivately(interaction, replies.badDate(error.message));
    throw error;
  }
  const pages = datePages(await context.archive.dates(range), QUOTES_PER_PAGE);
  await replyPaged(interaction, context.pager, context.pager.start(interaction.user.id, pages));
}
