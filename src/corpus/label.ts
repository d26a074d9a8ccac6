// How a reader recognises an article: its title, else its opening words; and its web address when the corpus has one.
import type { Article, ArticleCitation } from '../domain/article.ts';

const LABEL_MAX_WORDS = 10;
const LABEL_MIN_WORDS = 4;

/** Opening lines that are not the story: photo captions, wire credits, reference codes and datelines. */
const NOT_THE_STORY: RegExp[] = [
  /\b(picture|photo|illustration|file image)\b.*\b(taken|shows?|credit)\b/i,
  /[—-]\s*(Reuters|AFP|AP|Getty Images|File)\s*$/i,
];

/** The article's title, else its first line of running text cut to about ten words ("PMO says security agencies are…"). */
export function articleLabel(article: Pick<Article, 'title' | 'text'>): string {
  const title = article.title?.replace(/\s+/g, ' ').trim();
  if (title) return title;
  const opening = article.text.slice(0, 2_000).replace(/^\s*date \d{4}-\d{2}-\d{2}\s*/, '');
  const lines = opening.split('\n').map((line) => line.trim());
  const story =
    lines.find((line) => line.split(/\s+/).length >= LABEL_MIN_WORDS && !NOT_THE_STORY.some((rule) => rule.test(line))) ??
    lines.find(Boolean) ??
    '';
  const words = story.split(/\s+/).filter(Boolean);
  if (words.length <= LABEL_MAX_WORDS) return story.replace(/[.,;:]$/, '');
  return `${words
    .slice(0, LABEL_MAX_WORDS)
    .join(' ')
    .replace(/[.,;:]$/, '')}…`;
}

/** The article's web address, when its `source` is one. */
export function articleUrl(article: Pick<Article, 'source'>): string | undefined {
  return article.source && /^https?:\/\/\S+$/i.test(article.source.trim()) ? article.source.trim() : undefined;
}

export function citationOf(article: Pick<Article, 'id' | 'date' | 'title' | 'text' | 'source'>): ArticleCitation {
  const url = articleUrl(article);
  return {
    article: article.id,
    date: article.date,
    ...(article.title ? { title: article.title } : {}),
    label: articleLabel(article),
    ...(url ? { url } : {}),
  };
}
