// Diversity: when two quotes score about the same, prefer one from an article not yet quoted.

/** Scores within this distance of the best remaining one count as "about the same". */
export const CLOSE_SCORE = 0.03;

/**
 * Picks `k` items from `ranked` (best first): each time, the best remaining item, unless its article
 * is already quoted and an item from a new article scores within `CLOSE_SCORE` of it.
 */
export function diversify<T extends { articleId: string; quote: { score: number } }>(ranked: T[], k: number): T[] {
  const remaining = [...ranked];
  const picked: T[] = [];
  const quotedArticles = new Set<string>();
  while (picked.length < k && remaining.length > 0) {
    let choice = 0;
    if (quotedArticles.has(remaining[0].articleId)) {
      const fresh = remaining.findIndex(
        (item) => !quotedArticles.has(item.articleId) && item.quote.score >= remaining[0].quote.score - CLOSE_SCORE,
      );
      if (fresh > 0) choice = fresh;
    }
    const [item] = remaining.splice(choice, 1);
    picked.push(item);
    quotedArticles.add(item.articleId);
  }
  return picked;
}
