// Right-click a message → Apps → "Find in archive": the archive's quotes for that message's text, like /ask.
import { ApplicationCommandType, ContextMenuCommandBuilder, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { Answer } from '../../archive.ts';
import { UserError } from '../../domain/errors.ts';
import { MAX_QUESTION_CHARS } from '../../search/validate.ts';
import type { BotContext } from '../context.ts';
import { replies } from '../replies.ts';
import { replyPaged, tellPrivately } from '../send.ts';
import { answerView, askArchive } from './ask.ts';

export const data = new ContextMenuCommandBuilder().setName('Find in archive').setType(ApplicationCommandType.Message);

export async function execute(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  // A long message is looked up by its opening, not refused: the person didn't write it as a question.
  const text = interaction.targetMessage.content.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_CHARS);
  if (!text) return tellPrivately(interaction, replies.nothingToFind);
  const limited = context.chargeSearch(interaction.user.id);
  if (limited) return tellPrivately(interaction, limited);
  await interaction.deferReply();
  let answer: Answer;
  try {
    answer = await askArchive(context.archive, text, interaction.createdAt);
  } catch (error) {
    if (error instanceof UserError) return tellPrivately(interaction, error.message);
    throw error;
  }
  const asked = {
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    askedAt: interaction.createdAt,
  };
  await replyPaged(interaction, context.pager, answerView(context, asked, answer));
}
