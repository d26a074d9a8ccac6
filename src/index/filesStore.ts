// The index files adapter of the ArchiveStore port: the index in INDEX_DIR (built from the corpus if there is none).
import type { EngineConfig } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { pacer, type Pace } from '../pace.ts';
import type { DenseEngine, LexicalEngine } from '../retrieval/retriever.ts';
import { ensureIndex } from './ensure.ts';
import { IndexError } from './errors.ts';
import type { LoadedIndex } from './load.ts';
import { InMemoryStore } from './memoryStore.ts';

export interface OpenFilesOptions {
  /** The lexical engine the index is built and searched with (the composition root names it). */
  lexical: LexicalEngine;
  /** The dense engine, likewise. */
  dense: DenseEngine;
  /** The configured model: a missing index is built with it, and its output size is checked against the index. */
  embedder: Embedder;
  log?: (line: string) => void;
  /** Pause points of the load (default: a turn of the event loop every SLICE_MS). */
  pace?: Pace;
}

/**
 * The store over `config.indexDir`, and the loaded index it reads (bench and eval measure its parts). Throws
 * IndexError when the index is missing and cannot be built, corrupt, or made with another model.
 */
export async function openIndexFiles(
  config: EngineConfig,
  options: OpenFilesOptions,
): Promise<{ store: InMemoryStore; index: LoadedIndex }> {
  const pace = options.pace ?? pacer();
  const { embedder, lexical: engine, dense, log } = options;
  const index = await ensureIndex(config, { lexical: engine, dense, log, embedder, pace });
  if (embedder.dimensions !== index.manifest.model.dimensions) {
    throw new IndexError(
      index.dir,
      `holds ${index.manifest.model.dimensions}-dimension vectors but the model gives ${embedder.dimensions}; rebuild it with \`npm run index\``,
    );
  }
  if (index.lexicalUnusable)
    log?.(`Building the lexical index in memory: ${index.lexicalUnusable} (\`npm run index\` saves it with the index).`);
  const lexical = index.lexical ?? engine.build(index.passages, index.articles);
  const store = await InMemoryStore.create(
    {
      ...index,
      source: index.dir,
      lexical,
      close: async () => {
        index.close();
        lexical.close();
      },
    },
    pace,
  );
  return { store, index };
}
