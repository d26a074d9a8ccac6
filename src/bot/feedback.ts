// 👍/👎 under answers: what was shown is remembered when it is sent (under a short id), votes are stored and thanked privately.
import {
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIButtonComponent,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Answer } from '../archive.ts';
import { BotStateError, type Vote } from '../ops/botState.ts';
import type { BotContext } from './context.ts';
import { truncate } from './limits.ts';
import { replies } from './replies.ts';
import { tellPrivately } from './send.ts';

/** Custom ids: `vote:up:<answer>`, `vote:down:<answer>`, and the 👎 modal's `vote:why:<answer>` — never the question itself. */
const PREFIX = 'vote';
const COMMENT_INPUT = 'comment';
const COMMENT_MAX = 1_000;

/** Where and by whom an answer was asked. */
export interface AskedWhere {
  userId: string;
  guildId: string | null;
  channelId: string | null;
  askedAt: Date;
}

/**
 * Keeps `answer` as shown, for votes on it; undefined (the answer goes out without buttons) when there is no
 * state database or it fails — logged, never in the asker's way.
 */
export function rememberAnswer(context: BotContext, asked: AskedWhere, answer: Answer): string | undefined {
  if (!context.state) return undefined;
  try {
    return context.state.remember({
      askedAt: asked.askedAt,
      guildId: asked.guildId,
      channelId: asked.channelId,
      question: answer.query,
      answered: answer.answered,
      quotes: answer.quotes.map(({ article, date, label, text, highlight, nearMiss }) => ({
        article,
        date,
        ...(label !== undefined ? { label } : {}),
        text,
        highlight,
        ...(nearMiss ? { nearMiss } : {}),
      })),
      buildId: context.archive.summary().buildId,
    });
  } catch (error) {
    if (!(error instanceof BotStateError)) throw error;
    context.logger.error(error.message, { event: 'bot-state', outcome: 'failed', action: 'remember-answer' });
    return undefined;
  }
}

export function feedbackButtons(answerId: string): APIButtonComponent[] {
  return [
    new ButtonBuilder().setCustomId(`${PREFIX}:up:${answerId}`).setEmoji({ name: '👍' }).setStyle(ButtonStyle.Secondary).toJSON(),
    new ButtonBuilder().setCustomId(`${PREFIX}:down:${answerId}`).setEmoji({ name: '👎' }).setStyle(ButtonStyle.Secondary).toJSON(),
  ];
}

export function ownsFeedback(customId: string): boolean {
  return customId.startsWith(`${PREFIX}:`);
}

function parse(customId: string): { action: string; answerId: string } {
  const [, action = '', answerId = ''] = customId.split(':');
  return { action, answerId };
}

/** 👍 is thanked privately; 👎 is recorded at once (closing the modal keeps it) and asks what was wrong. */
export async function onFeedbackButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const { action, answerId } = parse(interaction.customId);
  const vote: Vote = action === 'up' ? 'up' : 'down';
  const problem = record(context, answerId, interaction.user.id, vote);
  if (problem) return tellPrivately(interaction, problem);
  if (vote === 'up') return tellPrivately(interaction, replies.thanksUp);
  await interaction.showModal(
    new ModalBuilder()
      .setCustomId(`${PREFIX}:why:${answerId}`)
      .setTitle('What was wrong?')
      .addLabelComponents(
        new LabelBuilder()
          .setLabel('What was wrong? (optional)')
          .setDescription('e.g. it missed the answer, a quote is off-topic, a source is missing')
          .setTextInputComponent(
            new TextInputBuilder()
              .setCustomId(COMMENT_INPUT)
              .setStyle(TextInputStyle.Paragraph)
              .setRequired(false)
              .setMaxLength(COMMENT_MAX),
          ),
      ),
  );
}

export async function onFeedbackModal(interaction: ModalSubmitInteraction, context: BotContext): Promise<void> {
  const { answerId } = parse(interaction.customId);
  // The modal's max length binds a person, not a crafted request; SQLite would end a text at its first NUL.
  const comment = truncate(interaction.fields.getTextInputValue(COMMENT_INPUT).replaceAll('\u0000', ''), COMMENT_MAX);
  const problem = record(context, answerId, interaction.user.id, 'down', comment);
  await tellPrivately(interaction, problem ?? replies.thanksDown);
}

/** Stores the vote; what to tell the voter instead of thanks when it could not be stored. */
function record(context: BotContext, answerId: string, userId: string, vote: Vote, comment?: string): string | undefined {
  if (!context.state) return replies.feedbackUnavailable;
  try {
    return context.state.vote(answerId, userId, vote, comment) ? undefined : replies.feedbackTooOld;
  } catch (error) {
    if (!(error instanceof BotStateError)) throw error;
    context.logger.error(error.message, { event: 'bot-state', outcome: 'failed', action: 'vote' });
    return replies.feedbackUnavailable;
  }
}
