import { readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HnswRetriever } from '../../src/retrieval/dense.ts';
import { isGraphFile } from '../../src/index/graphSegments.ts';
import { buildArchiveIndex, loadArchiveIndex, openArchive } from '../../src/openArchive.ts';
import { seedCorpus, tempDir, testConfig } from './helpers.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TOPICS = ['The council met on Monday to pass the budget.', 'Wheat prices rose in Chicago as the harvest failed.'];
/** The seeds and twelve more articles: enough passages for several graphs of four. */
const corpus = seedCorpus(
  root,
  Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`extra-${i}.txt`, `${TOPICS[i % 2]} Speaker ${i} said "we will see" on day ${i}. `.repeat(8)]),
  ),
);
const config = testConfig();
const whole = join(root, 'whole');
const segmented = join(root, 'segmented');
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

describe('a dense index in segments (a graph per SEGMENT_PASSAGES passages)', () => {
  it('writes a graph per segment and every other file as one graph does', async () => {
    await buildArchiveIndex(config, { corpus, out: whole });
    // Batches of 3 articles: segments end inside batches.
    await buildArchiveIndex(config, { corpus, out: segmented, batchArticles: 3, segmentPassages: 4 });
    const [one, many] = [whole, segmented].map(manifestOf);
    const passages = many.counts.passages;
    expect(passages).toBeGreaterThan(12);
    const graphs = Object.keys(many.files).filter(isGraphFile);
    expect(graphs.sort()).toEqual(
      ['hnsw.bin', ...Array.from({ length: Math.ceil(passages / 4) - 1 }, (_, k) => `hnsw.${k + 1}.bin`)].sort(),
    );
    expect(Object.keys(one.files).filter(isGraphFile)).toEqual(['hnsw.bin']);
    expect(one.hnsw.segmentPassages).toBeGreaterThan(passages);
    expect(many.hnsw.segmentPassages).toBe(4);
    for (const file of Object.keys(one.files).filter((name) => !isGraphFile(name))) {
      expect(readFileSync(join(realpathSync(segmented), file)), file).toEqual(readFileSync(join(realpathSync(whole), file)));
    }
  });

  it('finds, over every graph, the exact nearest passages, and answers as one graph does', async () => {
    const index = await loadArchiveIndex(segmented, config);
    const dense = index.dense as HnswRetriever;
    for (let passage = 0; passage < index.passages.length; passage++) {
      // A copy: a read is used at once (the exact scan below reads into the same block).
      const vector = index.vectors.read(passage, 1).slice();
      const found = dense.query({ text: '', vector }, { limit: 10 });
      const exact = dense.exact(vector, 10);
      expect(found.map((hit) => hit.passageId)).toEqual(exact.map((hit) => hit.passageId));
      found.forEach((hit, i) => expect(hit.score).toBeCloseTo(exact[i].score, 5));
    }
    const questions = ['Who said "we will see"?', 'What did the council pass?', 'wheat prices Chicago harvest', 'hacking links'];
    const answers = [];
    for (const dir of [whole, segmented]) {
      const archive = await openArchive({ ...config, indexDir: dir, corpus });
      answers.push(await Promise.all(questions.map((question) => archive.ask({ question }))));
      await archive.close();
    }
    expect(answers[1]).toEqual(answers[0]);
  });

  it('refuses a changed or missing later graph, and a manifest with a bad segment size, in one line', async () => {
    const dir = realpathSync(segmented);
    const graph = join(dir, 'hnsw.2.bin');
    const bytes = readFileSync(graph);
    const flipped = Buffer.from(bytes);
    flipped[100] ^= 0x80;
    writeFileSync(graph, flipped);
    await expect(loadArchiveIndex(segmented, config)).rejects.toThrow(/hnsw\.2\.bin is corrupt/);
    unlinkSync(graph);
    await expect(loadArchiveIndex(segmented, config)).rejects.toThrow(/hnsw\.2\.bin is missing/);
    writeFileSync(graph, bytes);
    const manifest = manifestOf(dir);
    for (const bad of [0, -4, 2.5, '4']) {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, hnsw: { ...manifest.hnsw, segmentPassages: bad } }));
      await expect(loadArchiveIndex(segmented, config)).rejects.toThrow(/manifest\.json records \d+ passages in graphs of/);
    }
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(loadArchiveIndex(segmented, config)).resolves.toBeDefined();
  });
});
