// Which `--out` a build may write: nothing the user owns is ever replaced by an index.
import { readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { IndexError } from './errors.ts';
import { BUILD_MARKER, INDEX_FILES, isOwnLink, lstatOrUndefined } from './files.ts';

/**
 * Throws an IndexError unless `out` is missing, an empty folder, or an index this program built (a link to
 * one of its own sealed builds), and unless `out` and the corpus are apart (neither inside the other).
 */
export function checkOutTarget(out: string, corpus: string): void {
  // `resolve('')` is the working folder: the build would write beside it and then fail to replace it.
  if (!out.trim()) throw new IndexError(JSON.stringify(out), '--out is empty; name the folder the index goes to');
  // The link's own place, not where it points: our index link points beside itself.
  const outPath = join(realLocation(dirname(resolve(out))), basename(resolve(out)));
  const corpusPath = realLocation(corpus);
  if (within(outPath, corpusPath)) {
    throw new IndexError(out, `refusing to write the index inside the corpus ${corpus}; choose an --out outside it`);
  }
  if (within(corpusPath, outPath)) {
    throw new IndexError(out, `refusing to write the index over the corpus ${corpus}; choose an --out outside it`);
  }
  const found = lstatOrUndefined(out);
  if (!found) return;
  if (found.isSymbolicLink()) {
    if (isOwnLink(out)) return;
    throw new IndexError(out, 'refusing to replace a symbolic link this program did not make; choose a missing or empty --out folder');
  }
  if (found.isDirectory()) {
    const entries = readdirSync(out);
    if (entries.length === 0) return;
    if (entries.includes(BUILD_MARKER) || entries.includes(INDEX_FILES.manifest)) {
      throw new IndexError(
        out,
        'refusing to write over a copied index folder (this program replaces only the index links it made); choose a missing or empty --out folder',
      );
    }
    throw new IndexError(
      out,
      `refusing to write over a folder that is not an index built here (it holds ${entries.length} entries, e.g. "${entries[0]}"); choose a missing or empty --out folder`,
    );
  }
  throw new IndexError(out, 'refusing to replace a file that is not an index; choose a missing or empty --out folder');
}

/** Absolute path with the links of its existing part resolved (the rest may not exist yet). */
function realLocation(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    const parent = dirname(full);
    return parent === full ? full : join(realLocation(parent), basename(full));
  }
}

function within(inner: string, outer: string): boolean {
  const path = relative(outer, inner);
  return path === '' || (path.split(sep)[0] !== '..' && !isAbsolute(path));
}
