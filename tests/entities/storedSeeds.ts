// The seed articles as the index stores them (read from the shared seeds index), and `store` for ad-hoc articles.
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Article } from '../../src/domain/article.ts';
import { extractEntities } from '../../src/entities/extract.ts';
import type { StoredArticle } from '../../src/domain/article.ts';
import { loadArchiveIndex } from '../../src/openArchive.ts';
import { seedIndex } from '../support/seedIndex.ts';

export const HACKING = '000_ae1dca75ecde649c.txt';
export const DARK_WEB = '002_da930858047ced72.txt';

export function store(article: Article): StoredArticle {
  const sentences = splitSentences(article.text);
  return { ...article, sentences, entities: extractEntities(article, sentences) };
}

export async function storedSeeds(): Promise<StoredArticle[]> {
  const { config } = seedIndex();
  return [...(await loadArchiveIndex(config.indexDir, config)).articles.values()];
}
