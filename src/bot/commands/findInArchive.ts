// Right-click a message → Apps → "Find in archive": the archive's quotes for that message's text, like /ask, shown
// privately with a button to post them to the channel.
import { ApplicationCommandType, ContextMenuCommandBuilder, type MessageContextMenuCommandInteraction } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../search/validate.ts';
import type { BotContext } from '../context.ts';
import { readsAsQuestion } from '../chat.ts';
import { questionIn } from '../messages.ts';
import { replies } from '../replies.ts';
import { tellPrivately } from '../send.ts';
import { answerInteraction } from './ask.ts';

export const data = new ContextMenuCommandBuilder().setName('Find in archive').setType(ApplicationCommandType.Message);

export async function execute(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  const target = interaction.targetMessage;
  // A question the bot answers on its own (an answer channel, or a mention) already has its answer under it.
  const asked = target.inGuild() ? questionIn(target, interaction.client.user.id, context.settings.for(target.guildId)) : undefined;
  if (asked && readsAsQuestion(asked)) return tellPrivately(interaction, replies.alreadyAnswered(target.url));
  // A long message is looked up by its opening, not refused: the person didn't write it as a question.
  const text = target.content.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_CHARS);
  if (!text) return tellPrivately(interaction, replies.nothingToFind);
  await answerInteraction(interaction, context, text, { privately: true });
}
