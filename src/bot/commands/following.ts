// /following — this server's follows: which channel follows whom or what, since when, and how many articles it was told of.
import { InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { BotStateError } from '../../ops/botState.ts';
import { humanDay } from '../../entities/readableDates.ts';
import { commandMention } from '../commandMentions.ts';
import type { BotContext } from '../context.ts';
import { subjectName } from '../follows.ts';
import { clampMessage, escapeText, truncate } from '../limits.ts';
import { NO_MENTIONS, tellPrivately } from '../send.ts';

const FOLLOWING_COLOR = 0x3f8f5f;

export const data = new SlashCommandBuilder()
  .setName('following')
  .setDescription("This server's follows: the people and topics whose new articles are posted, and where.")
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  if (!interaction.inGuild()) return tellPrivately(interaction, 'Follows belong to a server: use /following in one.');
  if (!context.state) {
    return tellPrivately(
      interaction,
      `Follows are unavailable: ${escapeText(context.settings.problem ?? 'the bot has no state database')}.`,
    );
  }
  let lines: string[];
  try {
    lines = context.state
      .follows(interaction.guildId)
      .map(
        (follow) =>
          `<#${follow.channelId}> · ${follow.subject.kind} ${follow.subject.kind === 'person' ? `**${subjectName(follow.subject)}**` : subjectName(follow.subject)}` +
          ` · since ${humanDay(follow.createdAt.slice(0, 10))} · ${follow.announced} article${follow.announced === 1 ? '' : 's'} so far`,
      );
  } catch (error) {
    if (!(error instanceof BotStateError)) throw error;
    return tellPrivately(interaction, `Follows are unavailable right now: ${escapeText(truncate(error.message, 1_500))}`);
  }
  if (lines.length === 0) return tellPrivately(interaction, `This server follows nobody yet. Start with ${commandMention('follow')}.`);
  // An embed holds a server's fifty follows (4,096 characters), where a plain message (2,000) would cut the list.
  const list = clampMessage({
    embeds: [{ title: `This server follows (${lines.length})`, description: lines.join('\n'), color: FOLLOWING_COLOR }],
  });
  await interaction.reply({ ...list, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
}
