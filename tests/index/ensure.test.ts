import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureIndex } from '../../src/index/ensure.ts';
import { hnswEngine } from '../../src/retrieval/dense.ts';
import { bm25Engine } from '../../src/retrieval/bm25.ts';
import { INDEX_SCHEMA_VERSION } from '../../src/index/types.ts';
import { tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ensureIndex', () => {
  it('builds the configured index when there is none, and only loads it afterwards', async () => {
    const config = testConfig({ CORPUS: 'seeds', INDEX_DIR: join(root, 'index') });
    const log: string[] = [];
    const first = await ensureIndex(config, { lexical: bm25Engine, dense: hnswEngine, log: (line) => log.push(line) });
    expect(first.passages).toHaveLength(12);
    expect(log[0]).toMatch(/^No index at .*: building it from seeds/);
    const second = await ensureIndex(config, { lexical: bm25Engine, dense: hnswEngine, log: (line) => log.push(line) });
    expect(second.manifest.builtAt).toBe(first.manifest.builtAt);
    expect(log).toHaveLength(2);
  });

  it('updates an index an older version built (schema 3, no people directory), reusing its passages', async () => {
    const config = testConfig({ CORPUS: 'seeds', INDEX_DIR: join(root, 'older') });
    const built = await ensureIndex(config, { lexical: bm25Engine, dense: hnswEngine });
    // What schema 3 wrote: the same files but the people directory.
    const dir = realpathSync(config.indexDir);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    delete manifest.files['people.json'];
    rmSync(join(dir, 'people.json'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 3 }));

    const log: string[] = [];
    const updated = await ensureIndex(config, { lexical: bm25Engine, dense: hnswEngine, log: (line) => log.push(line) });
    expect(log[0]).toMatch(/built by an older version \(schema 3\): updating it from seeds/);
    expect(updated.manifest).toMatchObject({ schemaVersion: INDEX_SCHEMA_VERSION, lastBuild: { embeddedPassages: 0 } });
    expect(updated.people.people).toEqual(built.people.people);

    // An older index of another corpus is not rebuilt from this one: loading it says what to do.
    const other = testConfig({ CORPUS: join(root, 'elsewhere'), INDEX_DIR: config.indexDir });
    writeFileSync(join(realpathSync(config.indexDir), 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 3 }));
    await expect(ensureIndex(other, { lexical: bm25Engine, dense: hnswEngine })).rejects.toThrow(
      /schema version 3, this code reads \d+; rebuild it/,
    );
  });
});
