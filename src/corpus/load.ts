// Reads a corpus (a folder of dated `.txt` articles or a `.jsonl` file) into validated Articles.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { readAt } from '../readAt.ts';
import type { Article } from '../domain/article.ts';
import { SetupError } from '../domain/errors.ts';
import { NumberColumn, StringColumn } from '../columns.ts';
import { neutraliseControls } from './displayText.ts';

/** A corpus file or line we cannot use; `source` names the file, or `file:line` for JSONL. */
export class CorpusError extends SetupError {
  override name = 'CorpusError';
  readonly source: string;
  readonly reason: string;
  /** Both parts can quote the corpus (a file name, a bad line in JSON.parse's message): no control character acts. */
  constructor(source: string, reason: string) {
    super(`${neutraliseControls(source)}: ${neutraliseControls(reason)}`);
    this.source = neutraliseControls(source);
    this.reason = neutraliseControls(reason);
  }
}

export interface SkippedSource {
  source: string;
  reason: string;
}

export interface LoadedCorpus {
  articles: Article[];
  /** The first MAX_LISTED_SKIPS files or lines left out, with why (so a million bad lines cost no memory). */
  skipped: SkippedSource[];
  /** How many were left out in all. */
  skippedCount: number;
  /** Read, but not byte for byte: lines of invalid UTF-8 (decoded as U+FFFD). */
  warnings: SkippedSource[];
}

/**
 * The largest article accepted, in UTF-8 bytes: analysing one costs memory in proportion (a 10 MB article
 * peaked at 2.9 GB), so a longer one is refused with its file named rather than run the build out of memory.
 */
export const MAX_ARTICLE_BYTES = 1_000_000;

/**
 * The longest JSONL line read: an article at the limit with every character escaped (`\uXXXX`, 6 bytes for 1),
 * and room for its other fields. A longer line is skipped unread, so no line can take more memory than this.
 */
export const MAX_JSONL_LINE_BYTES = 8 * MAX_ARTICLE_BYTES;
/** Skipped files or lines listed in a LoadedCorpus; the rest are counted. */
export const MAX_LISTED_SKIPS = 1_000;
/** Lines of invalid UTF-8 named in warnings; the rest are counted in one more. */
const MAX_LISTED_INVALID_LINES = 3;

export interface LoadCorpusOptions {
  /** Report invalid files/lines in `skipped` and go on, instead of throwing a CorpusError. */
  skipInvalid?: boolean;
}

/** A corpus read as a build streams it: ids and where each article lies first, each article when its turn comes. */
export interface CorpusListing extends Omit<LoadedCorpus, 'articles'> {
  /** Valid articles. */
  count: number;
  /** The articles sorted by id (as loadCorpus gives them), each read from the corpus again as the iteration reaches it. */
  articles(): Generator<Article>;
}

/**
 * Loads every article of the corpus at `path`: a folder (searched recursively) of `.txt` files,
 * a single `.txt` file, or a `.jsonl` file. Articles come back sorted by id.
 */
export function loadCorpus(path: string, options: LoadCorpusOptions = {}): LoadedCorpus {
  const { articles, skipped, skippedCount, warnings } = scanCorpus(path, options, true);
  return { articles: [...articles()], skipped, skippedCount, warnings };
}

/**
 * The corpus at `path` as loadCorpus reads it (the same articles, order, skips and warnings), but holding only where each
 * article lies and its id's checksum: the text is read again, an article at a time, when `articles()` reaches it. A
 * build of a million articles holds none of their text or ids. An article changed in between (another id read back
 * there, or none) is a CorpusError naming where.
 */
export function listCorpus(path: string, options: LoadCorpusOptions = {}): CorpusListing {
  return scanCorpus(path, options, false);
}

function scanCorpus(path: string, options: LoadCorpusOptions, keep: boolean): CorpusListing {
  let found: Stats;
  try {
    found = statSync(path);
  } catch {
    throw new CorpusError(path, 'no such file or folder (expected a folder of .txt articles or a .jsonl file)');
  }
  if (!found.isDirectory() && !found.isFile()) {
    // Reading a FIFO would wait for a writer forever; a device or socket is no corpus either.
    throw new CorpusError(path, 'not a regular file or folder (expected a folder of .txt articles or a .jsonl file)');
  }
  const skipped: SkippedSource[] = [];
  let skippedCount = 0;
  const warnings: SkippedSource[] = [];
  const reject = (error: CorpusError): void => {
    if (!options.skipInvalid) throw error;
    if (skippedCount++ < MAX_LISTED_SKIPS) skipped.push({ source: error.source, reason: error.reason });
  };
  const warn = (warning: SkippedSource) => warnings.push(warning);
  const listed = new ListedArticles(keep);

  let source: ArticleSource;
  if (found.isDirectory()) {
    source = readTxtFiles(listTxtFiles(path, reject), listed, reject, warn);
  } else if (extname(path) === '.jsonl') {
    source = readJsonl(path, listed, reject, warn);
  } else if (extname(path) === '.txt') {
    source = readTxtFiles([path], listed, reject, warn);
  } else {
    throw new CorpusError(path, 'not a corpus: expected a folder of .txt articles or a .jsonl file');
  }

  // No closure below holds `listed`: the build keeps each id's CRC-32, not the ids (~25 MB at a million articles).
  const order = byId(listed.ids, (article, id) => reject(new CorpusError(source.where(article), `duplicate article id "${id}"`)));
  if (order.length === 0) throw new CorpusError(path, 'no valid articles found');
  const idChecks = checksOf(listed.ids);
  const { kept } = listed;
  source.fit();
  function* articles(): Generator<Article> {
    for (const article of order) {
      if (kept?.[article]) {
        yield kept[article];
        continue;
      }
      let reread: Article | undefined;
      try {
        reread = source.again(article);
      } catch (error) {
        if (!(error instanceof CorpusError)) throw error;
      }
      if (reread === undefined || crc32(reread.id) !== idChecks[article]) {
        const now = reread ? ` (article "${reread.id}" is there now)` : '';
        throw new CorpusError(source.where(article), `changed while it was read${now}; build again`);
      }
      yield reread;
    }
  }
  return { count: order.length, articles, skipped, skippedCount, warnings };
}

/** Each id's CRC-32: what an article read again is checked against (see scanCorpus). */
function checksOf(ids: StringColumn): Uint32Array {
  return Uint32Array.from({ length: ids.length }, (_, article) => crc32(ids.at(article)));
}

/**
 * The articles of `ids` (by their place in it) sorted by id, each id's first; the others are handed to `refuse`, in
 * reading order.
 */
function byId(ids: StringColumn, refuse: (article: number, id: string) => void): Uint32Array {
  const sorted = Uint32Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => ids.compare(a, b) || a - b);
  const duplicates: number[] = [];
  const order = sorted.filter((article, at) => {
    const duplicate = at > 0 && ids.compare(sorted[at - 1], article) === 0;
    if (duplicate) duplicates.push(article);
    return !duplicate;
  });
  for (const article of duplicates.sort((a, b) => a - b)) refuse(article, ids.at(article));
  return order;
}

/**
 * The articles read, in reading order: their ids as one column (a million ids cost megabytes, not an object each), and
 * the articles themselves when kept (loadCorpus).
 */
class ListedArticles {
  readonly ids = new StringColumn();
  readonly kept?: Article[];

  constructor(keep: boolean) {
    if (keep) this.kept = [];
  }

  add(article: Article): void {
    this.ids.push(article.id);
    this.kept?.push(article);
  }
}

/** Where the listed articles lie: named for messages, and read again when a build reaches them. */
interface ArticleSource {
  /** The file, or `file:line`, that listed article `index` was read from. */
  where(index: number): string;
  /** Listed article `index` read again (a CorpusError if it no longer reads). */
  again(index: number): Article;
  /** Lets go of the room kept for more articles, once all are listed. */
  fit(): void;
}

/** Articles each a `.txt` file, listed by their paths. */
class TxtFiles implements ArticleSource {
  private readonly files = new StringColumn();

  add(file: string): void {
    this.files.push(file);
  }

  where(index: number): string {
    return this.files.at(index);
  }

  fit(): void {
    this.files.fit();
  }

  again(index: number): Article {
    const file = this.files.at(index);
    return parseTxtArticle(
      file,
      readText(file, () => {}),
    );
  }
}

function readTxtFiles(
  files: readonly string[],
  listed: ListedArticles,
  reject: (error: CorpusError) => void,
  warn: (warning: SkippedSource) => void,
): TxtFiles {
  const source = new TxtFiles();
  for (const file of files) {
    const article = attempt(() => parseTxtArticle(file, readText(file, warn)), reject);
    if (!article) continue;
    listed.add(article);
    source.add(file);
  }
  return source;
}

const HEADER = /^\s*date (\S*)/;

/**
 * A `.txt` article: `date YYYY-MM-DD` (after optional leading whitespace), one separating
 * whitespace character, then the text, kept byte for byte (offsets index into it).
 */
export function parseTxtArticle(file: string, content: string): Article {
  const header = HEADER.exec(content);
  if (!header) throw new CorpusError(file, 'missing header: the file must start with "date YYYY-MM-DD"');
  const date = header[1];
  const problem = dateProblem(date);
  if (problem) throw new CorpusError(file, problem);
  let start = header[0].length;
  if (content.startsWith('\r\n', start)) start += 2;
  else if (/\s/.test(content[start] ?? '')) start += 1;
  const text = content.slice(start);
  if (!text.trim()) throw new CorpusError(file, 'empty text after the date header');
  return { id: basename(file), date, text };
}

const jsonlRecord = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  date: z.string(),
  title: z.string().nullish(),
  text: z.string(),
  source: z.string().nullish(),
  url: z.string().nullish(),
});

/** The lines of a JSONL file that hold articles, listed by line number, byte offset and length. */
class JsonlLines implements ArticleSource {
  private readonly lines = new NumberColumn(Uint32Array);
  private readonly offsets = new NumberColumn();
  /** At most MAX_JSONL_LINE_BYTES. */
  private readonly lengths = new NumberColumn(Uint32Array);

  constructor(private readonly file: string) {}

  add(line: number, offset: number, length: number): void {
    this.lines.push(line);
    this.offsets.push(offset);
    this.lengths.push(length);
  }

  where(index: number): string {
    return `${this.file}:${this.lines.at(index)}`;
  }

  fit(): void {
    for (const column of [this.lines, this.offsets, this.lengths]) column.fit();
  }

  again(index: number): Article {
    return parseJsonlRecord(this.where(index), readLine(this.file, this.offsets.at(index), this.lengths.at(index)));
  }
}

function readJsonl(
  file: string,
  listed: ListedArticles,
  reject: (error: CorpusError) => void,
  warn: (warning: SkippedSource) => void,
): JsonlLines {
  const source = new JsonlLines(file);
  let invalidLines = 0;
  for (const { number, offset, bytes, tooLong } of jsonlLines(file)) {
    const where = `${file}:${number}`;
    if (tooLong !== undefined) {
      reject(
        new CorpusError(where, `line of ${tooLong} bytes, over the ${MAX_JSONL_LINE_BYTES}-byte limit per line (one article per line)`),
      );
      continue;
    }
    let line: string;
    try {
      line = UTF8.decode(bytes);
    } catch {
      line = UTF8_LENIENT.decode(bytes);
      if (invalidLines++ < MAX_LISTED_INVALID_LINES) warn({ source: where, reason: INVALID_UTF8 });
    }
    if (!line.trim()) continue;
    const article = attempt(() => parseJsonlRecord(where, line), reject);
    if (!article) continue;
    listed.add(article);
    source.add(number, offset, bytes.length);
  }
  if (invalidLines > MAX_LISTED_INVALID_LINES) {
    warn({ source: file, reason: `${invalidLines - MAX_LISTED_INVALID_LINES} more lines of invalid UTF-8, read as U+FFFD` });
  }
  return source;
}

/** Read from a JSONL file at a time: a longer line is assembled from several reads. */
const READ_BYTES = 1 << 20;

/** A line of a JSONL file, without its `\n`; one over MAX_JSONL_LINE_BYTES is not kept, only measured. */
interface JsonlLine {
  number: number;
  /** Where the line starts in the file, in bytes. */
  offset: number;
  bytes: Buffer;
  /** Bytes read of a line over the limit (its `bytes` are then empty). */
  tooLong?: number;
}

/**
 * The lines of `file`, numbered from 1, read a slice at a time so that no whole-file buffer or string is ever made
 * and no line keeps more than MAX_JSONL_LINE_BYTES (a byte-order mark is dropped when a line is decoded).
 */
function* jsonlLines(file: string): Generator<JsonlLine> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new CorpusError(file, `cannot be read (${describeFsError(error)})`);
  }
  try {
    const chunk = Buffer.alloc(READ_BYTES);
    let parts: Buffer[] = [];
    let length = 0;
    let number = 1;
    let offset = 0;
    // A line within one read is yielded as a view of `chunk` (read before the next line is), the rest copied.
    const line = (last: Buffer): JsonlLine => {
      const total = length + last.length;
      if (total > MAX_JSONL_LINE_BYTES) return { number, offset, bytes: Buffer.alloc(0), tooLong: total };
      return { number, offset, bytes: parts.length === 0 ? last : Buffer.concat([...parts, last]) };
    };
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      let start = 0;
      for (let end = chunk.indexOf(0x0a); end >= 0 && end < read; end = chunk.indexOf(0x0a, start)) {
        const taken = line(chunk.subarray(start, end));
        yield taken;
        number++;
        offset += length + end - start + 1;
        parts = [];
        length = 0;
        start = end + 1;
      }
      length += read - start;
      if (length <= MAX_JSONL_LINE_BYTES) parts.push(Buffer.from(chunk.subarray(start, read)));
      else parts = [];
    }
    if (length > 0) yield line(Buffer.alloc(0));
  } finally {
    closeSync(fd);
  }
}

function parseJsonlRecord(where: string, line: string): Article {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new CorpusError(where, `bad JSON (${(error as Error).message})`);
  }
  const parsed = jsonlRecord.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorpusError(where, `field "${issue.path.join('.') || '(record)'}": ${issue.message}`);
  }
  const { id, date, title, text, url } = parsed.data;
  const source = parsed.data.source ?? url;
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_ARTICLE_BYTES) {
    throw new CorpusError(
      where,
      `article "${id}" is ${bytes} bytes, over the ${MAX_ARTICLE_BYTES}-byte limit per article (split it into several articles)`,
    );
  }
  const problem = dateProblem(date);
  if (problem) throw new CorpusError(where, problem);
  if (!text.trim()) throw new CorpusError(where, `empty text for article "${id}"`);
  return { id, date, ...(title ? { title } : {}), text, ...(source ? { source } : {}) };
}

/** Why `date` is not a real calendar day in `YYYY-MM-DD` form, or undefined if it is. */
function dateProblem(date: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return `invalid date "${date}" (expected YYYY-MM-DD)`;
  const [year, month, day] = match.slice(1).map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, day));
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) {
    return `invalid date "${date}" (no such day)`;
  }
  return undefined;
}

function listTxtFiles(folder: string, reject: (error: CorpusError) => void): string[] {
  const files: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    reject(new CorpusError(folder, `cannot be read (${describeFsError(error)})`));
    return [];
  }
  for (const entry of entries) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listTxtFiles(full, reject));
    // A link to a .txt file is read as the file; links to folders are not followed (they can form a loop).
    else if ((entry.isFile() || (entry.isSymbolicLink() && isFileBehind(full))) && entry.name.endsWith('.txt')) files.push(full);
  }
  return files.sort();
}

function isFileBehind(link: string): boolean {
  try {
    return statSync(link).isFile();
  } catch {
    return false;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const INVALID_UTF8 = 'invalid UTF-8, read as U+FFFD (quotes from this line will not match the file byte for byte)';
const UTF8_LENIENT = new TextDecoder('utf-8');

/**
 * A corpus file's text: a leading byte-order mark dropped (TextDecoder's default), an unreadable file or
 * an over-long .txt article a CorpusError naming it, and invalid UTF-8 decoded as U+FFFD with a warning
 * naming the first lines concerned (quotes from them will not match the file byte for byte).
 */
function readText(file: string, warn: (warning: SkippedSource) => void): string {
  let bytes: Buffer;
  try {
    if (extname(file) === '.txt' && statSync(file).size > MAX_ARTICLE_BYTES) {
      throw new CorpusError(
        file,
        `${statSync(file).size} bytes, over the ${MAX_ARTICLE_BYTES}-byte limit per article (split it into several articles)`,
      );
    }
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError(file, `cannot be read (${describeFsError(error)})`);
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    const lines = invalidUtf8Lines(bytes);
    const more = lines.length > 3 ? ` and ${lines.length - 3} more lines` : '';
    for (const line of lines.slice(0, 3)) {
      warn({
        source: `${file}:${line}`,
        reason: `${INVALID_UTF8}${line === lines[2] ? more : ''}`,
      });
    }
    return UTF8_LENIENT.decode(bytes);
  }
}

/** 1-based numbers of the lines of `bytes` that are not valid UTF-8. */
function invalidUtf8Lines(bytes: Buffer): number[] {
  const lines: number[] = [];
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    try {
      UTF8.decode(bytes.subarray(start, stop));
    } catch {
      lines.push(line);
    }
    start = stop + 1;
  }
  return lines;
}

function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ? `${code}, ${message.replace(/^\w+: /, '').split(',')[0]}` : String(message);
}

/** The line of `length` bytes at `offset` of a JSONL file, decoded as its first reading was (see parseJsonl). */
function readLine(file: string, offset: number, length: number): string {
  const bytes = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readAt(fd, bytes, offset);
  } finally {
    closeSync(fd);
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    return UTF8_LENIENT.decode(bytes);
  }
}

/** What `parse` reads, or undefined when it is refused (`reject` decides whether that stops the reading). */
function attempt(parse: () => Article, reject: (error: CorpusError) => void): Article | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    reject(error);
    return undefined;
  }
}
