// Where index files live, and the atomic swap that publishes a finished build.
//
// `<parent>/<name>` is a symlink to a sealed build folder `<parent>/.<name>.v-<time>-<pid>`.
// A build writes `<parent>/.<name>.tmp-<pid>-<time>`, renames it to a sealed name once complete,
// then replaces the symlink with rename(2), which is atomic: readers see the old or the new index,
// and a kill at any point leaves the old one in place (plus a stale folder the next build removes).
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const INDEX_FILES = {
  manifest: 'manifest.json',
  articles: 'articles.json',
  passages: 'passages.json',
  vectors: 'vectors.f32',
  hnsw: 'hnsw.bin',
  lexical: 'lexical.json',
} as const;

/** Steps of publishing, in order; a test hook may pause at each to prove a kill there is harmless. */
export type PublishStep = 'written' | 'sealed' | 'linked';

interface Layout {
  parent: string;
  name: string;
}

function layout(target: string): Layout {
  const full = resolve(target);
  return { parent: dirname(full), name: basename(full) };
}

const sealedPrefix = ({ name }: Layout) => `.${name}.v-`;
const tempPrefix = ({ name }: Layout) => `.${name}.tmp-`;
const linkPrefix = ({ name }: Layout) => `.${name}.link-`;

/** A fresh temporary folder beside `target` for a build to write into. */
export function createTempDir(target: string): string {
  const where = layout(target);
  mkdirSync(where.parent, { recursive: true });
  const dir = join(where.parent, `${tempPrefix(where)}${process.pid}-${Date.now()}`);
  mkdirSync(dir);
  return dir;
}

/** Makes the finished build in `tempDir` the index at `target`, atomically. */
export async function publishIndex(
  tempDir: string,
  target: string,
  pauseAt?: (step: PublishStep) => Promise<void>,
): Promise<void> {
  const where = layout(target);
  await pauseAt?.('written');
  const sealed = `${sealedPrefix(where)}${String(Date.now()).padStart(15, '0')}-${process.pid}`;
  renameSync(tempDir, join(where.parent, sealed));
  fsyncDir(where.parent);
  await pauseAt?.('sealed');
  if (isRealDirectory(resolve(target))) {
    // An index folder from a plain copy: move it aside as a sealed build so a kill now still leaves one.
    renameSync(resolve(target), join(where.parent, `${sealedPrefix(where)}${'0'.repeat(15)}-${process.pid}`));
  }
  const link = join(where.parent, `${linkPrefix(where)}${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(sealed, link, 'dir');
  renameSync(link, resolve(target));
  fsyncDir(where.parent);
  await pauseAt?.('linked');
  removeStale(target);
}

/**
 * Repairs what a killed build can leave: a missing or dangling `target` is pointed at the newest sealed
 * build. Returns whether `target` now exists.
 */
export function recoverIndex(target: string): boolean {
  const full = resolve(target);
  if (existsSync(full)) return true;
  const where = layout(target);
  if (!existsSync(where.parent)) return false;
  const newest = readdirSync(where.parent)
    .filter((entry) => entry.startsWith(sealedPrefix(where)))
    .sort()
    .at(-1);
  if (!newest) return false;
  const link = join(where.parent, `${linkPrefix(where)}${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(newest, link, 'dir');
  renameSync(link, full);
  return true;
}

/** Removes sealed builds other than the current one, and temp folders/links of processes no longer alive. */
export function removeStale(target: string): void {
  const where = layout(target);
  if (!existsSync(where.parent)) return;
  const current = currentBuildName(target);
  for (const entry of readdirSync(where.parent)) {
    const full = join(where.parent, entry);
    if (entry.startsWith(sealedPrefix(where))) {
      // Without a current link, sealed builds are what recoverIndex needs: keep them.
      if (current && entry !== current) rmSync(full, { recursive: true, force: true });
    } else {
      const prefix = [tempPrefix(where), linkPrefix(where)].find((candidate) => entry.startsWith(candidate));
      const owner = prefix ? Number(entry.slice(prefix.length).split('-')[0]) : NaN;
      if (prefix && !isAlive(owner)) rmSync(full, { recursive: true, force: true });
    }
  }
}

/** Bytes on disk of the index at `target` (following the link). */
export function indexSize(target: string): number {
  const dir = resolve(target);
  return readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
}

/** Flushes a file written by other code (the HNSW library) to disk. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `data` to `path` and flushes it to disk before returning. */
export function writeFileDurable(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function currentBuildName(target: string): string | undefined {
  try {
    return lstatSync(resolve(target)).isSymbolicLink() ? basename(readlinkSync(resolve(target))) : undefined;
  } catch {
    return undefined;
  }
}

function isRealDirectory(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() && !stat.isSymbolicLink();
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
