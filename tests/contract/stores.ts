// Both stores of the archive over one corpus, for the contract suite: the index files, and PostgreSQL (PGlite with
// pgvector, served over the wire protocol and reached through `pg` as a production database is).
import type { StoreArchive } from '../../src/archive.ts';
import type { EngineConfig } from '../../src/config.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { openArchive, rebuildArchive } from '../../src/openArchive.ts';
import { startPglite } from '../../eval/pglite.ts';

export interface StorePair {
  stores: { name: 'files' | 'postgres'; archive: StoreArchive }[];
  stop(): Promise<void>;
}

/**
 * Opens `config`'s corpus from the index files at `config.indexDir` (built when `build` says so) and from a fresh
 * Postgres it builds, both with the same model.
 */
export async function openBothStores(config: EngineConfig, embedder: Embedder, { buildFiles = false } = {}): Promise<StorePair> {
  const inFiles: EngineConfig = { ...config, databaseUrl: undefined };
  if (buildFiles) await rebuildArchive(inFiles, { embedder, skipInvalid: true });
  const database = await startPglite();
  const inPostgres: EngineConfig = { ...config, databaseUrl: database.url };
  try {
    await rebuildArchive(inPostgres, { embedder, skipInvalid: true });
    const files = await openArchive(inFiles, { embedder });
    const postgres = await openArchive(inPostgres, { embedder });
    return {
      stores: [
        { name: 'files', archive: files },
        { name: 'postgres', archive: postgres },
      ],
      stop: async () => {
        await files.close();
        await postgres.close();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
