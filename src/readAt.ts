// Positioned reads that fill a buffer: what every file read by parts (a JSONL line, a term's postings, a catalogued
// record, a spilled row) needs, since one `readSync` may return fewer bytes than asked for.
import { readSync } from 'node:fs';

/** Fills `into` from `position` of the open file `fd` (fewer bytes only at its end); returns the bytes read. */
export function readAt(fd: number, into: ArrayBufferView, position: number): number {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
  let read = 0;
  while (read < bytes.length) {
    const got = readSync(fd, bytes, read, bytes.length - read, position + read);
    if (got === 0) break;
    read += got;
  }
  return read;
}
