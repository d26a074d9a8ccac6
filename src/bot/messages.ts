// Plain messages: answered when the bot is mentioned or in an answer channel (there only what reads as a question), otherwise ignored.
import { ChannelType, type Message } from 'discord.js';
import { UserError } from '../domain/errors.ts';
import { answerView, asOfDay, questionProblem, RESULTS_PER_QUESTION } from './commands/ask.ts';
import { readsAsQuestion } from './chat.ts';
import type { BotContext } from './context.ts';
import { askInThread } from './followUps.ts';
import { readingNote } from './format.ts';
import { LIMITS, truncate } from './limits.ts';
import { replies } from './replies.ts';
import { NO_MENTIONS, visible } from './send.ts';
import type { AnswerSettings } from './serverSettings.ts';

/** The question a message asks the bot, or undefined when the message isn't for the bot. */
export function questionIn(message: Message, botUserId: string, settings: AnswerSettings): string | undefined {
  if (message.author.bot || message.webhookId || !message.inGuild()) return undefined;
  const mentioned = message.mentions.users.has(botUserId) || new RegExp(`<@!?${botUserId}>`).test(message.content);
  const channel = message.channel;
  const inAnswerChannel =
    settings.answerChannelIds.includes(message.channelId) ||
    (channel.isThread() && channel.parentId !== null && settings.answerChannelIds.includes(channel.parentId));
  if (!mentioned && !inAnswerChannel) return undefined;
  const question = message.content
    .replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Chat among people in an answer channel ("thanks!", "lol") is theirs, not a question for the archive.
  if (!mentioned && !readsAsQuestion(question)) return undefined;
  return question;
}

export async function answerMessage(message: Message<true>, question: string, context: BotContext): Promise<void> {
  if (question && !readsAsQuestion(question)) {
    // Said to the bot, but not a question: a short pointer, never near misses.
    await message.reply({ content: replies.chat(), allowedMentions: NO_MENTIONS });
    return;
  }
  const problem = questionProblem(question);
  const refusal = problem ?? context.chargeSearch(message.author.id);
  if (refusal) {
    await message.reply({ content: refusal, allowedMentions: NO_MENTIONS });
    return;
  }
  await message.channel.sendTyping().catch(() => undefined);
  // Inside a thread, the question is read with what the thread asked and was shown before ("he", "that day").
  const threadId = message.channel.isThread() ? message.channel.id : undefined;
  let turn: Awaited<ReturnType<typeof askInThread>>;
  try {
    turn = await askInThread(context.archive, question, threadId ? context.threads.get(threadId) : undefined, {
      asOf: asOfDay(message.createdAt),
      k: RESULTS_PER_QUESTION,
    });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    await message.reply({ content: error.message, allowedMentions: NO_MENTIONS });
    return;
  }
  const view = answerView(
    context,
    { userId: message.author.id, guildId: message.guildId, channelId: message.channelId, askedAt: message.createdAt },
    turn.answer,
    { reading: readingNote(turn.followUp.readings) },
  );
  if (context.settings.for(message.guildId).answerInThreads && message.channel.type === ChannelType.GuildText) {
    const thread = await message.startThread({ name: truncate(question, LIMITS.threadName) });
    context.threads.set(thread.id, await turn.remember());
    context.pager.sent(view, await thread.send(visible(view)));
    return;
  }
  if (threadId) context.threads.set(threadId, await turn.remember());
  context.pager.sent(view, await message.reply(visible(view)));
}
