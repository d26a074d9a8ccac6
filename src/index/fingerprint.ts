// Fingerprints of the code that derives stored data, so a rebuild knows when cached results went stale.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LexicalEngine } from '../retrieval/retriever.ts';
import { sourceModule } from '../codeFiles.ts';

const here = (relative: string) => fileURLToPath(new URL(relative, sourceModule(import.meta.url)));
const projectRoot = here('../../');

/** Sentence splitting and passage sizing: a change re-chunks and re-embeds every article. */
export function chunkingFingerprint(): string {
  return fingerprint([here('../corpus/sentences.ts'), here('../corpus/passages.ts')]);
}

/** People, date and quotation extraction: a change re-extracts entities (vectors are kept). */
export function entitiesFingerprint(): string {
  return fingerprint([here('../entities/extract.ts'), here('../quotations/extract.ts')]);
}

/**
 * How passages are tokenised and indexed by the lexical engine, and the library release that reads the saved file:
 * a change makes the saved lexical index stale (it is rebuilt in memory until the next build).
 */
export function lexicalFingerprint(engine: LexicalEngine): string {
  return fingerprint([fileURLToPath(sourceModule(engine.module))]);
}

/** Hash of the entry files, every file they import at run time (transitively), and the libraries' package.json. */
function fingerprint(entries: string[]): string {
  const hash = createHash('sha256');
  for (const file of codeOf(entries)) hash.update(relative(projectRoot, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** Type-only imports are skipped: they change no behaviour. A module loaded when first needed is `require('…')`d. */
const RUNTIME_IMPORT = /^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'|\brequire\('([^']+)'\)/gm;

function codeOf(entries: string[]): string[] {
  const files = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file) || !existsSync(file)) return;
    files.add(file);
    for (const [, imported, required] of readFileSync(file, 'utf8').matchAll(RUNTIME_IMPORT)) {
      const specifier = imported ?? required;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else if (!specifier.startsWith('node:')) visit(packageJsonOf(specifier));
    }
  };
  entries.forEach(visit);
  return [...files].sort();
}

/** `compromise` → node_modules/compromise/package.json; `@scope/name/sub` → node_modules/@scope/name/package.json. */
function packageJsonOf(specifier: string): string {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return resolve(projectRoot, 'node_modules', name, 'package.json');
}
