// /verify quote: [speaker:] — is this quotation in the archive, word for word, and by whom? One verdict and the evidence.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../../domain/errors.ts';
import type { BotContext } from '../context.ts';
import { autocompletePersonName } from '../personCommand.ts';
import { replies } from '../replies.ts';
import { tellPrivately, visible } from '../send.ts';
import { verificationMessage } from '../verifyFormat.ts';
import { MAX_CHECKED_CHARS } from '../../verify/verifier.ts';

export const data = new SlashCommandBuilder()
  .setName('verify')
  .setDescription('Check a quotation against the archive: word for word, changed, cut, or credited to someone else?')
  .addStringOption((option) =>
    option
      .setName('quote')
      .setDescription('The words to check, e.g. Hackers bid to get sensitive data')
      .setRequired(true)
      .setMaxLength(MAX_CHECKED_CHARS),
  )
  .addStringOption((option) =>
    option
      .setName('speaker')
      .setDescription('Who is said to have said it (any name the archive knows)')
      .setMaxLength(200)
      .setAutocomplete(true),
  );

export const autocomplete = autocompletePersonName;

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const quote = interaction.options.getString('quote', true);
  const speaker = interaction.options.getString('speaker')?.trim() || undefined;
  let verification;
  try {
    verification = await context.archive.verify(quote, speaker ? { speaker } : {});
  } catch (error) {
    if (error instanceof UserError) return tellPrivately(interaction, replies.badQuotation(error.message));
    throw error;
  }
  await interaction.reply(visible(verificationMessage(verification)));
}
