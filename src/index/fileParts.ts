// Reads of an index file by parts, the file held open: articles and sentence vectors as answering quotes them, passage
// vectors as an exact scan needs them.
import { closeSync } from 'node:fs';
import { join } from 'node:path';
import { readAt } from '../readAt.ts';
import type { PassageVectors } from '../retrieval/retriever.ts';
import { IndexError } from './errors.ts';
import { INDEX_FILES } from './files.ts';
import { openRegularFile, UnreadableFileError } from './fsGuards.ts';

/** Reads of an index file at chosen offsets, the file kept open until `close` (a rebuild removing it cuts no read off). */
export class IndexFileReader {
  private fd: number | undefined;

  constructor(
    private readonly dir: string,
    private readonly file: string,
    expectedBytes: number,
  ) {
    try {
      const { fd, bytes } = openRegularFile(join(dir, file), expectedBytes);
      this.fd = fd;
      if (bytes !== expectedBytes) {
        this.close();
        throw this.problem(`has ${bytes} bytes, expected ${expectedBytes}`);
      }
    } catch (error) {
      if (error instanceof UnreadableFileError) throw this.problem(error.message);
      const { code } = error as NodeJS.ErrnoException;
      if (code) throw this.problem(`cannot be read (${code})`);
      throw error;
    }
  }

  /** Fills `into` with the file's bytes at `offset`; a file shorter than that is corrupt at `what`. */
  read<Into extends Uint8Array>(offset: number, into: Into, what: string): Into {
    if (this.fd === undefined) throw this.problem('was closed');
    if (readAt(this.fd, into, offset) < into.length) throw this.corruptAt(what);
    return into;
  }

  corruptAt(what: string): IndexError {
    return this.problem(`is corrupt at ${what}`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private problem(what: string): IndexError {
    return new IndexError(this.dir, `${this.file} ${what}; rebuild the index`);
  }
}

/** The most rows a read returns as a view of the reader's one block: an exact scan's block (dense.ts). */
const REUSED_BLOCK_ROWS = 1_024;

/**
 * The passage vectors of vectors.f32, read by rows as a search asks for them (hnswlib holds its own copy of each in its
 * graph; this one serves exact scans). The file is checked whole against the manifest when the index is opened.
 */
export class PassageVectorFile implements PassageVectors {
  private readonly file: IndexFileReader;
  /**
   * Where reads of up to REUSED_BLOCK_ROWS rows land: one block, made at the first. An exact scan (a question with a
   * date filter) reads up to 20,000 passages' rows (5 MB at 64 dimensions); a fresh array for each block was memory
   * outside the heap that made V8 run a full collection every few questions.
   */
  private block = new Float32Array(0);

  constructor(
    dir: string,
    readonly count: number,
    readonly dimensions: number,
  ) {
    this.file = new IndexFileReader(dir, INDEX_FILES.vectors, count * dimensions * 4);
  }

  /**
   * Rows `first` .. `first + count - 1`, as the interface says used at once: up to REUSED_BLOCK_ROWS rows are a view of
   * one block that the next such read overwrites; more are a fresh array (kept as long as the caller keeps it).
   */
  read(first: number, count: number): Float32Array {
    const floats = count * this.dimensions;
    if (count <= REUSED_BLOCK_ROWS && this.block.length < floats) this.block = new Float32Array(REUSED_BLOCK_ROWS * this.dimensions);
    const rows = count <= REUSED_BLOCK_ROWS ? this.block.subarray(0, floats) : new Float32Array(floats);
    this.file.read(
      first * this.dimensions * 4,
      new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength),
      `passages ${first}–${first + count - 1}`,
    );
    return rows;
  }

  close(): void {
    this.file.close();
  }
}
