// `npm run ask -- [options] "question"`: the archive from a terminal (see --help).
import { existsSync } from 'node:fs';
import { parseAskArgs, USAGE, type AskRequest } from '../src/cli/args.ts';
import {
  formatAnswer,
  formatDates,
  formatPerson,
  formatSaid,
  formatTimeline,
  formatUnknownPerson,
  forTerminal,
  PLAIN,
  TERMINAL,
} from '../src/cli/format.ts';
import { loadEngineConfig } from '../src/config.ts';
import { neutraliseControls } from '../src/corpus/displayText.ts';
import { SetupError, UserError } from '../src/domain/errors.ts';
import { parseDateQuery } from '../src/entities/dateQuery.ts';
import { openArchive } from '../src/openArchive.ts';
import { unpaced } from '../src/pace.ts';
import { checkQuotation } from '../src/verify/verifier.ts';
import { formatVerification, PLAIN_MARKS, TERMINAL_MARKS } from '../src/cli/verifyFormat.ts';

/** Exit status for input the person can fix; nothing was loaded or built. */
const BAD_INPUT = 2;
/** Exit status for a missing or broken index, model or configuration. */
const SETUP_PROBLEM = 1;

// `npm run ask … | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

async function main(argv: string[]): Promise<number> {
  let request: AskRequest;
  try {
    request = parseAskArgs(argv, parseDateQuery);
  } catch (error) {
    if (error instanceof UserError) return fail(error.message, BAD_INPUT);
    throw error;
  }
  if (request.kind === 'help') {
    console.log(request.json ? JSON.stringify({ usage: USAGE }) : USAGE);
    return 0;
  }
  if (request.kind === 'verify') {
    try {
      checkQuotation(request.quote);
    } catch (error) {
      if (error instanceof UserError) return fail(error.message, BAD_INPUT);
      throw error;
    }
  }

  let archive;
  try {
    const config = loadEngineConfig();
    if (request.index !== undefined) {
      // An index named on the command line is used as is: a typo should not start a build.
      if (!existsSync(request.index))
        return fail(`error: no index at ${request.index} (build one with \`npm run index\`, or drop --index)`, SETUP_PROBLEM);
      config.indexDir = request.index;
    }
    // One question and out: nothing shares the event loop, so the index is read without pause points.
    archive = await openArchive(config, { log: (line) => console.error(line), pace: unpaced });
  } catch (error) {
    if (error instanceof SetupError) {
      return fail(`error: ${error.message.replace(/\s*\n\s*/g, ' ')}`, SETUP_PROBLEM);
    }
    throw error;
  }

  const style = process.stdout.isTTY ? TERMINAL : PLAIN;
  // Human output is made from neutralised copies (forTerminal): no escape sequence from an article reaches the terminal.
  const print = <T extends object>(json: T, format: (shown: T) => string): void =>
    console.log(request.json ? JSON.stringify(json) : format(forTerminal(json)));
  switch (request.kind) {
    case 'ask': {
      let answer;
      try {
        answer = await archive.ask({ question: request.question, k: request.k, from: request.from, to: request.to, asOf: request.asOf });
      } catch (error) {
        if (error instanceof UserError) return fail(error.message, BAD_INPUT);
        throw error;
      }
      print(answer, (shown) => formatAnswer(shown, style));
      return 0;
    }
    case 'person': {
      const lookup = await archive.person(request.name);
      if (!lookup.found) return fail(formatUnknownPerson(lookup), BAD_INPUT);
      print({ person: lookup.person, aliases: lookup.aliases, quotes: lookup.quotes }, (shown) =>
        formatPerson({ found: true, ...shown }, style),
      );
      return 0;
    }
    case 'timeline': {
      const timeline = await archive.timeline(request.name);
      if (!timeline.found) return fail(formatUnknownPerson(timeline), BAD_INPUT);
      print({ person: timeline.person, entries: timeline.entries }, (shown) => formatTimeline(shown.person, shown.entries, style));
      return 0;
    }
    case 'said': {
      const said = await archive.said({ speaker: request.name, about: request.about, from: request.from, to: request.to });
      if (!said.found) return fail(formatUnknownPerson(said), BAD_INPUT);
      print({ person: said.person, about: request.about ?? null, quotations: said.quotations }, (shown) =>
        formatSaid({ found: true, person: shown.person, quotations: shown.quotations }, shown.about ?? undefined, style),
      );
      return 0;
    }
    case 'verify': {
      const verification = await archive.verify(request.quote, request.speaker ? { speaker: request.speaker } : {});
      print(
        {
          verdict: verification.verdict,
          matches: verification.matches.map(({ label: _label, title: _title, whole: _whole, ...match }) => match),
        },
        () => formatVerification(forTerminal(verification), process.stdout.isTTY ? TERMINAL_MARKS : PLAIN_MARKS),
      );
      return 0;
    }
    case 'dates': {
      const lookup = await archive.dates(request.range);
      print(lookup, (shown) => formatDates(shown, style));
      return 0;
    }
  }
}

function fail(message: string, status: number): number {
  console.error(neutraliseControls(message));
  return status;
}

// A database that stops answering or drops the connection mid-question is a setup problem too: one line, not a trace.
process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof SetupError) return fail(`error: ${error.message.replace(/\s*\n\s*/g, ' ')}`, SETUP_PROBLEM);
  throw error;
});
