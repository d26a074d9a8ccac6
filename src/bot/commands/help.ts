// /help — what the bot does and how to ask it, with every command as a clickable mention.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { commandMention } from '../commandMentions.ts';
import type { BotContext } from '../context.ts';
import { clampMessage, type MessageBody } from '../limits.ts';
import { NO_MENTIONS } from '../send.ts';
import { MessageFlags } from 'discord.js';

export const data = new SlashCommandBuilder().setName('help').setDescription('What this bot does and how to ask it.');

/** The help text, also the heart of the greeting when the bot joins a server. */
export function helpMessage(): MessageBody {
  return clampMessage({
    embeds: [
      {
        title: 'Quote Archive — how to ask',
        color: 0x2f6f9f,
        description: [
          'I answer questions about a news archive with **verbatim, dated quotes** — never a paraphrase. When nothing answers, I say so.',
          '',
          `${commandMention('ask')} \`question:\` — the best quotes for a question (\`from:\`/\`to:\` limit the publication dates)`,
          `${commandMention('person')} \`name:\` — everyone the archive mentions, newest article first`,
          `${commandMention('said')} \`name:\` — a person's own quoted words, newest first (\`about:\` narrows them)`,
          `${commandMention('timeline')} \`name:\` — a person's mentions in the order things happened`,
          `${commandMention('date')} \`on:\` or \`from:\`/\`to:\` — what was published then, and passages mentioning those days`,
          `${commandMention('verify')} \`quote:\` — is a quotation in the archive word for word, changed, cut, or credited to someone else (\`speaker:\`)?`,
          `${commandMention('follow')} \`person:\` or \`topic:\` — channel managers: post each new article naming that person, or answering that topic, in this channel (${commandMention('unfollow')} stops it, ${commandMention('following')} lists them)`,
          `${commandMention('sources')} — the articles the archive holds`,
          `Right-click a message → *Apps* → **Find in archive** — quotes for that message's text, shown only to you, with **Post to channel**`,
          `${commandMention('config')} — server managers: the channels where I answer plain questions, and threads on/off`,
          '',
          'You can also @mention me with a question. Anyone may page an answer (◀ Prev · Next ▶: shown to you alone). Rate an answer with 👍 or 👎 under it (privately; 👎 asks what was wrong) — it helps whoever runs me.',
          'In an answer thread, ask follow-ups: “what else did he say?”, “what did she say that day?”, “and before that?”, “what about Imran Khan?” — I say how I read them.',
        ].join('\n'),
      },
    ],
  });
}

export async function execute(interaction: ChatInputCommandInteraction, _context: BotContext): Promise<void> {
  await interaction.reply({ ...helpMessage(), allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
}
