// /ask question: [from:] [to:] — the engine's best verbatim, dated quotes for a question, optionally within publication dates.
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction, type RepliableInteraction } from 'discord.js';
import type { Answer, Archive, DateRange } from '../../archive.ts';
import { DateQueryError, OPEN_END, OPEN_START, parseDateQuery } from '../../entities/dateQuery.ts';
import { UserError } from '../../domain/errors.ts';
import type { BotContext } from '../context.ts';
import { answerPages, furtherPassagesPage } from '../format.ts';
import { feedbackButtons, rememberAnswer, type AskedWhere } from '../feedback.ts';
import type { PageView } from '../pager.ts';
import { MAX_QUESTION_CHARS } from '../../search/validate.ts';
import { replies } from '../replies.ts';
import { replyPaged, tellPrivately, visible } from '../send.ts';

/** Quotes fetched per question (/ask, "Find in archive", messages, thread follow-ups); the pager pages through them. */
export const RESULTS_PER_QUESTION = 12;
const QUOTES_PER_PAGE = 3;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask the news archive a question; get verbatim, dated quotes.')
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('e.g. What did the PM Office warn officials about?')
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_CHARS),
  )
  .addStringOption((option) =>
    option.setName('from').setDescription('Only articles published from: 2022-09-01, 2022-09 or 2022').setMaxLength(32),
  )
  .addStringOption((option) =>
    option.setName('to').setDescription('Only articles published up to: 2022-09-30, 2022-09 or 2022').setMaxLength(32),
  );

/** Why a question can't be asked as written, or undefined when it can. */
export function questionProblem(question: string): string | undefined {
  if (!question) return replies.emptyQuestion();
  if (question.length > MAX_QUESTION_CHARS) return replies.questionTooLong(question.length);
  return undefined;
}

/** The `from:`/`to:` options as publication-date bounds (each a day, month or year); none when neither is given. */
function publicationBounds(from: string | null, to: string | null): Partial<DateRange> {
  if (!from?.trim() && !to?.trim()) return {};
  const range = parseDateQuery({ from: from ?? undefined, to: to ?? undefined });
  return { ...(range.from !== OPEN_START ? { from: range.from } : {}), ...(range.to !== OPEN_END ? { to: range.to } : {}) };
}

/** The day a question is answered as of: the day its interaction or message was created. */
export function asOfDay(askedAt: Date): string {
  return askedAt.toISOString().slice(0, 10);
}

/** Shared with "Find in archive"; `askedAt` (when the interaction was created) is the day answered as of. */
async function askArchive(archive: Archive, question: string, askedAt: Date, published: Partial<DateRange> = {}): Promise<Answer> {
  return archive.ask({ question, k: RESULTS_PER_QUESTION, asOf: asOfDay(askedAt), ...published });
}

/**
 * The answer's first page, its pager, and 👍/👎 in the same row when it could be remembered for feedback; `postable`
 * adds "Post to channel" (the answer is shown privately). `reading` (how a thread follow-up was read) leads the page.
 */
export function answerView(
  context: BotContext,
  asked: AskedWhere,
  answer: Answer,
  shown: { postable?: boolean; reading?: string } = {},
): PageView {
  const answerId = rememberAnswer(context, asked, answer);
  const pages = answerPages(answer, QUOTES_PER_PAGE);
  const { reading } = shown;
  return context.pager.start(asked.userId, reading ? pages.map((page) => ({ ...page, content: reading })) : pages, {
    extra: answerId ? feedbackButtons(answerId) : [],
    morePage: furtherPassagesPage(answer, QUOTES_PER_PAGE),
    postable: shown.postable,
  });
}

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const question = interaction.options.getString('question', true).trim();
  const problem = questionProblem(question);
  if (problem) return tellPrivately(interaction, problem);
  let published: Partial<DateRange>;
  try {
    published = publicationBounds(interaction.options.getString('from'), interaction.options.getString('to'));
  } catch (error) {
    if (error instanceof DateQueryError) return tellPrivately(interaction, replies.badAskDate(error.message));
    throw error;
  }
  await answerInteraction(interaction, context, question, { published });
}

/**
 * Searches for `question` on behalf of an interaction (/ask, "Find in archive") and replies with the paged answer:
 * the search is charged to the user's rate limit, and acknowledged first, since it can take longer than
 * Discord's 3 s to acknowledge. A `privately` answer only the person sees, with a button to post it to the channel.
 */
export async function answerInteraction(
  interaction: RepliableInteraction,
  context: BotContext,
  question: string,
  { published = {}, privately = false }: { published?: Partial<DateRange>; privately?: boolean } = {},
): Promise<void> {
  const limited = context.chargeSearch(interaction.user.id);
  if (limited) return tellPrivately(interaction, limited);
  await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
  let answer: Answer;
  try {
    answer = await askArchive(context.archive, question, interaction.createdAt, published);
  } catch (error) {
    // The engine's own check of the question: the person's to fix, not a fault.
    if (error instanceof UserError) return tellPrivately(interaction, error.message);
    throw error;
  }
  const asked = {
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    askedAt: interaction.createdAt,
  };
  const view = answerView(context, asked, answer, { postable: privately });
  // A private message can't be edited by the bot later: its buttons stay (a late press says the answer expired).
  if (privately) await interaction.editReply(visible(view));
  else await replyPaged(interaction, context.pager, view);
}
