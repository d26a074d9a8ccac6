// Writes and parses a large JSON array (articles.json, passages.json) an element or a slice of elements at a time: writing never
// makes one string of the whole array (V8 caps a string at 2^29 characters), loading never holds the event loop.
import { unpaced, type Pace } from '../pace.ts';
import { AppendedFile } from './files.ts';

/** JSON parsed between pause points: a millisecond or two of JSON.parse (articles with their entities parse at ~200 MB/s). */
const SLICE_BYTES = 1 << 18;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * `JSON.parse(bytes)` for UTF-8 JSON whose top level is an array, in slices split at its top-level commas.
 * Anything else (another top level, malformed JSON) is parsed whole, so its result or error is JSON.parse's own.
 */
export async function parseJsonArray(bytes: Buffer, pace: Pace): Promise<unknown> {
  const whole = () => JSON.parse(bytes.toString('utf8')) as unknown;
  const open = firstNonSpace(bytes, 0);
  // Without pause points (a one-question process) the native parse of it all is the fastest.
  if (bytes[open] !== 0x5b || pace === unpaced) return whole();
  const items: unknown[] = [];
  const take = (from: number, to: number) => {
    for (const item of JSON.parse(`[${bytes.toString('utf8', from, to)}]`) as unknown[]) items.push(item);
  };
  try {
    let depth = 0;
    let sliceStart = open + 1;
    for (let at = open; at < bytes.length; at++) {
      const byte = bytes[at];
      if (byte === QUOTE) at = closingQuote(bytes, at);
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) depth++;
      else if ((byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) && --depth === 0) {
        take(sliceStart, at);
        return firstNonSpace(bytes, at + 1) === bytes.length ? items : whole();
      } else if (byte === COMMA && depth === 1 && at - sliceStart >= SLICE_BYTES) {
        take(sliceStart, at);
        sliceStart = at + 1;
        await pace();
      }
    }
  } catch {
    // A slice that does not parse: the whole file gives JSON.parse's own message (with its position).
  }
  return whole();
}

/** The index of the quote closing the string opened at `open` (the length when there is none). */
export function closingQuote(bytes: Buffer, open: number): number {
  for (let at = bytes.indexOf(QUOTE, open + 1); at >= 0; at = bytes.indexOf(QUOTE, at + 1)) {
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return bytes.length;
}

function firstNonSpace(bytes: Buffer, from: number): number {
  let at = from;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09)) at++;
  return at;
}

/**
 * A JSON array written element by element to an AppendedFile: the bytes `JSON.stringify(items)` gives, never one
 * string of them all. `push` returns where the element's JSON lies in the file.
 */
export class JsonArrayWriter {
  private count = 0;

  constructor(private readonly file: AppendedFile) {
    file.append('[');
  }

  push(item: unknown): { offset: number; bytes: number; json: string } {
    if (this.count++ > 0) this.file.append(',');
    const json = JSON.stringify(item) ?? 'null';
    const offset = this.file.bytes;
    this.file.append(json);
    return { offset, bytes: this.file.bytes - offset, json };
  }

  /** Closes the array, leaving the file open (an array inside a larger value). */
  end(): void {
    this.file.append(']');
  }

  /** Closes the array and the file; returns the file's size and sha256. */
  close(): { bytes: number; sha256: string } {
    this.end();
    return this.file.close();
  }
}

/** Appends `items` to `file` as a JSON array (see JsonArrayWriter). */
export function appendJsonArray(file: AppendedFile, items: Iterable<unknown>): void {
  const writer = new JsonArrayWriter(file);
  for (const item of items) writer.push(item);
  writer.end();
}

/** Writes `items` as a JSON array to a new file at `path` (see JsonArrayWriter); returns its size and sha256. */
export function writeJsonArray(path: string, items: Iterable<unknown>): { bytes: number; sha256: string } {
  const file = new AppendedFile(path);
  appendJsonArray(file, items);
  return file.close();
}
