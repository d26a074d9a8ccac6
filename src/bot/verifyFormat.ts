// Turns a quotation check into one Discord message: the verdict as its title, the archive's wording with the
// differences marked (~~your words~~ **the archive's**), who it credits, and the date of every occurrence.
import type { APIEmbed } from 'discord.js';
import type { Verdict, Verification, VerifiedMatch } from '../domain/verification.ts';
import { humanDay } from '../entities/readableDates.ts';
import { fragmentIn, markedWording, verdictTitle, type DifferenceMarks } from '../verify/describe.ts';
import { articleLink, citationLine } from './format.ts';
import { clampMessage, escapeText, truncate, type MessageBody } from './limits.ts';

const VERDICT_COLORS: Record<Verdict, number> = {
  verbatim: 0x2e8b57,
  differences: 0xc98a1b,
  partial: 0xc98a1b,
  misattributed: 0xb5473a,
  absent: 0x7f7f7f,
};
/** The checked text echoed back, and the archive's wording shown, at most this long. */
const CHECKED_MAX = 300;
const WORDING_MAX = 1500;
/** Dates of other occurrences listed before "and N more". */
const OCCURRENCES_LISTED = 5;

/** Discord's strike-through and bold, every word escaped; a mark does not span a line break, so each line is marked alone. */
const DISCORD_MARKS: DifferenceMarks = {
  text: (plain) => escapeText(plain),
  checkedOnly: (words) => perLine(words, '~~'),
  archiveOnly: (words) => perLine(words, '**'),
  fragment: (words) => perLine(words, '**'),
};

function perLine(words: string, mark: string): string {
  return escapeText(words)
    .split('\n')
    .map((line) => (line.trim() ? `${mark}${line}${mark}` : line))
    .join('\n');
}

const blockQuote = (text: string) =>
  text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

function otherOccurrences(matches: VerifiedMatch[]): string[] {
  if (matches.length <= 1) return [];
  const listed = matches.slice(1, 1 + OCCURRENCES_LISTED).map((match) => `${humanDay(match.date)} · ${articleLink(match)}`);
  const more = matches.length - 1 - listed.length;
  return ['', `**Also in** ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`];
}

/** The archive's wording as evidence for the verdict: marked differences, or the fragment inside its whole. */
function evidence(verification: Verification, lead: VerifiedMatch): string[] {
  const fragment = fragmentIn(lead);
  if (verification.verdict === 'partial' && fragment) {
    const whole = { ...lead, text: truncate(`${fragment.before}${fragment.fragment}${fragment.after}`, WORDING_MAX) };
    const at = whole.text.indexOf(fragment.fragment);
    const shown =
      at < 0
        ? escapeText(whole.text)
        : `${escapeText(fragment.before)}${DISCORD_MARKS.fragment(fragment.fragment)}${escapeText(whole.text.slice(at + fragment.fragment.length))}`;
    return ['Your words (in bold) are part of this:', blockQuote(shown)];
  }
  const shown = blockQuote(markedWording({ ...lead, text: lead.text }, DISCORD_MARKS));
  return lead.differences ? [shown, '-# ~~struck~~: your wording · **bold**: the archive’s'] : [shown];
}

export function verificationMessage(verification: Verification): MessageBody {
  const checked = `Checked: “${escapeText(truncate(verification.quote.trim(), CHECKED_MAX))}”${
    verification.speaker ? ` — ${escapeText(truncate(verification.speaker, 80))}` : ''
  }`;
  const [lead] = verification.matches;
  const lines = [checked, ''];
  if (!lead) {
    lines.push(
      'I found no close wording of these words in the archive. That does not make them false: the archive may simply not hold them.',
    );
  } else {
    if (verification.verdict === 'misattributed')
      lines.push(
        `The archive credits these words to **${lead.speaker ? escapeText(truncate(lead.speaker, 80)) : 'no one'}**${lead.speaker ? '' : ' (they are not a quotation it attributes)'}.`,
        '',
      );
    lines.push(...evidence(verification, lead), citationLine(lead), ...otherOccurrences(verification.matches));
  }
  const embed: APIEmbed = { title: verdictTitle(verification), description: lines.join('\n'), color: VERDICT_COLORS[verification.verdict] };
  return clampMessage({ embeds: [embed] });
}
