// What the bot tells people when it won't or can't answer: friendly, short, with an example to try.
import { PermissionFlagsBits } from 'discord.js';
import { ArchiveUnavailableError } from '../domain/errors.ts';
import { MAX_QUESTION_CHARS } from '../search/validate.ts';
import { commandMention } from './commandMentions.ts';
import { escapeText, truncate } from './limits.ts';

export const replies = {
  error: 'Sorry, something went wrong while answering. It has been logged; please try again in a moment.',
  archiveUnavailable: "Sorry, I can't reach the archive's database right now. It has been logged; please try again in a few minutes.",
  /** `retryAt` in ms since the epoch; Discord shows `<t:…:R>` as a live "in 12 seconds" in the reader's language. */
  rateLimited: (retryAt: number) => `You're asking faster than I can keep up. You can ask again <t:${Math.ceil(retryAt / 1000)}:R>.`,
  questionTooLong: (length: number) =>
    `That question is ${length} characters long; please keep it under ${MAX_QUESTION_CHARS}. ` +
    `Example: ${commandMention('ask')} \`question: What did the PM Office warn officials about?\``,
  emptyQuestion: () =>
    `Ask me a question about the archive, e.g. ${commandMention('ask')} \`question: Who was informed about the hacking?\``,
  unknownPerson: (command: 'person' | 'timeline' | 'said', query: string, suggestions: string[]) =>
    `I don't know anyone called “${escapeText(truncate(query, 100))}” in the archive.` +
    (suggestions.length > 0
      ? ` Did you mean ${suggestions
          .slice(0, 5)
          .map((name) => `**${escapeText(name)}**`)
          .join(', ')}?`
      : '') +
    `\nStart typing in the \`name\` box of ${commandMention(command)} and pick a suggestion, e.g. \`name: Shehbaz Sharif\`.`,
  badDate: (reason: string) =>
    `${reason}\nExamples for ${commandMention('date')}: \`on: 2022-09-28\`, \`on: 2023-08\`, \`from: 2022-09-01 to: 2022-09-30\`.`,
  badQuotation: (reason: string) =>
    `${reason}\nExample: ${commandMention('verify')} \`quote: Hackers bid to get sensitive data speaker: PM Office\`.`,
  badAskDate: (reason: string) =>
    `${reason}\nExamples for ${commandMention('ask')}: \`from: 2022-09-01 to: 2022-09-30\`, \`from: 2022-09\`, \`to: 2023\`.`,
  nothingToFind: 'That message has no text to look up in the archive.',
  alreadyPosted: 'That answer is already posted in the channel.',
  sharedBy: (userId: string) => `Shared by <@${userId}> from *Find in archive*:`,
  alreadyAnswered: (url: string) => `I answered that message already: see the reply under it (${url}).`,
  chat: () =>
    `I answer questions about the archive with verbatim, dated quotes — ask me one (e.g. “Who warned officials about WhatsApp links?”), ` +
    `or see ${commandMention('help')}.`,
  badSaidDate: (reason: string) => `${reason}\nExamples for ${commandMention('said')}: \`name: Imran Khan from: 2022-09 to: 2022-12-31\`.`,
  nothingSaid: (person: string, about: string | undefined) =>
    `I found no direct quotation of **${escapeText(person)}**${about ? ` about “${escapeText(truncate(about, 100))}”` : ''} in the archive.` +
    ` Try ${commandMention('person')} \`name: ${escapeText(person)}\` for every passage that mentions them.`,
  unknownCommand: () =>
    `I don't know that command any more; it may have been removed. Try ${commandMention('ask')} or ${commandMention('help')}.`,
  notAllowed: (command: string, required: bigint) =>
    required & PermissionFlagsBits.ManageGuild
      ? `${commandMention(command)} is for server managers (the Manage Server permission).`
      : `${commandMention(command)} is for channel managers (the Manage Channels permission).`,
  reindexUnavailable: 'This bot was started without reloading; restart it to pick up new articles.',
  reindexFailed: (reason: string) =>
    `The reindex failed, so I'm still answering from the previous index. ${escapeText(truncate(reason, 1_500))}`,
  thanksUp: 'Thanks for the 👍 — it helps us see what works.',
  thanksDown: 'Thanks for telling us; it goes to the people who run this bot.',
  feedbackTooOld: 'That answer is too old to rate now; ask again and rate the new answer.',
  unknownButton: "That button isn't one of mine (or is from an older version of me); ask again for fresh buttons.",
  feedbackUnavailable: "Sorry, I can't record feedback right now (the bot's database is unavailable); it has been logged.",
  configChannelWithoutAnswer: () =>
    `Say what to do in that channel: ${commandMention('config')} \`channel: #questions answer: True\` (or \`False\`).`,
  configNeedsRestart:
    'Note: to read plain messages in answer channels the bot needs the Message Content Intent (developer portal → Bot) and a restart; until then only @mentions are answered.',
  settingsUnavailable: (reason: string) => `Server settings are unavailable right now: ${escapeText(truncate(reason, 1_500))}`,
} as const;

/** What to tell someone whose question failed: a database out of reach is worth naming; anything else is a fault of ours. */
export function replyToFailure(error: unknown): string {
  return error instanceof ArchiveUnavailableError ? replies.archiveUnavailable : replies.error;
}
