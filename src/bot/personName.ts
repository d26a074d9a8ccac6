// The `name:` option that /person and /timeline share: how it is declared and how it autocompletes.
import type { AutocompleteInteraction, SlashCommandStringOption } from 'discord.js';
import type { BotContext } from './context.ts';
import { LIMITS, truncate } from './limits.ts';

export function personNameOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option
    .setName('name')
    .setDescription('Start typing a name, e.g. Shehbaz Sharif')
    .setRequired(true)
    .setMaxLength(LIMITS.choiceValue)
    .setAutocomplete(true);
}

/** Answered from the in-memory name list: Discord drops autocomplete replies after 3 s. */
export async function autocompletePersonName(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused()).slice(0, LIMITS.choiceValue);
  const names = context.archive.suggestPeople(typed, LIMITS.autocompleteChoices);
  const choices = [...new Set(names)]
    .filter((name) => name.length > 0 && name.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map((name) => ({ name: truncate(name, LIMITS.choiceName), value: name }));
  await interaction.respond(choices);
}
