// Parses and checks `npm run ask` arguments into one request, before anything is loaded.
import { parseArgs } from 'node:util';
import type { DateRange } from '../domain/lookups.ts';
import { checkAskOptions, checkDay, checkQuestion, InvalidQuestionError } from '../search/validate.ts';

export const USAGE = `Usage: npm run ask -- [options] "question"

Answers with verbatim, dated quotes from the archive.

  -k N                 how many quotes (default 3)
  --from YYYY-MM-DD    only articles published on or after this day
  --to YYYY-MM-DD      only articles published on or before this day
  --as-of YYYY-MM-DD   answer as of this day (default today): later articles are not quoted,
                       "this week", "recently", "latest" are read relative to it
  --index DIR          use the index in DIR (default: INDEX_DIR, built from CORPUS if missing)
  --json               print one JSON object on stdout (logs go to stderr)
  --person NAME        every passage that mentions a person (any alias)
  --timeline NAME      a person's mentions in the order things happened
  --said NAME          a person's own direct quotations, newest first (with --from/--to: published then)
  --about TEXT         with --said: only quotations with these words
  --date YYYY-MM-DD|YYYY-MM
                       articles published that day or month, and passages mentioning it
  --verify TEXT        check a quotation: found word for word, with differences, credited to
                       someone else, part of a longer quotation, or not in the archive
  --speaker NAME       with --verify: who the quotation is said to be by
  -h, --help           this help

Exit status: 0 answered (or abstained), 2 bad input (nothing was loaded), 1 index or model problem.`;

/** Appended to a usage error instead of the whole usage text. */
const HELP_HINT = 'See `npm run ask -- --help`.';

export type AskRequest =
  | { kind: 'help'; json: boolean }
  | { kind: 'ask'; question: string; k: number; from?: string; to?: string; asOf: string; index?: string; json: boolean }
  | { kind: 'person' | 'timeline'; name: string; index?: string; json: boolean }
  | { kind: 'said'; name: string; about?: string; from?: string; to?: string; index?: string; json: boolean }
  | { kind: 'dates'; range: DateRange; index?: string; json: boolean }
  | { kind: 'verify'; quote: string; speaker?: string; index?: string; json: boolean };

/** Turns a day/month (`--date`) or bounds (`--from/--to`) into a range; errors are typed by the caller's parser. */
export type DateRangeParser = (query: { on?: string; from?: string; to?: string }) => DateRange;

/**
 * The request `argv` asks for; throws InvalidQuestionError with a message meant for the person
 * (bad flags, empty or over-long question, impossible dates, several lookups at once).
 */
export function parseAskArgs(argv: string[], parseDates: DateRangeParser): AskRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        k: { type: 'string', short: 'k' },
        from: { type: 'string' },
        to: { type: 'string' },
        'as-of': { type: 'string' },
        index: { type: 'string' },
        json: { type: 'boolean', default: false },
        person: { type: 'string' },
        timeline: { type: 'string' },
        said: { type: 'string' },
        about: { type: 'string' },
        date: { type: 'string' },
        verify: { type: 'string' },
        speaker: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // node's messages for a flag missing its value run to three lines; the first says it.
    throw new InvalidQuestionError(`${(error as Error).message.split('\n')[0].replace(/\.?\s*$/, '.')} ${HELP_HINT}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', json: values.json ?? false };
  const common = { json: values.json ?? false, ...(values.index !== undefined ? { index: values.index } : {}) };
  const question = positionals.join(' ');

  const lookups = (['person', 'timeline', 'said', 'date', 'verify'] as const).filter((name) => values[name] !== undefined);
  if (lookups.length > 1) throw new InvalidQuestionError(`Use one of --${lookups.join(', --')} at a time.`);
  if (lookups.length === 1 && positionals.length > 0) {
    throw new InvalidQuestionError(`--${lookups[0]} takes no question; got "${question}" as well.`);
  }

  if (values.about !== undefined && values.said === undefined)
    throw new InvalidQuestionError('--about goes with --said, e.g. --said "Imran Khan" --about cypher.');
  if (values.speaker !== undefined && values.verify === undefined)
    throw new InvalidQuestionError('--speaker goes with --verify, e.g. --verify "…" --speaker "Imran Khan".');
  if (values.verify !== undefined) {
    const speaker = values.speaker?.trim();
    if (speaker !== undefined && speaker.length > 200)
      throw new InvalidQuestionError(`--speaker: a name of ${speaker.length} characters is too long.`);
    return { kind: 'verify', quote: values.verify, ...(speaker ? { speaker } : {}), ...common };
  }
  if (values.said !== undefined) {
    const name = values.said.trim();
    if (!name) throw new InvalidQuestionError('--said needs a name, e.g. --said "Imran Khan".');
    if (name.length > 200) throw new InvalidQuestionError(`--said: a name of ${name.length} characters is too long.`);
    const about = values.about?.trim();
    const { from, to } = checkAskOptions({
      ...(values.from !== undefined ? { from: checkDay(values.from, 'from') } : {}),
      ...(values.to !== undefined ? { to: checkDay(values.to, 'to') } : {}),
    });
    return { kind: 'said', name, ...(about ? { about } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), ...common };
  }
  if (values.person !== undefined || values.timeline !== undefined) {
    const kind = values.person !== undefined ? 'person' : 'timeline';
    const name = (values.person ?? values.timeline ?? '').trim();
    if (!name) throw new InvalidQuestionError(`--${kind} needs a name, e.g. --${kind} "Imran Khan".`);
    if (name.length > 200) throw new InvalidQuestionError(`--${kind}: a name of ${name.length} characters is too long.`);
    return { kind, name, ...common };
  }
  if (values.date !== undefined) {
    if (values.from !== undefined || values.to !== undefined) {
      throw new InvalidQuestionError('Use either --date or --from/--to, not both.');
    }
    return { kind: 'dates', range: parseDates({ on: values.date }), ...common };
  }
  if (positionals.length === 0 && (values.from !== undefined || values.to !== undefined)) {
    return { kind: 'dates', range: parseDates({ from: values.from, to: values.to }), ...common };
  }
  if (positionals.length === 0) throw new InvalidQuestionError(`No question given. ${HELP_HINT}`);

  const k = values.k === undefined ? undefined : Number(values.k);
  if (values.k !== undefined && !/^\d+$/.test(values.k)) {
    throw new InvalidQuestionError(`-k must be a whole number (got "${values.k}").`);
  }
  const options = checkAskOptions({
    ...(k !== undefined ? { k } : {}),
    ...(values.from !== undefined ? { from: checkDay(values.from, 'from') } : {}),
    ...(values.to !== undefined ? { to: checkDay(values.to, 'to') } : {}),
    ...(values['as-of'] !== undefined ? { asOf: checkDay(values['as-of'], 'as-of') } : {}),
  });
  return { kind: 'ask', question: checkQuestion(question), ...options, ...common };
}
