// How a verification reads, for any front door: the verdict's words, and the archive's wording with its differences marked.
import type { Verdict, Verification, VerifiedMatch } from '../domain/verification.ts';

/** The verdict as a reader is told it. Never "false": the archive may simply not hold a quotation. */
export const VERDICT_TITLES: Record<Verdict, string> = {
  verbatim: 'Found word for word',
  differences: 'Found with differences',
  misattributed: 'Found, credited to someone else',
  partial: 'Part of a longer quotation',
  absent: 'Not in the archive',
};

/** The verdict's title, "credited to no one" when the archive attributes the words to nobody. */
export function verdictTitle(verification: Verification): string {
  if (verification.verdict === 'misattributed' && !verification.matches[0]?.speaker) return 'Found, credited to no one';
  return VERDICT_TITLES[verification.verdict];
}

/** How one front door marks text: its escaping, and the checked text's words and the archive's where they differ. */
export interface DifferenceMarks {
  text: (plain: string) => string;
  /** Words of the checked text the archive does not have (struck through). */
  checkedOnly: (words: string) => string;
  /** Words of the archive the checked text lacks or changed (bold). */
  archiveOnly: (words: string) => string;
  /** The checked fragment inside the longer quotation it was cut from. */
  fragment: (words: string) => string;
}

/** The match's wording with each difference marked: the checked words struck, the archive's in bold. */
export function markedWording(match: VerifiedMatch, marks: DifferenceMarks): string {
  let shown = '';
  let at = 0;
  for (const difference of match.differences ?? []) {
    shown += marks.text(match.text.slice(at, difference.start));
    const checked = difference.checked ? marks.checkedOnly(difference.checked) : '';
    const archive = difference.archive ? marks.archiveOnly(difference.archive) : '';
    // Added words sit between two of the archive's: after the previous word, or before the first.
    if (difference.kind === 'added') shown += difference.start === 0 ? `${checked} ` : ` ${checked}`;
    else shown += [checked, archive].filter(Boolean).join(' ');
    at = difference.end;
  }
  return shown + marks.text(match.text.slice(at));
}

/** The part `match.text` takes in its whole quotation, between the text before and after it. */
export function fragmentIn(match: VerifiedMatch): { before: string; fragment: string; after: string } | undefined {
  if (match.whole === undefined) return undefined;
  const at = match.whole.indexOf(match.text);
  if (at < 0) return undefined;
  return { before: match.whole.slice(0, at), fragment: match.text, after: match.whole.slice(at + match.text.length) };
}
