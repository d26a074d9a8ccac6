// Checksums of the files of an index: recorded in the manifest when built, verified before anything is parsed.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Pace } from '../pace.ts';
import { IndexError } from './errors.ts';
import { readRegularFile, UnreadableFileError } from './fsGuards.ts';

/** Per file of a build: its size and sha256 (node's sha256 hashes ~2 GB/s here; see the README for the cost at load). */
export type FileChecksums = Record<string, { bytes: number; sha256: string }>;

/** The size and sha256 of each of `files` in `dir`, read a megabyte at a time (the graph of a large archive is large). */
export function checksumFiles(dir: string, files: string[]): FileChecksums {
  const sums: FileChecksums = {};
  const buffer = Buffer.alloc(1 << 20);
  for (const file of files) {
    const fd = openSync(join(dir, file), 'r');
    try {
      const hash = createHash('sha256');
      let bytes = 0;
      for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; bytes += read) hash.update(buffer.subarray(0, read));
      sums[file] = { bytes, sha256: hash.digest('hex') };
    } finally {
      closeSync(fd);
    }
  }
  return sums;
}

/** Hashed between pause points: about half a millisecond of sha256. */
const HASH_SLICE_BYTES = 1 << 20;

/**
 * Reads `file` of the build in `dir` (off the event loop) and checks it is byte for byte what was built,
 * pausing between slices of the hash; a missing, resized or changed file is an IndexError. Returns its bytes
 * so they are parsed from what was verified.
 */
export async function readVerified(dir: string, file: string, sums: FileChecksums, pace: Pace): Promise<Buffer> {
  const expected = Object.hasOwn(sums, file) ? sums[file] : undefined;
  if (!expected) throw new IndexError(dir, `manifest.json records no checksum for ${file}; rebuild the index with \`npm run index\``);
  const bytes = await readIndexFile(dir, file, expected.bytes);
  const hash = createHash('sha256');
  for (let start = 0; start < bytes.length; start += HASH_SLICE_BYTES) {
    hash.update(bytes.subarray(start, start + HASH_SLICE_BYTES));
    await pace();
  }
  if (bytes.length !== expected.bytes || hash.digest('hex') !== expected.sha256) {
    throw new IndexError(
      dir,
      `${file} is corrupt (${bytes.length === expected.bytes ? 'its checksum differs' : `${bytes.length} bytes, expected ${expected.bytes}`} from when it was built); rebuild the index with \`npm run index\``,
    );
  }
  return bytes;
}

/** The most read of an index file whose size no manifest records (the manifest itself, files of schema 1). */
const UNRECORDED_FILE_MAX_BYTES = 1 << 30;

/**
 * The bytes of `file` in the build `dir`, read off the event loop and at most `maxBytes` of them (the size the
 * manifest records); a missing, special (FIFO, device), oversized or unreadable file, or a `dir` that is no folder,
 * is an IndexError.
 */
export async function readIndexFile(dir: string, file: string, maxBytes = UNRECORDED_FILE_MAX_BYTES): Promise<Buffer> {
  try {
    return await readRegularFile(join(dir, file), maxBytes);
  } catch (error) {
    if (error instanceof UnreadableFileError)
      throw new IndexError(dir, `${file} ${error.message}; rebuild the index with \`npm run index\``);
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw new IndexError(dir, `${file} is missing; rebuild the index with \`npm run index\``);
    if (code === 'ENOTDIR') {
      throw new IndexError(dir, 'is not a folder; name the folder `npm run index` wrote (--index, INDEX_DIR)');
    }
    if (code) throw new IndexError(dir, `${file} cannot be read (${code}); check its permissions or rebuild the index`);
    throw error;
  }
}
