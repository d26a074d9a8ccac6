// Exact-phrase boosts for lexical rankings: a passage holding the question's names and times verbatim ranks higher.
import { firstAbove } from '../columns.ts';
import { extractPhrases, foldForPhrase } from '../corpus/terms.ts';
import type { RankedPassage } from './retriever.ts';

/** How much a passage's score grows per fraction of the question's phrases it contains verbatim. */
const PHRASE_BOOST = 1.0;
/** The most a boost multiplies a score by (the passage holds every phrase): what a ranking that stops early relies on. */
export const MOST_PHRASE_BOOST = 1 + PHRASE_BOOST;
/** How many of the best term matches are checked for the question's exact phrases. */
export const PHRASE_CHECK_DEPTH = 200;

/**
 * `ranked` (best first) with each passage's score multiplied by 1 + the share of the question's phrases it holds,
 * re-sorted and cut to `limit`. Reading passage texts is the slow part on a large archive, so only the first
 * `PHRASE_CHECK_DEPTH` are checked (a passage holding a name also holds its words, so it ranks among them), and
 * none once even a doubled score could not reach the `limit` best boosted so far (the ranking is the same).
 */
export function boostPhrases(
  question: string,
  ranked: RankedPassage[],
  textOf: (passageId: number) => string,
  limit: number,
): RankedPassage[] {
  const phrases = extractPhrases(question).map(foldForPhrase);
  if (phrases.length === 0) return ranked.slice(0, limit);
  // A folded text holds a phrase only if its lower-cased text holds each run of the phrase between spaces and
  // apostrophes (folding changes nothing else): checked first, as it costs a fraction of folding the text.
  const pieces = phrases.map((phrase) => phrase.split(/[ ']/).filter(Boolean));
  const checked: RankedPassage[] = [];
  // The `limit` best boosted scores so far, ascending: best[0] is the one a passage has to beat.
  const best: number[] = [];
  for (const item of ranked.slice(0, Math.max(PHRASE_CHECK_DEPTH, limit))) {
    if (best.length === limit && item.score * MOST_PHRASE_BOOST < best[0]) break;
    const text = textOf(item.passageId);
    const lower = text.toLowerCase();
    const possible = phrases.filter((_, i) => pieces[i].every((piece) => lower.includes(piece)));
    const folded = possible.length > 0 ? foldForPhrase(text) : '';
    const found = possible.filter((phrase) => folded.includes(phrase)).length;
    item.score *= 1 + (PHRASE_BOOST * found) / phrases.length;
    checked.push(item);
    if (best.length < limit || item.score > best[0]) {
      if (best.length === limit) best.shift();
      best.splice(firstAbove(best, item.score), 0, item.score);
    }
  }
  checked.sort((a, b) => b.score - a.score || a.passageId - b.passageId);
  return checked.slice(0, limit);
}
