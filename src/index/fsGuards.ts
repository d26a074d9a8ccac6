// File-system steps that cannot hang or loop on what a path turns out to be: folders made one level at a time,
// special files (FIFO, device, socket) refused before they are opened, reads bounded by the size expected.
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates `path` and its missing parents, one `mkdir` each: node's recursive mkdir loops for ever at 100% CPU
 * under /proc (issue 23.5). Throws the first failure (ENOTDIR for a file in the way, EACCES, ENOENT under /proc)
 * as an error with node's `code`; an existing folder is left as it is.
 */
export function makeFolders(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  for (; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  if (existsSync(at) && !statSync(at).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: ${at} is a file, not a folder`), { code: 'ENOTDIR' });
  }
  for (const folder of missing) mkdirSync(folder);
}

/** What a path is, when it is not a regular file or folder: the reason a read of it could wait for ever. */
export function specialKind(stats: Stats): string | undefined {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return undefined;
}

/** A file that is no regular file, or larger than a reader expects: refused before (or instead of) reading it. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
}

/**
 * The bytes of the regular file at `path` (links followed), at most `maxBytes` of them: a FIFO, device or socket
 * is refused without being opened for reading (opening a FIFO waits for a writer), a folder or a longer file
 * with an UnreadableFileError; the file is opened non-blocking and checked again once open, in case it was
 * swapped in between. Other failures (ENOENT, EACCES) are node's own errors.
 */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  refuseSpecial(statSync(path), path);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const opened = fstatSync(fd);
    refuseSpecial(opened, path);
    if (opened.isDirectory()) throw new UnreadableFileError(`${path} is a folder, not a file`);
    if (opened.size > maxBytes) throw new UnreadableFileError(`${path} is ${opened.size} bytes, more than the ${maxBytes} expected`);
    const bytes = Buffer.alloc(opened.size);
    let read = 0;
    while (read < bytes.length) {
      const got = readSync(fd, bytes, read, bytes.length - read, read);
      if (got === 0) break;
      read += got;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function refuseSpecial(stats: Stats, path: string): void {
  const kind = specialKind(stats);
  if (kind) throw new UnreadableFileError(`${path} is ${kind}, not a file`);
}
