// Groups an article's sentences into overlapping passages sized for the embedding model.
import type { Article, Passage, Sentence } from '../domain/article.ts';

/** Word pieces per passage; the embedding models we use were trained on sequences of 128–256. */
export const DEFAULT_PASSAGE_TOKENS = 200;

export interface PassageOptions {
  /** Token budget per passage (default 200). */
  maxTokens?: number;
  /** Id of the first passage; the rest are numbered on from it (default 0). */
  firstId?: number;
}

/**
 * Runs of whole sentences within `maxTokens` (as counted by `tokenCount`), each starting with the
 * previous passage's last sentence. A sentence over the budget on its own becomes its own passage,
 * and a passage is never made of only the previous one's last sentence.
 */
export function buildPassages(
  article: Article,
  sentences: Sentence[],
  tokenCount: (text: string) => number,
  options: PassageOptions = {},
): Passage[] {
  const maxTokens = options.maxTokens ?? DEFAULT_PASSAGE_TOKENS;
  const tokens = sentences.map((sentence) => tokenCount(article.text.slice(sentence.start, sentence.end)));
  const passages: Passage[] = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first;
    let used = tokens[first];
    while (last + 1 < sentences.length && used + tokens[last + 1] <= maxTokens) {
      last++;
      used += tokens[last];
    }
    passages.push({
      id: (options.firstId ?? 0) + passages.length,
      articleId: article.id,
      date: article.date,
      firstSentence: first,
      lastSentence: last,
      start: sentences[first].start,
      end: sentences[last].end,
    });
    if (last + 1 >= sentences.length) break;
    const overlapFits = last > first && tokens[last] + tokens[last + 1] <= maxTokens;
    first = overlapFits ? last : last + 1;
  }
  return passages;
}
