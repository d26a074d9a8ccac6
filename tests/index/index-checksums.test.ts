// Issue 9.2: a changed byte in any index file is one clear IndexError at load, never a crash or a wrong quote.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArchiveIndex, loadArchiveIndex } from '../../src/openArchive.ts';
import { IndexError } from '../../src/index/errors.ts';
import { tempDir, testConfig } from './helpers.ts';
import { runTsx } from '../support/runScript.ts';

const root = tempDir();
const config = testConfig();
const good = join(root, 'good');
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await buildArchiveIndex(config, { corpus: 'seeds', out: good });
});

/** A copy of the good build with one byte of `file` XOR-ed with `mask` at `offset`. */
function flipped(file: string, offset: number, mask = 0x01): string {
  const dir = join(root, `${file}-${offset}-${mask}`);
  cpSync(good, dir, { recursive: true, dereference: true });
  const bytes = readFileSync(join(dir, file));
  bytes[offset % bytes.length] ^= mask;
  writeFileSync(join(dir, file), bytes);
  return dir;
}

/** Offsets spread over the whole file, both ends included (a deterministic sample, not random). */
function offsets(file: string, count: number): number[] {
  const size = readFileSync(join(good, file)).length;
  return Array.from({ length: count }, (_, i) => Math.floor((i * (size - 1)) / (count - 1)));
}

describe('index checksums', () => {
  it('refuses every single-byte flip in hnsw.bin (40 spread offsets) with one IndexError', async () => {
    for (const offset of offsets('hnsw.bin', 40)) {
      await expect(loadArchiveIndex(flipped('hnsw.bin', offset, 0x80), config)).rejects.toThrow(
        /hnsw\.bin is corrupt \(its checksum differs from when it was built\)/,
      );
    }
  });

  it.each(['catalog.bin', 'passages.json', 'vectors.f32', 'people.json'])('refuses a changed byte in %s', async (file) => {
    for (const offset of offsets(file, 5)) {
      await expect(loadArchiveIndex(flipped(file, offset), config)).rejects.toThrow(IndexError);
    }
  });

  // Opening reads its dictionary (checked); each term's postings are checked when a question first reads them.
  it('refuses a changed byte in lexical.bin at load (its dictionary) or when a question reads that term', async () => {
    const terms = new TextDecoder().decode(readFileSync(join(good, 'lexical.bin')).subarray(32)).split(/[^\p{L}\p{N}]+/u);
    for (const offset of offsets('lexical.bin', 7)) {
      const opened = loadArchiveIndex(flipped('lexical.bin', offset), config);
      const index = await opened.catch((error: unknown) => error);
      if (index instanceof IndexError) continue;
      const lexical = (index as Awaited<typeof opened>).lexical!;
      expect(
        () => terms.forEach((term) => lexical.query({ text: term, vector: new Float32Array(0) }, { limit: 1 })),
        `byte ${offset}`,
      ).toThrow(/lexical\.bin is corrupt at the postings of /);
    }
  });

  // Opening reads no article: each record of articles.json is checked against the catalog when it is read.
  it('refuses a changed byte in an article of articles.json when that article is read', async () => {
    const size = readFileSync(join(good, 'articles.json')).length;
    for (const offset of [1, 1 + Math.floor(size / 3), Math.floor(size / 2), size - 2]) {
      const index = await loadArchiveIndex(flipped('articles.json', offset), config);
      expect(() => [...index.articles.values()]).toThrow(/articles\.json is corrupt at the record of /);
    }
  });

  it("refuses a changed byte in sentences.f32 when that article's vectors are read", async () => {
    const size = readFileSync(join(good, 'sentences.f32')).length;
    for (const offset of [0, Math.floor(size / 2), size - 1]) {
      const index = await loadArchiveIndex(flipped('sentences.f32', offset), config);
      expect(() => [...index.articles.keys()].map((id) => index.sentences.rowsOf(id))).toThrow(
        /sentences\.f32 is corrupt at the vectors of /,
      );
    }
  });

  it('refuses an edit that keeps articles.json valid JSON (a changed date) when that article is read', async () => {
    const dir = join(root, 'edited');
    cpSync(good, dir, { recursive: true, dereference: true });
    const path = join(dir, 'articles.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"date":"2023-08-25"', '"date":"2023-08-26"'));
    const index = await loadArchiveIndex(dir, config);
    expect(() => [...index.articles.values()]).toThrow(/articles\.json is corrupt at the record of /);
  });

  it.each([
    ['shorter', -1, /articles\.json has \d+ bytes, expected \d+/],
    ['longer', 1, /articles\.json is \d+ bytes, more than the \d+ expected/],
  ])('refuses a %s articles.json at load', async (name, change, message) => {
    const dir = join(root, `${name}-articles`);
    cpSync(good, dir, { recursive: true, dereference: true });
    const bytes = readFileSync(join(good, 'articles.json'));
    writeFileSync(join(dir, 'articles.json'), change < 0 ? bytes.subarray(0, -1) : Buffer.concat([bytes, Buffer.from(' ')]));
    await expect(loadArchiveIndex(dir, config)).rejects.toThrow(message);
  });

  it.each(['quotations.json', 'dates.json'])('refuses a changed byte in %s when a lookup first reads it', async (file) => {
    const index = await loadArchiveIndex(flipped(file, 7), config);
    await expect(index.catalog!.quotations().then(() => index.catalog!.dates())).rejects.toThrow(
      new RegExp(`${file.replace('.', '\\.')} is corrupt`),
    );
  });

  it('npm run ask over a corrupt graph says so in one line and exits 1 (no segfault)', async () => {
    const dir = flipped('hnsw.bin', 200, 0xff);
    const run = await runTsx(['scripts/ask.ts', '--index', dir, 'audio leaks']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/hnsw\.bin is corrupt/);
  });
});
