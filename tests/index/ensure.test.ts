import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureIndex } from '../../src/index/ensure.ts';
import { bm25Engine } from '../../src/retrieval/bm25.ts';
import { tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ensureIndex', () => {
  it('builds the configured index when there is none, and only loads it afterwards', async () => {
    const config = testConfig({ CORPUS: 'seeds', INDEX_DIR: join(root, 'index') });
    const log: string[] = [];
    const first = await ensureIndex(config, { lexical: bm25Engine, log: (line) => log.push(line) });
    expect(first.passages).toHaveLength(12);
    expect(log[0]).toMatch(/^No index at .*: building it from seeds/);
    const second = await ensureIndex(config, { lexical: bm25Engine, log: (line) => log.push(line) });
    expect(second.manifest.builtAt).toBe(first.manifest.builtAt);
    expect(log).toHaveLength(2);
  });
});
