// Every reply, follow-up and edit goes out through here, so none of them can ping anyone.
import { MessageFlags, type MessageMentionOptions, type RepliableInteraction } from 'discord.js';
import { clampMessage, type MessageBody } from './limits.ts';
import type { PageView } from './pager.ts';

export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

export function visible(view: PageView | MessageBody) {
  const components = 'components' in view ? view.components : [];
  return { ...clampMessage(view), components, allowedMentions: NO_MENTIONS };
}

/** A note only the person sees, whatever state the interaction is in. */
export async function tellPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  const body = { ...clampMessage({ content, embeds: [] }), allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral as const };
  if (interaction.deferred && !interaction.replied) {
    // A public "thinking…" placeholder can't turn private: remove it and say it privately instead.
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(body);
  } else if (interaction.replied) {
    await interaction.followUp(body);
  } else {
    await interaction.reply(body);
  }
}
