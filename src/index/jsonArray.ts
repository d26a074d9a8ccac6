// Writes and parses a large JSON array (articles.json, passages.json) a slice of elements at a time: writing never
// makes one string of the whole array (V8 caps a string at 2^29 characters), loading never holds the event loop.
import type { Pace } from '../pace.ts';

/** JSON parsed between pause points: a millisecond or two of JSON.parse (articles with their entities parse at ~200 MB/s). */
const SLICE_BYTES = 1 << 18;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/**
 * `JSON.parse(bytes)` for UTF-8 JSON whose top level is an array, in slices split at its top-level commas.
 * Anything else (another top level, malformed JSON) is parsed whole, so its result or error is JSON.parse's own.
 */
export async function parseJsonArray(bytes: Buffer, pace: Pace): Promise<unknown> {
  const whole = () => JSON.parse(bytes.toString('utf8')) as unknown;
  const open = firstNonSpace(bytes, 0);
  if (bytes[open] !== 0x5b) return whole();
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
      else if (OPENERS.has(byte)) depth++;
      else if (CLOSERS.has(byte) && --depth === 0) {
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
function closingQuote(bytes: Buffer, open: number): number {
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

/** Characters of JSON per chunk `jsonArrayChunks` yields (one element may make a chunk longer). */
const CHUNK_CHARS = 1 << 20;

/** `JSON.stringify(items)` as chunks of about CHUNK_CHARS characters, element by element: no string of the whole array. */
export function* jsonArrayChunks(items: Iterable<unknown>): Generator<string> {
  let chunk = '[';
  let first = true;
  for (const item of items) {
    chunk += (first ? '' : ',') + (JSON.stringify(item) ?? 'null');
    first = false;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]`;
}
