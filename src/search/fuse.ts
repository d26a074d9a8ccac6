// Fusion: merges the lexical and dense rankings into one, by reciprocal rank or by normalised score.
import type { RankedPassage } from '../retrieval/retriever.ts';

export type FusionMethod = 'rrf' | 'score';

export interface FusionOptions {
  method: FusionMethod;
  /** Weight of the lexical list against the dense one (0..1). */
  lexicalWeight: number;
  /** RRF's rank offset: larger flattens the advantage of the first ranks. */
  rrfK?: number;
}

/**
 * One ranking from a lexical and a dense one. `rrf`: Σ w / (k + rank). `score`: each list's scores
 * min-max scaled to 0..1 over its own results, then a weighted sum (a missing passage counts 0).
 */
export function fuse(lexical: RankedPassage[], dense: RankedPassage[], options: FusionOptions): RankedPassage[] {
  const lexicalWeight = options.lexicalWeight;
  const denseWeight = 1 - lexicalWeight;
  const fused = new Map<number, number>();
  const add = (list: RankedPassage[], weight: number, value: (item: RankedPassage, rank: number) => number): void => {
    for (let rank = 0; rank < list.length; rank++) {
      const item = list[rank];
      fused.set(item.passageId, (fused.get(item.passageId) ?? 0) + weight * value(item, rank));
    }
  };
  if (options.method === 'rrf') {
    const k = options.rrfK ?? 60;
    // Scaled so that a passage first in both lists scores 1.
    const scale = k + 1;
    add(lexical, lexicalWeight, (_, rank) => scale / (k + rank + 1));
    add(dense, denseWeight, (_, rank) => scale / (k + rank + 1));
  } else {
    add(lexical, lexicalWeight, minMax(lexical));
    add(dense, denseWeight, minMax(dense));
  }
  const ranked: RankedPassage[] = [];
  fused.forEach((score, passageId) => ranked.push({ passageId, score }));
  return ranked.sort((a, b) => b.score - a.score || a.passageId - b.passageId);
}

function minMax(list: RankedPassage[]): (item: RankedPassage) => number {
  if (list.length === 0) return () => 0;
  let max = -Infinity;
  let min = Infinity;
  for (const { score } of list) {
    max = Math.max(max, score);
    min = Math.min(min, score);
  }
  // A single result (or all equal) carries its full weight.
  return (item) => (max > min ? (item.score - min) / (max - min) : 1);
}
