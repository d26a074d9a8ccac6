// Articles' texts read alone, without their sentences and mentions: what the phrase check reads of up to 200 passages a
// question (an index on disk decodes nothing else of those articles).
import type { ArticleLibrary, ArticleTexts, Passage, StoredArticle } from '../domain/article.ts';

/** The passage's text, verbatim from its article's text (see passageText.ts for articles read whole). */
export function passageTextIn(texts: ArticleTexts, passage: Passage): string {
  const text = texts.textOf(passage.articleId);
  if (text === undefined) throw new Error(`passage ${passage.id} refers to missing article ${passage.articleId}`);
  return text.slice(passage.start, passage.end);
}

/** The texts of articles held in memory. */
export function textsOf(articles: ReadonlyMap<string, StoredArticle>): ArticleTexts {
  return { textOf: (id) => articles.get(id)?.text };
}

/** Articles held in memory (an index read whole), as answering reads them. */
export class HeldArticles extends Map<string, StoredArticle> implements ArticleLibrary {
  textOf(id: string): string | undefined {
    return this.get(id)?.text;
  }
}
