// Checksums of the files of an index: recorded in the manifest when built, verified before anything is parsed.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Pace } from '../pace.ts';
import { IndexError } from './errors.ts';
import { readRegularFile, readRegularFileInSlices, UnreadableFileError } from './fsGuards.ts';

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
  const expected = recorded(dir, file, sums);
  const bytes = await readIndexFile(dir, file, expected.bytes);
  const hash = createHash('sha256');
  for (let start = 0; start < bytes.length; start += HASH_SLICE_BYTES) {
    hash.update(bytes.subarray(start, start + HASH_SLICE_BYTES));
    await pace();
  }
  checkAgainst(dir, file, expected, bytes.length, hash);
  return bytes;
}

/**
 * Checks `file` of the build in `dir` as readVerified does, reading and hashing it a slice at a time without holding
 * it: for a file read later by parts (vectors.f32) or by path (the graphs).
 */
export async function verifyFile(dir: string, file: string, sums: FileChecksums, pace: Pace): Promise<void> {
  const expected = recorded(dir, file, sums);
  const hash = createHash('sha256');
  let bytes = 0;
  await readIndexFileInSlices(dir, file, expected.bytes, HASH_SLICE_BYTES, async (slice) => {
    hash.update(slice);
    bytes += slice.length;
    await pace();
  });
  checkAgainst(dir, file, expected, bytes, hash);
}

function recorded(dir: string, file: string, sums: FileChecksums): FileChecksums[string] {
  const expected = Object.hasOwn(sums, file) ? sums[file] : undefined;
  if (!expected) throw new IndexError(dir, `manifest.json records no checksum for ${file}; rebuild the index with \`npm run index\``);
  return expected;
}

function checkAgainst(dir: string, file: string, expected: FileChecksums[string], bytes: number, hash: Hash): void {
  if (bytes !== expected.bytes || hash.digest('hex') !== expected.sha256) {
    throw new IndexError(
      dir,
      `${file} is corrupt (${bytes === expected.bytes ? 'its checksum differs' : `${bytes} bytes, expected ${expected.bytes}`} from when it was built); rebuild the index with \`npm run index\``,
    );
  }
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
    throw readFailure(dir, file, error);
  }
}

/** `readIndexFile` a slice of `sliceBytes` at a time, each handed to `take` (and awaited) before the next is read. */
async function readIndexFileInSlices(
  dir: string,
  file: string,
  maxBytes: number,
  sliceBytes: number,
  take: (slice: Buffer) => Promise<void>,
): Promise<void> {
  try {
    await readRegularFileInSlices(join(dir, file), maxBytes, sliceBytes, take);
  } catch (error) {
    throw readFailure(dir, file, error);
  }
}

function readFailure(dir: string, file: string, error: unknown): unknown {
  if (error instanceof IndexError) return error;
  if (error instanceof UnreadableFileError)
    return new IndexError(dir, `${file} ${error.message}; rebuild the index with \`npm run index\``);
  const { code } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return new IndexError(dir, `${file} is missing; rebuild the index with \`npm run index\``);
  if (code === 'ENOTDIR') {
    return new IndexError(dir, 'is not a folder; name the folder `npm run index` wrote (--index, INDEX_DIR)');
  }
  if (code) return new IndexError(dir, `${file} cannot be read (${code}); check its permissions or rebuild the index`);
  return error;
}
