// Finds where a checked quotation's words best fit in an article's words: the fewest words added, missing or changed.

/** One step of an alignment: a word in both, a word only the checked text has, one only the article has, one for the other. */
export type AlignmentStep =
  | { kind: 'same' | 'changed'; checked: number; archive: number }
  | { kind: 'added'; checked: number }
  | { kind: 'missing'; archive: number }
  /** Article words an ellipsis in the checked text stands for: not a difference. */
  | { kind: 'omitted'; archive: number };

export interface Alignment {
  /** Words added, missing or changed. */
  edits: number;
  /** First and last article word of the fit (inclusive). */
  first: number;
  last: number;
  steps: AlignmentStep[];
}

/**
 * The best fit of all of `checked` to a stretch of `article` (both word ids): an edit distance where the article's
 * words before and after the stretch are free, and so are those where the checked text had an ellipsis
 * (`omissionBefore`: before which checked word). Undefined when no article word fits at all.
 */
export function align(checked: ArrayLike<number>, omissionBefore: ReadonlySet<number>, article: ArrayLike<number>): Alignment | undefined {
  const n = checked.length;
  const m = article.length;
  const width = m + 1;
  const cost = new Int32Array((n + 1) * width);
  for (let i = 1; i <= n; i++) {
    const row = i * width;
    const above = row - width;
    const skipsFree = omissionBefore.has(i) && i < n;
    cost[row] = i;
    const word = checked[i - 1];
    for (let j = 1; j <= m; j++) {
      let best = cost[above + j - 1] + (word === article[j - 1] ? 0 : 1);
      const added = cost[above + j] + 1;
      if (added < best) best = added;
      const missing = cost[row + j - 1] + (skipsFree ? 0 : 1);
      if (missing < best) best = missing;
      cost[row + j] = best;
    }
  }
  let end = 0;
  const last = n * width;
  for (let j = 1; j <= m; j++) if (cost[last + j] < cost[last + end]) end = j;
  const steps: AlignmentStep[] = [];
  let i = n;
  let j = end;
  while (i > 0) {
    const here = cost[i * width + j];
    const skipsFree = omissionBefore.has(i) && i < n;
    if (j > 0 && here === cost[(i - 1) * width + j - 1] + (checked[i - 1] === article[j - 1] ? 0 : 1)) {
      steps.push({ kind: checked[i - 1] === article[j - 1] ? 'same' : 'changed', checked: i - 1, archive: j - 1 });
      i--;
      j--;
    } else if (here === cost[(i - 1) * width + j] + 1) {
      steps.push({ kind: 'added', checked: i - 1 });
      i--;
    } else {
      steps.push({ kind: skipsFree ? 'omitted' : 'missing', archive: j - 1 });
      j--;
    }
  }
  steps.reverse();
  const inArticle = steps.filter((step) => step.kind !== 'added');
  if (inArticle.length === 0) return undefined;
  const first = (inArticle[0] as { archive: number }).archive;
  const lastWord = (inArticle.at(-1) as { archive: number }).archive;
  return { edits: cost[last + end], first, last: lastWord, steps };
}
