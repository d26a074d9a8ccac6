// Measures person detection against hand-labelled articles: precision, recall and F1 over the people each article names.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import { findPeople } from '../src/entities/findPeople.ts';
import { nameKey } from '../src/entities/people.ts';

const labelFile = z.object({
  set: z.string(),
  /** Corpus path, relative to the repository root (the folder holding `tests/`). */
  corpus: z.string(),
  /** Article id → the people it names; "A|B" accepts either spelling. */
  articles: z.record(z.array(z.string())),
  /**
   * The detector's first score on this set, before its errors were used for tuning; absent for a set
   * never tuned on. Once tuned on, a set's current score no longer says how the detector does on unseen text.
   */
  untuned: z.object({ precision: z.number(), recall: z.number() }).optional(),
});

export interface PeopleScore {
  set: string;
  articles: number;
  expected: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
  /** The first score on this set, when the detector has since been tuned on it (see the label file's `untuned`). */
  untuned?: { precision: number; recall: number; f1: number };
  /** Per article, what was found but not expected, and expected but not found. */
  errors: { article: string; spurious: string[]; missed: string[] }[];
}

/** Scores person detection on the labelled set in `labelPath` (a JSON file of tests/fixtures/people/). */
export function evaluatePeople(labelPath: string): PeopleScore {
  const labels = labelFile.parse(JSON.parse(readFileSync(labelPath, 'utf8')));
  const root = resolve(dirname(labelPath), '../../..');
  const corpus = isAbsolute(labels.corpus) ? labels.corpus : resolve(root, labels.corpus);
  const wanted = new Set(Object.keys(labels.articles));
  const articles = loadCorpus(corpus, { skipInvalid: true }).articles.filter((article) => wanted.has(article.id));
  const missing = [...wanted].filter((id) => !articles.some((article) => article.id === id));
  if (missing.length > 0) throw new Error(`${labelPath}: articles not in ${corpus}: ${missing.join(', ')}`);

  let expected = 0;
  let found = 0;
  let correct = 0;
  const errors: PeopleScore['errors'] = [];
  for (const article of articles) {
    const gold = labels.articles[article.id].map((entry) => entry.split('|').map(comparable));
    const predicted = [...new Set(findPeople(article.text, splitSentences(article.text)).map((mention) => mention.person))];
    const matched = new Set<number>();
    const spurious: string[] = [];
    for (const name of predicted) {
      const index = gold.findIndex((spellings, i) => !matched.has(i) && spellings.includes(comparable(name)));
      if (index >= 0) matched.add(index);
      else spurious.push(name);
    }
    const missed = labels.articles[article.id].filter((_, i) => !matched.has(i));
    expected += gold.length;
    found += predicted.length;
    correct += matched.size;
    if (spurious.length > 0 || missed.length > 0) errors.push({ article: article.id, spurious, missed });
  }
  const precision = found === 0 ? 1 : correct / found;
  const recall = expected === 0 ? 1 : correct / expected;
  const f1 = harmonicMean(precision, recall);
  const untuned = labels.untuned && { ...labels.untuned, f1: harmonicMean(labels.untuned.precision, labels.untuned.recall) };
  return {
    set: labels.set,
    articles: articles.length,
    expected,
    found,
    correct,
    precision,
    recall,
    f1,
    ...(untuned ? { untuned } : {}),
    errors,
  };
}

/** Names compare without case, accents or the dots and spaces of initials ("M.A. Munim" = "M. A. Munim"). */
function comparable(name: string): string {
  return nameKey(name)
    .replace(/[.\s]+/g, ' ')
    .replace(/\b(\w) (?=\w\b)/g, '$1')
    .trim();
}

function harmonicMean(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}
