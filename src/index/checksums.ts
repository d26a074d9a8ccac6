// Checksums of the files of an index: recorded in the manifest when built, verified before anything is parsed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IndexError } from './errors.ts';

/** Per file of a build: its size and sha256 (node's sha256 hashes ~2 GB/s here; see the README for the cost at load). */
export type FileChecksums = Record<string, { bytes: number; sha256: string }>;

export function checksumFiles(dir: string, files: string[]): FileChecksums {
  const sums: FileChecksums = {};
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    sums[file] = { bytes: bytes.length, sha256: sha256(bytes) };
  }
  return sums;
}

/**
 * Reads `file` of the build in `dir` and checks it is byte for byte what was built; a missing, resized or
 * changed file is an IndexError. Returns its bytes so they are parsed from what was verified.
 */
export function readVerified(dir: string, file: string, sums: FileChecksums): Buffer {
  const expected = Object.hasOwn(sums, file) ? sums[file] : undefined;
  if (!expected) throw new IndexError(dir, `manifest.json records no checksum for ${file}; rebuild the index with \`npm run index\``);
  const path = join(dir, file);
  if (!existsSync(path)) throw new IndexError(dir, `${file} is missing; rebuild the index with \`npm run index\``);
  const bytes = readFileSync(path);
  if (bytes.length !== expected.bytes || sha256(bytes) !== expected.sha256) {
    throw new IndexError(
      dir,
      `${file} is corrupt (${bytes.length === expected.bytes ? 'its checksum differs' : `${bytes.length} bytes, expected ${expected.bytes}`} from when it was built); rebuild the index with \`npm run index\``,
    );
  }
  return bytes;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
