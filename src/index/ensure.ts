// Opens the configured index, building it first when there is none (the CLI's first run).
import { resolve } from 'node:path';
import type { EngineConfig } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { Pace } from '../pace.ts';
import type { DenseEngine, LexicalEngine } from '../retrieval/retriever.ts';
import type { BuildProgress } from './build.ts';
import { recoverIndex } from './files.ts';
import { loadIndex, type LoadedIndex } from './load.ts';
import { olderIndex } from './store.ts';

export interface EnsureIndexOptions {
  lexical: LexicalEngine;
  dense: DenseEngine;
  onProgress?: (progress: BuildProgress) => void;
  /** Told, in one line each, that a build starts and how it went. */
  log?: (line: string) => void;
  /** The configured model, if already loaded: a build then reuses it. */
  embedder?: Embedder;
  /** Pause points of the load (see loadIndex). */
  pace?: Pace;
}

/**
 * Loads `config.indexDir`; when nothing is there, builds it from `config.corpus` first, and when an older version of
 * this program built it from `config.corpus`, updates it (an incremental build reusing its analysis and vectors). An
 * older index of another corpus is left as it is: loading it says to rebuild it.
 */
export async function ensureIndex(config: EngineConfig, options: EnsureIndexOptions): Promise<LoadedIndex> {
  const exists = recoverIndex(config.indexDir);
  const older = exists ? await olderIndex(config.indexDir) : undefined;
  const upgrade = older !== undefined && resolve(older.corpus) === resolve(config.corpus);
  if (!exists || upgrade) {
    // Loaded only to build: analysis pulls in the NLP libraries, which an existing index does not need.
    const { buildIndex } = await import('./build.ts');
    options.log?.(
      upgrade
        ? `The index at ${config.indexDir} was built by an older version (schema ${older.schemaVersion}): updating it from ${config.corpus}, reusing what it holds…`
        : `No index at ${config.indexDir}: building it from ${config.corpus} (once)…`,
    );
    const { lexical, dense, onProgress, embedder } = options;
    const report = await buildIndex(config, { lexical, dense, onProgress, embedder });
    options.log?.(
      `Built ${report.manifest.counts.passages} passages from ${report.manifest.counts.articles} articles in ${(report.ms / 1000).toFixed(1)} s.`,
    );
  }
  return loadIndex(config.indexDir, config, { lexical: options.lexical, dense: options.dense, pace: options.pace });
}
