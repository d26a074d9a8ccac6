// A short hello when the bot is added to a server: in its system channel, else its first text channel, and only where it may speak.
import { ChannelType, PermissionFlagsBits, type Guild, type GuildTextBasedChannel } from 'discord.js';
import { commandMention } from './commandMentions.ts';
import { clampMessage, type MessageBody } from './limits.ts';
import { NO_MENTIONS } from './send.ts';

const NEEDED = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];

export function greetingMessage(): MessageBody {
  return clampMessage({
    embeds: [
      {
        title: 'Hello! I answer from a news archive',
        color: 0x2f6f9f,
        description:
          'Ask me who said what, and when: I reply with **verbatim, dated quotes** from the archive — never a paraphrase.\n' +
          `Try ${commandMention('ask')}, or ${commandMention('help')} for everything I can do.`,
      },
    ],
  });
}

/** Where the greeting may go: the system channel, else the first text channel by position, if the bot may post there. */
export function greetingChannel(guild: Guild): GuildTextBasedChannel | undefined {
  const me = guild.members.me;
  if (!me) return undefined;
  const mayPost = (channel: GuildTextBasedChannel) => channel.permissionsFor(me)?.has(NEEDED) ?? false;
  if (guild.systemChannel && mayPost(guild.systemChannel)) return guild.systemChannel;
  return [...guild.channels.cache.values()]
    .filter((channel): channel is GuildTextBasedChannel & { position: number } => channel.type === ChannelType.GuildText)
    .sort((a, b) => a.position - b.position)
    .find(mayPost);
}

/** Posts the greeting; false when there is nowhere the bot may speak (then it stays silent). */
export async function greet(guild: Guild): Promise<boolean> {
  const channel = greetingChannel(guild);
  if (!channel) return false;
  await channel.send({ ...greetingMessage(), allowedMentions: NO_MENTIONS });
  return true;
}
