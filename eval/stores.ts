// The same corpus in both stores, for `npm run eval -- --stores`: the embedded index, and Postgres (PGlite + pgvector
// over the wire) ranked by BM25 in SQL and by plain ts_rank.
import { join } from 'node:path';
import type { EngineConfig } from '../src/config.ts';
import type { StoredArticle } from '../src/domain/article.ts';
import { buildArchiveIndex, buildPostgresArchive, openEngine, openIndexEngine } from '../src/openArchive.ts';
import type { AnswerEngine } from '../src/search/engine.ts';
import { startPglite } from './pglite.ts';

export interface StoreVariant {
  name: string;
  engine: AnswerEngine;
}

export interface StoreComparison {
  variants: StoreVariant[];
  /** The corpus's articles (the same in every store), for checking answers. */
  articles: ReadonlyMap<string, StoredArticle>;
  close(): Promise<void>;
}

/** Builds `corpus` into `cache/<name>-index` and into a fresh in-memory Postgres, and opens an engine on each. */
export async function compareStores(
  config: EngineConfig,
  corpus: string,
  name: string,
  cache: string,
  log: (line: string) => void,
): Promise<StoreComparison> {
  const scoped: EngineConfig = { ...config, corpus, indexDir: join(cache, `${name}-index`) };
  await buildArchiveIndex(scoped);
  const embedded = await openIndexEngine(scoped, { log });
  const database = await startPglite();
  log(`Building ${corpus} into Postgres (PGlite)…`);
  const built = await buildPostgresArchive(database.url, scoped);
  log(`Built in ${(built.ms / 1000).toFixed(1)} s.`);
  const inPostgres = { ...scoped, databaseUrl: database.url };
  const bm25 = await openEngine(inPostgres, { log, embedder: embedded.embedder });
  const tsRank = await openEngine(inPostgres, { log, embedder: embedded.embedder, ranking: 'ts_rank' });
  return {
    variants: [
      { name: 'embedded (MiniSearch BM25)', engine: embedded.engine },
      { name: 'Postgres, BM25 in SQL', engine: bm25.engine },
      { name: 'Postgres, ts_rank', engine: tsRank.engine },
    ],
    articles: embedded.index.articles,
    close: async () => {
      await bm25.store.close();
      await tsRank.store.close();
      await database.stop();
    },
  };
}
