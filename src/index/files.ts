// Where index files live, and the atomic swap that publishes a finished build.
//
// `<parent>/<name>` is a symlink to a sealed build folder `<parent>/.<name>.v-<time>-<pid>`.
// A build writes `<parent>/.<name>.tmp-<pid>-<time>`, renames it to a sealed name once complete,
// then replaces the symlink with rename(2), which is atomic: readers see the old or the new index,
// and a kill at any point leaves the old one in place (plus a stale folder the next build removes).
// Every folder a build makes holds BUILD_MARKER from its first moment, so clean-up only ever removes
// folders this program made; nothing else at or beside `<name>` is renamed or deleted.
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
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { IndexError } from './errors.ts';
import { makeFolders } from './fsGuards.ts';

export const INDEX_FILES = {
  manifest: 'manifest.json',
  articles: 'articles.json',
  passages: 'passages.json',
  vectors: 'vectors.f32',
  sentenceVectors: 'sentences.f32',
  people: 'people.json',
  catalog: 'catalog.bin',
  quotations: 'quotations.json',
  dates: 'dates.json',
  hnsw: 'hnsw.bin',
  lexical: 'lexical.bin',
} as const;

/** A file in every build folder this program makes (temporary or sealed): what clean-up may remove. */
export const BUILD_MARKER = '.quote-archive-build';

/** Steps of publishing, in order; a test hook may pause at each to prove a kill there is harmless. */
export type PublishStep = 'written' | 'sealed' | 'linked';

export interface Layout {
  parent: string;
  name: string;
}

export function layout(target: string): Layout {
  const full = resolve(target);
  return { parent: dirname(full), name: basename(full) };
}

export const sealedPrefix = ({ name }: Layout) => `.${name}.v-`;
const tempPrefix = ({ name }: Layout) => `.${name}.tmp-`;
const linkPrefix = ({ name }: Layout) => `.${name}.link-`;

/**
 * Whether `entry` is named as this program names its own: `.<name>.v-<time>-<pid>`, `.<name>.tmp-<pid>-<time>`,
 * `.<name>.link-<pid>`. A user's `.<name>.v-backup` or `.<name>.v-mine` is not, whatever it holds.
 */
function namedAsOurs(entry: string, where: Layout, kind: 'sealed' | 'temp' | 'link'): boolean {
  const prefix = { sealed: sealedPrefix, temp: tempPrefix, link: linkPrefix }[kind](where);
  return entry.startsWith(prefix) && (kind === 'link' ? /^\d+$/ : /^\d+-\d+$/).test(entry.slice(prefix.length));
}

/**
 * Whether `dir` is a build folder this program made: it holds BUILD_MARKER (or, for sealed builds from
 * before the marker, a manifest.json).
 */
export function isOwnBuild(dir: string, { legacy = false } = {}): boolean {
  return existsSync(join(dir, BUILD_MARKER)) || (legacy && existsSync(join(dir, INDEX_FILES.manifest)));
}

/** A fresh temporary folder beside `target` for a build to write into. */
export function createTempDir(target: string): string {
  const where = layout(target);
  return writingBeside(target, () => {
    makeFolders(where.parent);
    const dir = join(where.parent, `${tempPrefix(where)}${process.pid}-${Date.now()}`);
    mkdirSync(dir);
    writeFileSync(join(dir, BUILD_MARKER), `quote-archive-bot index build, pid ${process.pid}\n`);
    return dir;
  });
}

/**
 * `work` on the folder that holds `target` (making it, writing the lock or a build there), with a failure of the
 * file system (a file in the way, EACCES, a path under /proc) as one IndexError line instead of a stack trace.
 */
export function writingBeside<T>(target: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof IndexError) throw error;
    const { code, message } = error as NodeJS.ErrnoException;
    throw new IndexError(
      target,
      `cannot write beside it in ${layout(target).parent} (${code ? `${message.replace(/^\w+: /, '')}` : message}); choose an --out in a folder you may write`,
    );
  }
}

/** Makes the finished build in `tempDir` the index at `target`, atomically. */
export async function publishIndex(tempDir: string, target: string, pauseAt?: (step: PublishStep) => Promise<void>): Promise<void> {
  const where = layout(target);
  await pauseAt?.('written');
  const sealed = `${sealedPrefix(where)}${String(Date.now()).padStart(15, '0')}-${process.pid}`;
  renameSync(tempDir, join(where.parent, sealed));
  fsyncDir(where.parent);
  await pauseAt?.('sealed');
  // An empty folder (the only real folder checkOutTarget lets through) gives way to the link; rmdir
  // fails rather than delete anything put there since, and the build that cannot be published is removed.
  if (isRealDirectory(resolve(target))) {
    try {
      rmdirSync(resolve(target));
    } catch (error) {
      rmSync(join(where.parent, sealed), { recursive: true, force: true });
      throw new IndexError(
        target,
        `was an empty folder when the build began but was filled during the build (${(error as NodeJS.ErrnoException).code}); nothing in it was touched — empty it or choose another --out, then build again`,
      );
    }
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
  if (lstatOrUndefined(full)?.isSymbolicLink() && !isOwnLink(target)) return false;
  const newest = readdirSync(where.parent)
    .filter((entry) => namedAsOurs(entry, where, 'sealed') && isOwnBuild(join(where.parent, entry), { legacy: true }))
    .sort()
    .at(-1);
  if (!newest) return false;
  const link = join(where.parent, `${linkPrefix(where)}${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(newest, link, 'dir');
  renameSync(link, full);
  return true;
}

/**
 * Removes what is provably dead and ours: sealed builds other than the current one, and temp folders and
 * links of processes no longer alive. Run after publishing, and (under the build lock) before each build,
 * so the leftovers of killed builds do not pile up. Returns the names removed.
 */
export function removeStale(target: string): string[] {
  const where = layout(target);
  if (!existsSync(where.parent)) return [];
  const current = currentBuildName(target);
  const removed: string[] = [];
  for (const entry of readdirSync(where.parent)) {
    const full = join(where.parent, entry);
    const kind = lstatOrUndefined(full);
    if (!kind) continue;
    if (namedAsOurs(entry, where, 'sealed')) {
      // Without a current link, sealed builds are what recoverIndex needs: keep them.
      if (!current || entry === current || !kind.isDirectory() || !isOwnBuild(full, { legacy: true })) continue;
    } else if (namedAsOurs(entry, where, 'temp')) {
      if (isAlive(ownerPid(entry, tempPrefix(where))) || !kind.isDirectory()) continue;
      // Killed before (or while) writing its marker, a temp folder can only be empty.
      if (!isOwnBuild(full) && readdirSync(full).length > 0) continue;
    } else if (namedAsOurs(entry, where, 'link')) {
      // Ours only while it points where this program points its links: at a sibling build folder.
      if (isAlive(ownerPid(entry, linkPrefix(where))) || !kind.isSymbolicLink()) continue;
      if (!namedAsOurs(readlinkSync(full), where, 'sealed')) continue;
    } else {
      continue;
    }
    rmSync(full, { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

/**
 * Whether `target` is a link this program made: to a sibling named as a sealed build, which carries the marker
 * (or, from before the marker, a manifest) — or which is gone, for recoverIndex to repair.
 */
export function isOwnLink(target: string): boolean {
  const name = currentBuildName(target);
  if (name === undefined || readlinkSync(resolve(target)) !== name || !namedAsOurs(name, layout(target), 'sealed')) return false;
  const build = join(layout(target).parent, name);
  return !existsSync(build) || isOwnBuild(build, { legacy: true });
}

function ownerPid(entry: string, prefix: string): number {
  return Number(entry.slice(prefix.length).split('-')[0]);
}

/** Bytes on disk of the index at `target` (following the link). */
export function indexSize(target: string): number {
  const dir = resolve(target);
  return readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
}

/** Flushes a file written by other code (the HNSW library) to disk. */
export function fsyncFile(path: string): void {
  flush(path, 'r+');
}

/** Writes `data` to `path` and flushes it to disk before returning. */
export function writeFileDurable(path: string, data: string | Uint8Array | Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    // A file too large for one string (articles.json past some 280,000 articles) comes as chunks.
    const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Bytes gathered before one write(2) of an AppendedFile. */
const APPEND_BUFFER_BYTES = 1 << 20;

/**
 * A file of a build written front to back as the build produces it, hashed as it goes: its checksum needs no second
 * read, and no part of it is held in memory past a megabyte.
 */
export class AppendedFile {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  /**
   * Bytes appended but not yet written, copied into a buffer of its own: kept as the small Buffers made from strings
   * they would hold whole 8 KB pool slabs, shared with every other file's appends, alive until this file's next write.
   */
  private readonly pending = Buffer.allocUnsafeSlow(APPEND_BUFFER_BYTES);
  private pendingBytes = 0;
  /** Bytes appended so far: the offset of the next append. */
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  append(data: string | ArrayBufferView): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.hash.update(bytes);
    this.bytes += bytes.length;
    if (this.pendingBytes + bytes.length > this.pending.length) this.flushPending();
    if (bytes.length >= this.pending.length) this.write(bytes);
    else this.pendingBytes += bytes.copy(this.pending, this.pendingBytes);
  }

  /** Flushes the file to disk and closes it; returns its size and sha256, as the manifest records them. */
  close(): { bytes: number; sha256: string } {
    try {
      this.flushPending();
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  private flushPending(): void {
    this.write(this.pending.subarray(0, this.pendingBytes));
    this.pendingBytes = 0;
  }

  private write(bytes: Buffer): void {
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
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
  return lstatOrUndefined(path)?.isDirectory() ?? false;
}

export function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (a pid we may not signal still exists). */
export function isAlive(pid: number): boolean {
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
  flush(dir, 'r');
}

/** fsync of the file or folder at `path`, opened with `flags`. */
function flush(path: string, flags: 'r' | 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
