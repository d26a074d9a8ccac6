// Fingerprints of the code that derives stored data, so a rebuild knows when cached results went stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** Sentence splitting and passage sizing: a change re-chunks and re-embeds every article. */
export function chunkingFingerprint(): string {
  return fingerprint([here('../corpus/sentences.ts'), here('../corpus/passages.ts')]);
}

/** People and date extraction: a change re-extracts entities (vectors are kept). */
export function entitiesFingerprint(): string {
  const folder = here('../entities/');
  const files = existsSync(folder) ? readdirSync(folder).filter((file) => file.endsWith('.ts')).sort() : [];
  return fingerprint(files.map((file) => `${folder}${file}`));
}

/**
 * How passages are tokenised and indexed for BM25, and the MiniSearch release that reads the saved file:
 * a change makes the saved lexical index stale (it is rebuilt in memory until the next build).
 */
export function lexicalFingerprint(): string {
  return fingerprint([here('../search/lexical.ts'), here('../search/terms.ts'), here('../../node_modules/minisearch/package.json')]);
}

function fingerprint(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.slice(file.lastIndexOf('/') + 1)).update(existsSync(file) ? readFileSync(file) : '');
  return hash.digest('hex').slice(0, 16);
}
