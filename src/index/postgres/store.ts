// The PostgreSQL adapter of the ArchiveStore port: the current build in the database at DATABASE_URL.
import type { EngineConfig } from '../../config.ts';
import type { Embedder } from '../../embedding/embedder.ts';
import { pacer, type Pace } from '../../pace.ts';
import type { PgLexicalRanking } from '../../retrieval/pgLexical.ts';
import type { ArchiveStore } from '../archiveStore.ts';
import { IndexError } from '../errors.ts';
import { InMemoryStore } from '../memoryStore.ts';
import { openPostgresIndex } from './load.ts';

export interface OpenPostgresStoreOptions {
  /** The configured model, whose output size is checked against the build's. */
  embedder: Embedder;
  /** Rank full-text matches by BM25 (default) or ts_rank (to compare them in eval). */
  ranking?: PgLexicalRanking;
  log?: (line: string) => void;
  pace?: Pace;
}

/** The store over the current build at `url`. Throws IndexError (unreachable, empty or mismatched). */
export async function openPostgresStore(url: string, config: EngineConfig, options: OpenPostgresStoreOptions): Promise<ArchiveStore> {
  const index = await openPostgresIndex(url, config, { ranking: options.ranking, log: options.log });
  if (options.embedder.dimensions !== index.manifest.model.dimensions) {
    await index.close();
    throw new IndexError(
      index.source,
      `holds ${index.manifest.model.dimensions}-dimension vectors but the model gives ${options.embedder.dimensions}; rebuild it with \`npm run index -- --store postgres\``,
    );
  }
  return InMemoryStore.create(index, options.pace ?? pacer());
}
