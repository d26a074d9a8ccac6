// Every reply, follow-up and edit goes out through here, so none of them can ping anyone.
import { MessageFlags, type MessageMentionOptions, type RepliableInteraction } from 'discord.js';
import { clampMessage, type MessageBody } from './limits.ts';
import type { PageView, Pager } from './pager.ts';

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

/** Answers an interaction in public with `view`; its page buttons grey out on the message when the session expires. */
export async function replyPaged(interaction: RepliableInteraction, pager: Pager, view: PageView): Promise<void> {
  if (interaction.deferred) {
    pager.sent(view, await interaction.editReply(visible(view)));
    return;
  }
  const response = await interaction.reply({ ...visible(view), withResponse: true });
  pager.sent(view, response.resource?.message);
}
