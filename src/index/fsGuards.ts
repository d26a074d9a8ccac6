// File-system steps that cannot hang or loop on what a path turns out to be: folders made one level at a time,
// special files (FIFO, device, socket) refused before they are opened, reads bounded by the size expected.
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, statSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
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

/** A file that is no regular file, or larger than its reader expects: refused before (or instead of) reading it. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
}

/**
 * The bytes of the regular file at `path` (links followed), read off the event loop, at most `maxBytes` of them:
 * a FIFO, device or socket is refused without being opened for reading (a FIFO waits for a writer, /dev/zero never
 * ends), a folder or a longer file too, each with an UnreadableFileError. The file is opened non-blocking and
 * checked again once open, in case it was swapped meanwhile. Other failures (ENOENT, EACCES) are node's own errors.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  refuseUnexpected(await stat(path), maxBytes);
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const opened = await file.stat();
    refuseUnexpected(opened, maxBytes);
    const bytes = Buffer.alloc(opened.size);
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await file.read(bytes, read, bytes.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return bytes.subarray(0, read);
  } finally {
    await file.close();
  }
}

/**
 * The regular file at `path`, refused as `readRegularFile` refuses one, read front to back `sliceBytes` at a time into
 * one buffer: each slice is handed to `take`, and awaited, before the next is read over it.
 */
export async function readRegularFileInSlices(
  path: string,
  maxBytes: number,
  sliceBytes: number,
  take: (slice: Buffer) => Promise<void>,
): Promise<void> {
  refuseUnexpected(await stat(path), maxBytes);
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    refuseUnexpected(await file.stat(), maxBytes);
    const buffer = Buffer.alloc(sliceBytes);
    // Past `maxBytes` it is not the file expected: one byte more shows it, however long it has grown since.
    for (let total = 0, read; total <= maxBytes && (read = (await file.read(buffer, 0, sliceBytes, null)).bytesRead) > 0; total += read) {
      await take(buffer.subarray(0, read));
    }
  } finally {
    await file.close();
  }
}

/**
 * The regular file at `path` opened for reads at chosen offsets (a file descriptor; the caller closes it), refused as
 * `readRegularFile` refuses one: a special file or folder is never opened for reading, nor one larger than `maxBytes`.
 */
export function openRegularFile(path: string, maxBytes: number): { fd: number; bytes: number } {
  refuseUnexpected(statSync(path), maxBytes);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const opened = fstatSync(fd);
    refuseUnexpected(opened, maxBytes);
    return { fd, bytes: opened.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function refuseUnexpected(stats: Stats, maxBytes: number): void {
  const kind = specialKind(stats) ?? (stats.isDirectory() ? 'a folder' : undefined);
  if (kind) throw new UnreadableFileError(`is ${kind}, not a file`);
  if (stats.size > maxBytes) throw new UnreadableFileError(`is ${stats.size} bytes, more than the ${maxBytes} expected`);
}
