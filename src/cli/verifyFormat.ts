// Renders a quotation check for a terminal: the verdict, the archive's wording (differences marked), its source and dates.
import type { Verification, VerifiedMatch } from '../domain/verification.ts';
import { humanDay } from '../entities/readableDates.ts';
import { fragmentIn, markedWording, verdictTitle, type DifferenceMarks } from '../verify/describe.ts';

/** Dates of other occurrences listed before "and N more". */
const OCCURRENCES_LISTED = 5;

/** Struck and bold on a terminal; wdiff's [-…-] and {+…+} when piped. */
export const TERMINAL_MARKS: DifferenceMarks = {
  text: (plain) => plain,
  checkedOnly: (words) => `\x1b[9m${words}\x1b[29m`,
  archiveOnly: (words) => `\x1b[1m${words}\x1b[22m`,
  fragment: (words) => `\x1b[1m${words}\x1b[22m`,
};
export const PLAIN_MARKS: DifferenceMarks = {
  text: (plain) => plain,
  checkedOnly: (words) => `[-${words}-]`,
  archiveOnly: (words) => `{+${words}+}`,
  fragment: (words) => `»${words}«`,
};

const blockQuote = (text: string) =>
  text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

function citation(match: VerifiedMatch): string {
  const speaker = match.speaker ? `${match.speaker}, quoted in ` : '';
  return `— ${humanDay(match.date)} · ${speaker}${match.label} · ${match.url ?? match.article}`;
}

function occurrences(matches: VerifiedMatch[]): string {
  if (matches.length <= 1) return '';
  const listed = matches.slice(1, 1 + OCCURRENCES_LISTED).map((match) => `${humanDay(match.date)} (${match.label})`);
  const more = matches.length - 1 - listed.length;
  return `\nAlso in: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

export function formatVerification(verification: Verification, marks: DifferenceMarks): string {
  const checked = `Checked: "${verification.quote}"${verification.speaker ? ` — ${verification.speaker}` : ''}`;
  const title = verdictTitle(verification);
  const [lead] = verification.matches;
  if (!lead)
    return `${title}.\n${checked}\nThe archive holds no close wording of these words. That does not make them false: it may simply not hold them.`;
  const lines = [`${title}.`, checked];
  if (verification.verdict === 'misattributed')
    lines.push(`The archive credits these words to ${lead.speaker ?? 'no one (not a quotation it attributes)'}.`);
  const fragment = fragmentIn(lead);
  if (verification.verdict === 'partial' && fragment) {
    lines.push('The words are part of this:', blockQuote(`${fragment.before}${marks.fragment(fragment.fragment)}${fragment.after}`));
  } else {
    lines.push(blockQuote(markedWording(lead, marks)));
    if (lead.differences)
      lines.push(marks === PLAIN_MARKS ? '([-…-] your wording, {+…+} the archive’s)' : '(struck: your wording; bold: the archive’s)');
  }
  return `${lines.join('\n')}\n${citation(lead)}${occurrences(verification.matches)}`;
}
