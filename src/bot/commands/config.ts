// /config — (Manage Server) this server's settings: which channels get plain questions answered, and whether in threads.
import {
  ChannelType,
  GatewayIntentBits,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { BotStateError, type GuildSettings } from '../../ops/botState.ts';
import { commandMention } from '../commandMentions.ts';
import type { BotContext } from '../context.ts';
import { replies } from '../replies.ts';
import { tellPrivately } from '../send.ts';
import type { AnswerSettings } from '../serverSettings.ts';

export const data = new SlashCommandBuilder()
  .setName('config')
  .setDescription("Admins: this server's answer channels and threads (no options: show them).")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addBooleanOption((option) =>
    option.setName('answer').setDescription('Answer plain questions in the channel (no @mention needed): True or False'),
  )
  .addChannelOption((option) =>
    option
      .setName('channel')
      .setDescription('The channel `answer` applies to (default: this one)')
      .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
  )
  .addBooleanOption((option) => option.setName('threads').setDescription('Answer plain questions in a new thread instead of a reply'));

/** Who may run it is checked before `execute`, from `default_member_permissions` (see createBot). */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  if (!interaction.inGuild()) return tellPrivately(interaction, replies.notAllowed('config', PermissionFlagsBits.ManageGuild));
  const answer = interaction.options.getBoolean('answer');
  const threads = interaction.options.getBoolean('threads');
  const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
  const { guildId } = interaction;
  if (answer === null && threads === null) {
    if (interaction.options.getChannel('channel')) return tellPrivately(interaction, replies.configChannelWithoutAnswer());
    return tellPrivately(interaction, describe(context, interaction, context.settings.for(guildId)));
  }
  const change: GuildSettings = {};
  if (answer !== null) {
    const current = ownChannels(interaction, context.settings.for(guildId).answerChannelIds);
    change.answerChannelIds = answer ? [...new Set([...current, channelId])] : current.filter((id) => id !== channelId);
  }
  if (threads !== null) change.answerInThreads = threads;
  let settings: AnswerSettings;
  try {
    settings = context.settings.update(guildId, change);
  } catch (error) {
    if (!(error instanceof BotStateError)) throw error;
    context.logger.error(error.message, { event: 'bot-state', outcome: 'failed', action: 'write-settings', guild: guildId });
    return tellPrivately(interaction, replies.settingsUnavailable(error.message));
  }
  const needsContent = settings.answerChannelIds.length > 0 && !interaction.client.options.intents.has(GatewayIntentBits.MessageContent);
  const lines = [`Saved. ${describe(context, interaction, settings)}`];
  if (needsContent) lines.push(replies.configNeedsRestart);
  await tellPrivately(interaction, lines.join('\n'));
}

/** The settings in force, each marked as this server's choice or the bot's default. */
function describe(context: BotContext, interaction: ChatInputCommandInteraction, settings: AnswerSettings): string {
  const own = context.settings.own(interaction.guildId ?? '');
  const origin = (key: keyof GuildSettings) => (own[key] !== undefined ? "this server's choice" : 'the default');
  const channels =
    ownChannels(interaction, settings.answerChannelIds)
      .map((id) => `<#${id}>`)
      .join(', ') || 'none (only @mentions are answered)';
  const lines = [
    `**Answer channels** (${origin('answerChannelIds')}): ${channels}`,
    `**Threads** (${origin('answerInThreads')}): ${settings.answerInThreads ? 'on — each answer opens a thread' : 'off — answers are replies'}`,
    `Change with ${commandMention('config')} \`answer: True\` (in the channel, or with \`channel:\`) or \`threads: True\`.`,
  ];
  if (!context.settings.available) lines.push(replies.settingsUnavailable(context.settings.problem ?? 'no state database'));
  return lines.join('\n');
}

/** The channels of `ids` in this server: ANSWER_CHANNEL_IDS is one list for every server, and the others' are not shown or kept here. */
function ownChannels(interaction: ChatInputCommandInteraction, ids: string[]): string[] {
  return ids.filter((id) => interaction.guild?.channels.cache.has(id) ?? true);
}
