// npm run feedback — readers' 👍/👎 on the bot's answers, from the bot's state database (BOT_STATE_PATH).
import { parseArgs } from 'node:util';
import { formatFeedback, summarise } from '../src/cli/feedbackReport.ts';
import { loadBotStatePath } from '../src/config.ts';
import { SetupError } from '../src/domain/errors.ts';
import { BotState } from '../src/ops/botState.ts';

const USAGE = `Usage: npm run feedback -- [--json] [--recent N] [--state FILE]

Prints readers' votes on the bot's answers: counts by day, then the recent 👎 with the question, the comment and
the quotes shown.

  --json        one JSON object on stdout: {"path", "summary": {"up", "down", "byDay"}, "votes": [...]} (every vote, newest first)
  --recent N    how many recent 👎 to show in full (default 10)
  --state FILE  the bot's state database (default: BOT_STATE_PATH, else data/bot-state.sqlite)`;

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, recent: { type: 'string' }, state: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}. See \`npm run feedback -- --help\`.`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const recent = Number(values.recent ?? 10);
  if (!Number.isInteger(recent) || recent < 0) {
    console.error('--recent wants a whole number, e.g. --recent 20.');
    return 2;
  }
  let state: BotState;
  try {
    state = BotState.open(values.state ?? loadBotStatePath(), { create: false });
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    return 1;
  }
  try {
    const votes = state.feedback();
    if (values.json) process.stdout.write(`${JSON.stringify({ path: state.path, summary: summarise(votes), votes })}\n`);
    else console.log(formatFeedback(votes, recent));
    return 0;
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    state.close();
  }
}

process.exitCode = main(process.argv.slice(2));
