// A passage's words, read from its article: what lexical search indexes and the phrase check and quotes read.
import type { Passage, StoredArticle } from '../domain/article.ts';

/** The passage's text, verbatim from its article. */
export function passageText(articles: ReadonlyMap<string, StoredArticle>, passage: Passage): string {
  return articleOf(articles, passage).text.slice(passage.start, passage.end);
}

/** The article `passage` belongs to; a passage of an article not in `articles` is a broken index (an Error). */
export function articleOf(articles: ReadonlyMap<string, StoredArticle>, passage: Passage): StoredArticle {
  const article = articles.get(passage.articleId);
  if (!article) throw new Error(`passage ${passage.id} refers to missing article ${passage.articleId}`);
  return article;
}
