// /reindex — (Manage Server) rebuild the index from the corpus now and serve it; privately says what changed.
import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { ReloadReport } from '../../ops/liveArchive.ts';
import type { BotContext } from '../context.ts';
import { escapeText, truncate } from '../limits.ts';
import { replies } from '../replies.ts';
import { NO_MENTIONS, tellPrivately } from '../send.ts';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Admins: pick up added, changed and removed articles now (the bot keeps answering meanwhile).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export function reloadSummary(report: ReloadReport): string {
  const lines = [
    `Reindexed in ${(report.ms / 1000).toFixed(1)} s. Articles: ${report.added} added, ${report.changed} changed, ${report.removed} removed. ` +
      `Passages: ${report.embeddedPassages} embedded, ${report.reusedPassages} reused. Now serving ${report.articles} articles (build ${report.buildId}).`,
  ];
  if (report.skipped.length > 0) {
    lines.push(`Left out ${report.skipped.length} invalid: ${escapeText(truncate(report.skipped.slice(0, 3).join('; '), 600))}`);
  }
  return lines.join('\n');
}

/** Who may run it is checked before `execute`, from `default_member_permissions` (see createBot). */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  if (!context.reload) {
    await tellPrivately(interaction, replies.reindexUnavailable);
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const content = await context
    .reload()
    .then(reloadSummary, (error: unknown) => replies.reindexFailed(error instanceof Error ? error.message : String(error)));
  await interaction.editReply({ content: truncate(content, 2_000), allowedMentions: NO_MENTIONS });
}
