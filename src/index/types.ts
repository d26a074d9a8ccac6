// What an index on disk records about itself: the manifest.
import type { FileChecksums } from './checksums.ts';

/**
 * 2: the manifest records every file's checksum (`files`). 3: every sentence's vector (`sentences.f32`).
 * 4: the people directory (`people.json`).
 */
export const INDEX_SCHEMA_VERSION = 4;

export interface IndexManifest {
  schemaVersion: number;
  model: { id: string; dimensions: number; pooling: 'mean'; normalize: boolean; quantized: boolean };
  /**
   * The dense graphs' parameters; `segmentPassages`: passages per graph (src/index/graphSegments.ts). Absent in an index
   * from before segments: one graph, hnsw.bin.
   */
  hnsw: { space: 'cosine'; m: number; efConstruction: number; segmentPassages?: number };
  /** Per article: sha256 of its date, title and text, so a rebuild re-embeds only what changed. */
  articles: Record<string, { hash: string; passages: number }>;
  counts: { articles: number; sentences: number; passages: number };
  /** The corpus path the index was built from, as given. */
  corpus: string;
  /** Word-piece budget per passage; a change re-chunks (and re-embeds) every article. */
  passageTokens: number;
  /** Fingerprints of the code that derived sentences/passages and entities; see src/index/fingerprint.ts. */
  derivedBy: { chunking: string; entities: string };
  /**
   * The saved lexical index and the fingerprint of the lexical code it was built with
   * (src/index/fingerprint.ts). Absent in indexes built before it was saved: they rebuild it at load.
   */
  lexical?: { file: string; derivedBy: string };
  /** What the last build did: passages whose vectors were copied from the previous index vs. newly embedded. */
  lastBuild: { reusedPassages: number; embeddedPassages: number; skippedSources: number };
  /** Size and sha256 of every other file of the build, checked before the index is used. */
  files: FileChecksums;
  builtAt: string;
  buildMs: number;
}
