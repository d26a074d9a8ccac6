// The seed articles as the index stores them (read from the shared seeds index), and `store` for ad-hoc articles.
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Article } from '../../src/domain/article.ts';
import { extractEntities } from '../../src/entities/extract.ts';
import type { StoredArticle } from '../../src/domain/article.ts';
import { InMemoryStore } from '../../src/index/memoryStore.ts';
import { SentenceVectors } from '../../src/index/sentenceVectors.ts';
import { EntityLookup } from '../../src/lookup/lookup.ts';
import { loadArchiveIndex } from '../../src/openArchive.ts';
import { unpaced } from '../../src/pace.ts';
import { bm25Engine } from '../../src/retrieval/bm25.ts';
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

/**
 * The lookups over a store in memory holding `articles` (their people directory built from them, as a build does);
 * its retrievers are over no passages, which no lookup reads.
 */
export async function lookupOver(articles: StoredArticle[]): Promise<EntityLookup> {
  return new EntityLookup(await storeOver(articles));
}

/** A store in memory holding `articles`, as `lookupOver` uses it. */
export async function storeOver(articles: StoredArticle[]): Promise<InMemoryStore> {
  const { config } = seedIndex();
  const index = await loadArchiveIndex(config.indexDir, config);
  const byId = new Map(articles.map((article) => [article.id, article]));
  return InMemoryStore.create(
    {
      source: 'test articles',
      manifest: index.manifest,
      articles: byId,
      passages: [],
      sentences: new SentenceVectors(new Float32Array(0), index.manifest.model.dimensions, []),
      lexical: bm25Engine.build([], byId),
      dense: index.dense,
    },
    unpaced,
  );
}
