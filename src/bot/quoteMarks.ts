// Quotes cut out of a longer text can open quoted speech without closing it (or close what they never opened): mark the cut with "…".

/** `text` with "…" where it starts inside quoted speech or stops before the speech ends; the words themselves are untouched. */
export function speechCutMarks(text: string): { lead: string; tail: string } {
  let open = 0;
  let closedUnopened = false;
  // Curly marks say which way they face; a straight one opens after a space or bracket (or at the start), else closes.
  for (const match of text.matchAll(/[“”"]/g)) {
    const before = match.index === 0 ? ' ' : text[match.index - 1];
    const opens = match[0] === '“' || (match[0] === '"' && /[\s([{—–-]/.test(before));
    if (opens) open += 1;
    else if (open > 0) open -= 1;
    else closedUnopened = true;
  }
  return { lead: closedUnopened ? '…' : '', tail: open > 0 ? '…' : '' };
}
