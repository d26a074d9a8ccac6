// manifest.json as answering reads it: every member parsed but `articles` (each article's hash and passage count: 139 MB
// of text, ~330 MB of heap and 2.6 s of CPU to parse at a million articles), which is read again from the file, and not
// kept, when asked for (the build id, a reload telling the articles it added).
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { readAt } from '../readAt.ts';
import { IndexError } from './errors.ts';
import { INDEX_FILES } from './files.ts';
import type { IndexManifest } from './types.ts';

/** How a build writes the member (`JSON.stringify(manifest, null, 2)`): a top-level key is indented by two spaces. */
const ARTICLES_MEMBER = Buffer.from('\n  "articles": ');
/** The end of a top-level object in that layout: its entries are indented deeper, and no JSON string holds a newline. */
const TOP_LEVEL_CLOSE = Buffer.from('\n  }');

/**
 * The manifest in `bytes` (manifest.json of the build in `dir`) with its `articles` read from the file each time they are
 * asked for, through a descriptor held open until `close` (a reload asks after the build it replaces is removed); `undefined`
 * when the text is not laid out as a build writes it (it is then parsed whole). Throws what JSON.parse throws.
 */
export function manifestWithoutArticles(dir: string, bytes: Buffer): { manifest: IndexManifest; close: () => void } | undefined {
  const member = bytes.indexOf(ARTICLES_MEMBER);
  if (member < 0) return undefined;
  const start = member + ARTICLES_MEMBER.length;
  const end =
    bytes.toString('latin1', start, start + 2) === '{}' ? start + 2 : bytes.indexOf(TOP_LEVEL_CLOSE, start) + TOP_LEVEL_CLOSE.length;
  if (bytes[start] !== 0x7b || end < start + 2) return undefined;
  const manifest = JSON.parse(`${bytes.toString('utf8', 0, start)}{}${bytes.toString('utf8', end)}`) as IndexManifest;
  if (typeof manifest !== 'object' || manifest === null || !Object.hasOwn(manifest, 'articles')) return undefined;
  const fd = openSync(join(dir, INDEX_FILES.manifest), 'r');
  const read = (): IndexManifest['articles'] => {
    const span = Buffer.alloc(end - start);
    try {
      if (readAt(fd, span, start) === span.length && span[span.length - 1] === 0x7d)
        return JSON.parse(span.toString('utf8')) as IndexManifest['articles'];
    } catch {
      // Said below, as a file that changed.
    }
    throw new IndexError(dir, `${INDEX_FILES.manifest} changed since the index was opened; restart to read the new index`);
  };
  Object.defineProperty(manifest, 'articles', { get: read, enumerable: true });
  return { manifest, close: () => closeSync(fd) };
}
