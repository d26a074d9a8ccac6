// Opens the answer engine on the configured index (building it first when missing), loading the model once.
import type { EngineConfig } from '../config.ts';
import { createEmbedder, type Embedder } from '../embedding/embedder.ts';
import { timeOfQuestion } from '../entities/dateQuery.ts';
import { ensureIndex } from '../index/ensure.ts';
import { IndexError } from '../index/errors.ts';
import type { LoadedIndex } from '../index/load.ts';
import { AnswerEngine, type EngineSettings } from './engine.ts';

export interface OpenEngineOptions {
  /** One line per notable step (index build, load), e.g. to stderr. */
  log?: (line: string) => void;
  /** Engine settings beyond the config's (e.g. another fusion, for evaluation). */
  settings?: Partial<EngineSettings>;
}

export interface OpenedEngine {
  engine: AnswerEngine;
  index: LoadedIndex;
  embedder: Embedder;
}

/**
 * The engine over `config.indexDir` (built from `config.corpus` if there is none), with the model
 * loaded once; questions naming a time prefer passages from or about it. Throws IndexError (missing, corrupt or mismatched index) or ModelNotFoundError.
 */
export async function openEngine(config: EngineConfig, options: OpenEngineOptions = {}): Promise<OpenedEngine> {
  const embedder = await createEmbedder(config);
  const index = await ensureIndex(config, { log: options.log, embedder });
  if (embedder.dimensions !== index.manifest.model.dimensions) {
    throw new IndexError(
      index.dir,
      `holds ${index.manifest.model.dimensions}-dimension vectors but the model gives ${embedder.dimensions}; rebuild it with \`npm run index\``,
    );
  }
  if (index.lexicalUnusable) {
    options.log?.(`Building the lexical index in memory: ${index.lexicalUnusable} (\`npm run index\` saves it with the index).`);
  }
  const engine = new AnswerEngine(index, embedder, {
    efSearch: config.hnsw.efSearch,
    timeOfQuestion: (question) => timeOfQuestion(question),
    ...options.settings,
  });
  return { engine, index, embedder };
}
