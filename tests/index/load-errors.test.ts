import { cpSync, existsSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksumFiles } from '../../src/index/checksums.ts';
import { INDEX_SCHEMA_VERSION } from '../../src/index/types.ts';
import { IndexError } from '../../src/index/errors.ts';
import { tempDir, testConfig } from './helpers.ts';
import { buildArchiveIndex, loadArchiveIndex } from '../../src/openArchive.ts';

const root = tempDir();
const config = testConfig();
const good = join(root, 'good');
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await buildArchiveIndex(config, { corpus: 'seeds', out: good });
});

let copies = 0;
/** A real copy of the good index (not the link) with `damage` done to it. */
function damaged(damage: (dir: string) => void): string {
  const dir = join(root, `copy-${copies++}`);
  cpSync(good, dir, { recursive: true, dereference: true });
  damage(dir);
  return dir;
}

/**
 * Damage the checksums cannot see (as from a bug in the writer): the manifest records the damaged files,
 * so what is checked is the cross-checking behind the checksums.
 */
function resealed(damage: (dir: string) => void): string {
  return damaged((dir) => {
    damage(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        ...manifest,
        files: checksumFiles(
          dir,
          Object.keys(manifest.files).filter((file) => existsSync(join(dir, file))),
        ),
      }),
    );
  });
}

describe('loadIndex errors', () => {
  it.each([
    ['a missing index', () => join(root, 'nothing'), /no index here \(build one with `npm run index`\)/],
    [
      'corrupt JSON',
      () => damaged((dir) => writeFileSync(join(dir, 'manifest.json'), '{"schemaVersion": 1,')),
      /manifest\.json is not valid JSON/,
    ],
    ['a missing file', () => damaged((dir) => unlinkSync(join(dir, 'passages.json'))), /passages\.json is missing/],
    [
      'a truncated vector file',
      () => damaged((dir) => truncateSync(join(dir, 'vectors.f32'), 100)),
      /vectors\.f32 is corrupt \(100 bytes, expected 3072 from when it was built\)/,
    ],
    ['a changed HNSW graph', () => damaged((dir) => writeFileSync(join(dir, 'hnsw.bin'), 'not a graph')), /hnsw\.bin is corrupt/],
    [
      'a resealed truncated vector file',
      () => resealed((dir) => truncateSync(join(dir, 'vectors.f32'), 100)),
      /vectors\.f32 has 100 bytes, expected \d+ \(12 passages × 64 dims × 4 bytes\)/,
    ],
    [
      'a resealed unreadable HNSW graph',
      () => resealed((dir) => writeFileSync(join(dir, 'hnsw.bin'), 'not a graph')),
      /hnsw\.bin is unreadable/,
    ],
    [
      'a resealed truncated lexical index',
      () => resealed((dir) => truncateSync(join(dir, 'lexical.bin'), 200)),
      /lexical\.bin has 200 bytes, expected \d+; it is truncated or corrupt/,
    ],
    ['a missing lexical index the manifest lists', () => damaged((dir) => unlinkSync(join(dir, 'lexical.bin'))), /lexical\.bin is missing/],
    [
      'a file the manifest has no checksum for',
      () => resealed((dir) => unlinkSync(join(dir, 'people.json'))),
      /manifest\.json records no checksum for people\.json/,
    ],
    [
      'a resealed lexical index in another format',
      () => resealed((dir) => writeFileSync(join(dir, 'lexical.bin'), '{"documentCount": 12, "index": []}')),
      /lexical\.bin is not a saved lexical index/,
    ],
    [
      'a resealed lexical index of other passages',
      () =>
        resealed((dir) => {
          const saved = readFileSync(join(dir, 'lexical.bin'));
          saved.writeUInt32LE(3, 8);
          writeFileSync(join(dir, 'lexical.bin'), saved);
        }),
      /lexical\.bin holds 3 passages, expected 12/,
    ],
    [
      'an old schema version',
      () =>
        damaged((dir) => {
          const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
          writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 0 }));
        }),
      new RegExp(`schema version 0, this code reads ${INDEX_SCHEMA_VERSION}`),
    ],
  ])('reports %s as an IndexError naming the problem', async (_name, makeDir, message) => {
    const dir = makeDir();
    await expect(loadArchiveIndex(dir, config)).rejects.toThrow(IndexError);
    await expect(loadArchiveIndex(dir, config)).rejects.toThrow(message);
  });

  it('refuses an index built with another model or dimension', async () => {
    const other = testConfig({ EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2' });
    await expect(loadArchiveIndex(good, other)).rejects.toThrow(
      /built with model "minishlab\/potion-base-2M" but EMBEDDING_MODEL is "Xenova\/all-MiniLM-L6-v2"/,
    );
    await expect(loadArchiveIndex(good, config, { dimensions: 384 })).rejects.toThrow(/holds 64-dimension vectors but the model gives 384/);
    expect((await loadArchiveIndex(good, config, { dimensions: 64 })).passages).toHaveLength(12);
  });

  it('rebuilds from scratch over a corrupt previous index, saying why it was not reused', async () => {
    const dir = join(root, 'rebuilt');
    await buildArchiveIndex(config, { corpus: 'seeds', out: dir });
    writeFileSync(join(dir, 'articles.json'), '[{');
    const report = await buildArchiveIndex(config, { corpus: 'seeds', out: dir });
    expect(report.previousUnusable).toMatch(/articles\.json is corrupt/);
    expect(report.embeddedPassages).toBe(12);
    expect((await loadArchiveIndex(dir, config)).passages).toHaveLength(12);
  });
});
