// /follow person: | topic: — (Manage Channels) this channel is told of each new article naming the person or answering the topic.
import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { FollowSubject } from '../../domain/follow.ts';
import { BotStateError, MAX_FOLLOWS_PER_GUILD } from '../../ops/botState.ts';
import { DEFAULT_FOLLOW_POSTS_PER_HOUR } from '../../config.ts';
import { commandMention } from '../commandMentions.ts';
import type { BotContext } from '../context.ts';
import { subjectName } from '../follows.ts';
import { escapeText, LIMITS, truncate } from '../limits.ts';
import { autocompletePersonName } from '../personCommand.ts';
import { NO_MENTIONS } from '../send.ts';

/** A topic of fewer letters than this matches nearly anything: "AI", "UN" are better followed in words. */
const MIN_TOPIC_CHARS = 3;

export const data = new SlashCommandBuilder()
  .setName('follow')
  .setDescription('Channel managers: post each new article naming a person, or answering a topic, in this channel.')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option
      .setName('person')
      .setDescription('Start typing a name, e.g. Shehbaz Sharif (any of their names counts)')
      .setMaxLength(LIMITS.choiceValue)
      .setAutocomplete(true),
  )
  .addStringOption((option) =>
    option
      .setName('topic')
      .setDescription('A topic, asked as a question would be, e.g. floods in Karachi')
      .setMinLength(MIN_TOPIC_CHARS)
      .setMaxLength(LIMITS.choiceValue),
  );

export const autocomplete = autocompletePersonName;

const EXAMPLES = `e.g. ${commandMention('follow')} \`person: Shehbaz Sharif\` or ${commandMention('follow')} \`topic: hacked government data\`.`;

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply({ content: truncate(await follow(interaction, context), LIMITS.content), allowedMentions: NO_MENTIONS });
}

/** What to tell the channel manager, privately: the follow made, or the one line on what was wrong. */
async function follow(interaction: ChatInputCommandInteraction, context: BotContext): Promise<string> {
  const person = interaction.options.getString('person')?.trim();
  const topic = interaction.options.getString('topic')?.replace(/\s+/g, ' ').trim();
  if (!interaction.inGuild()) return 'Follows belong to a server channel: use /follow in one.';
  if (Boolean(person) === Boolean(topic)) return `Follow one person or one topic at a time, ${EXAMPLES}`;
  if (topic !== undefined && topic.length < MIN_TOPIC_CHARS) return `That topic is too short to follow, ${EXAMPLES}`;
  // Discord holds the option to this length; a crafted request is not bound by it.
  if ((topic ?? person ?? '').length > LIMITS.choiceValue) return `Keep it under ${LIMITS.choiceValue} characters, ${EXAMPLES}`;
  if (!context.state) return `Follows are unavailable: ${escapeText(context.settings.problem ?? 'the bot has no state database')}.`;
  let subject: FollowSubject;
  let aliases: string[] = [];
  if (person) {
    const found = await context.archive.person(person);
    if (!found.found) {
      const suggestions = found.suggestions.slice(0, 5).map((name) => `**${escapeText(name)}**`);
      return (
        `I don't know anyone called “${escapeText(truncate(person, 100))}” in the archive` +
        (suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '.') +
        ' Pick a name from the suggestions as you type.'
      );
    }
    subject = { kind: 'person', name: found.person };
    aliases = found.aliases.filter((alias) => alias !== found.person);
  } else subject = { kind: 'topic', topic: topic! };
  try {
    const outcome = context.state.addFollow(interaction.guildId, interaction.channelId, subject);
    if (outcome.kind === 'full') {
      return `This server already follows ${MAX_FOLLOWS_PER_GUILD} people and topics; stop one with ${commandMention('unfollow')} first (see ${commandMention('following')}).`;
    }
    if (outcome.kind === 'exists') return `<#${interaction.channelId}> already follows ${subjectName(subject)}.`;
  } catch (error) {
    if (!(error instanceof BotStateError)) throw error;
    context.logger.error(error.message, { event: 'bot-state', outcome: 'failed', action: 'add-follow', guild: interaction.guildId });
    return `Follows are unavailable right now: ${escapeText(truncate(error.message, 1_500))}`;
  }
  const perHour = context.config.followPostsPerHour ?? DEFAULT_FOLLOW_POSTS_PER_HOUR;
  const what =
    subject.kind === 'person'
      ? `each new article naming **${subjectName(subject)}**${aliases.length > 0 ? ` (also as ${aliases.map((alias) => `“${escapeText(alias)}”`).join(', ')})` : ''}`
      : `each new article that answers ${subjectName(subject)}`;
  return (
    `Following. When articles are added to the archive, <#${interaction.channelId}> gets ${what}, with its date, title and best quote — ` +
    `at most ${perHour} an hour, the rest in one line. Stop with ${commandMention('unfollow')}; see all with ${commandMention('following')}.`
  );
}
