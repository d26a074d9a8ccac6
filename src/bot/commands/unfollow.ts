// /unfollow follow: — (Manage Channels) stops one of this channel's follows; autocompletes them.
import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { BotStateError, type Follow } from '../../ops/botState.ts';
import { commandMention } from '../commandMentions.ts';
import type { BotContext } from '../context.ts';
import { subjectName } from '../follows.ts';
import { escapeText, LIMITS, truncate } from '../limits.ts';
import { tellPrivately } from '../send.ts';

export const data = new SlashCommandBuilder()
  .setName('unfollow')
  .setDescription("Channel managers: stop posting new articles for one of this channel's follows.")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option
      .setName('follow')
      .setDescription("Pick one of this channel's follows as you type")
      .setRequired(true)
      .setMaxLength(LIMITS.choiceValue)
      .setAutocomplete(true),
  );

/** How a follow reads in a choice list: "Imran Khan (person)", "floods in Karachi (topic)". */
function choiceName(follow: Follow): string {
  const subject = follow.subject.kind === 'person' ? follow.subject.name : follow.subject.topic;
  return `${truncate(subject, LIMITS.choiceName - 10)} (${follow.subject.kind})`;
}

function channelFollows(context: BotContext, guildId: string, channelId: string): Follow[] {
  return context.state?.follows(guildId).filter((follow) => follow.channelId === channelId) ?? [];
}

export async function autocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused()).toLowerCase();
  const follows = interaction.guildId ? channelFollows(context, interaction.guildId, interaction.channelId) : [];
  await interaction.respond(
    follows
      .filter((follow) => choiceName(follow).toLowerCase().includes(typed))
      .slice(0, LIMITS.autocompleteChoices)
      .map((follow) => ({ name: choiceName(follow), value: String(follow.id) })),
  );
}

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  if (!interaction.inGuild()) return tellPrivately(interaction, 'Follows belong to a server channel: use /unfollow in one.');
  const given = interaction.options.getString('follow', true).trim();
  let reply: string;
  try {
    const follows = channelFollows(context, interaction.guildId, interaction.channelId);
    // A choice from the list is the follow's id; a name typed without picking is matched on its own.
    const chosen = follows.find(
      (follow) => String(follow.id) === given || choiceName(follow).toLowerCase().startsWith(given.toLowerCase()),
    );
    if (!chosen || !context.state?.removeFollow(interaction.guildId, chosen.id)) {
      reply =
        follows.length === 0
          ? `<#${interaction.channelId}> follows nothing. Start with ${commandMention('follow')}.`
          : `<#${interaction.channelId}> doesn't follow “${escapeText(truncate(given, 100))}”; pick one of its follows as you type (see ${commandMention('following')}).`;
    } else reply = `Stopped: <#${interaction.channelId}> no longer gets new articles for ${subjectName(chosen.subject)}.`;
  } catch (error) {
    if (!(error instanceof BotStateError)) throw error;
    context.logger.error(error.message, { event: 'bot-state', outcome: 'failed', action: 'remove-follow', guild: interaction.guildId });
    reply = `Follows are unavailable right now: ${escapeText(truncate(error.message, 1_500))}`;
  }
  await tellPrivately(interaction, reply);
}
