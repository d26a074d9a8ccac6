// /said name: [about:] [from:] [to:] — a person's own direct quotations, newest first, each with date and source; names autocomplete like /person.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { SaidFound } from '../../archive.ts';
import type { Quote } from '../../domain/answer.ts';
import { UserError } from '../../domain/errors.ts';
import { parseDateQuery } from '../../entities/dateQuery.ts';
import type { BotContext } from '../context.ts';
import { quotePages } from '../format.ts';
import { escapeText, truncate } from '../limits.ts';
import { autocompletePersonName, personNameOption } from '../personCommand.ts';
import { replies } from '../replies.ts';
import { replyPaged, tellPrivately } from '../send.ts';

const QUOTES_PER_PAGE = 4;

export const data = new SlashCommandBuilder()
  .setName('said')
  .setDescription("A person's own words: their direct quotations, newest first.")
  .addStringOption(personNameOption)
  .addStringOption((option) => option.setName('about').setDescription('Only quotations with these words, e.g. cypher').setMaxLength(200))
  .addStringOption((option) => option.setName('from').setDescription('Published from: 2022-09-01 or 2022-09').setMaxLength(32))
  .addStringOption((option) => option.setName('to').setDescription('Published until: 2022-09-30 or 2022-09').setMaxLength(32));

export const autocomplete = autocompletePersonName;

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const name = interaction.options.getString('name', true).trim();
  const about = interaction.options.getString('about')?.trim() || undefined;
  const from = interaction.options.getString('from') ?? undefined;
  const to = interaction.options.getString('to') ?? undefined;
  let range;
  try {
    range = from || to ? parseDateQuery({ from, to }) : undefined;
  } catch (error) {
    if (error instanceof UserError) return tellPrivately(interaction, replies.badSaidDate(error.message));
    throw error;
  }
  const lookup = await context.archive.said({ speaker: name, about, ...range });
  if (!lookup.found) return tellPrivately(interaction, replies.unknownPerson('said', name, lookup.suggestions));
  if (lookup.quotations.length === 0) return tellPrivately(interaction, replies.nothingSaid(lookup.person, about));
  await replyPaged(interaction, context.pager, context.pager.start(interaction.user.id, saidPages(lookup, about)));
}

function saidPages(lookup: SaidFound, about: string | undefined) {
  const quotes: Quote[] = lookup.quotations.map((quotation) => ({ ...quotation, highlight: quotation.text, score: 1 }));
  const title = `What ${lookup.person} said${about ? ` about “${truncate(about, 80)}”` : ''}`;
  return quotePages(quotes, { title: escapeText(title), pageSize: QUOTES_PER_PAGE, countLabel: '(newest first)' });
}
