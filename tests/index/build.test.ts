import { HnswRetriever } from '../../src/retrieval/dense.ts';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { hashArticle } from '../../src/index/build.ts';
import { INDEX_SCHEMA_VERSION } from '../../src/index/types.ts';
import { seedCorpus, tempDir, testConfig, writeArticle } from './helpers.ts';
import { buildArchiveIndex, loadArchiveIndex } from '../../src/openArchive.ts';
import { sentenceText } from '../../src/corpus/quote.ts';
import { createEmbedder } from '../../src/embedding/embedder.ts';
import type { LoadedIndex } from '../../src/index/load.ts';

/** Every sentence vector of `articleId` in `index`, each checked against the model's embedding of the sentence. */
async function expectSentenceVectorsOfModel(index: LoadedIndex, articleId: string): Promise<void> {
  const embedder = await createEmbedder(testConfig());
  const article = index.articles.get(articleId)!;
  const texts = article.sentences.map((_, i) => sentenceText(article, i));
  const expected = await embedder.embed(texts);
  expected.forEach((vector, i) => expect(index.sentences.of(articleId, i)).toEqual(vector));
}

/** The sentence vectors of every article but `except`, by article id. */
function sentenceRows(index: LoadedIndex, except?: string): Map<string, Float32Array> {
  return new Map([...index.articles.keys()].filter((id) => id !== except).map((id) => [id, index.sentences.rowsOf(id).slice()]));
}

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const budget = 'The council met on Monday. '.repeat(80);

describe('buildIndex', () => {
  const config = testConfig();
  const corpus = seedCorpus(root, { 'extra.txt': 'Officials met in Lahore on Tuesday. They agreed on a budget.', 'long.txt': budget });
  const out = join(root, 'data', 'index');

  it('writes a manifest describing the model, HNSW parameters, articles and counts', async () => {
    const report = await buildArchiveIndex(config, { corpus, out });
    const { manifest } = report;
    expect(manifest).toMatchObject({
      schemaVersion: INDEX_SCHEMA_VERSION,
      model: { id: 'minishlab/potion-base-2M', dimensions: 64, pooling: 'mean', normalize: true, quantized: true },
      hnsw: { space: 'cosine', m: 16, efConstruction: 50 },
      corpus,
      passageTokens: 200,
      derivedBy: { chunking: expect.stringMatching(/^[0-9a-f]{16}$/), entities: expect.stringMatching(/^[0-9a-f]{16}$/) },
    });
    const { articles } = loadCorpus(corpus);
    expect(Object.keys(manifest.articles)).toEqual(articles.map((a) => a.id));
    expect(manifest.articles['extra.txt'].hash).toBe(hashArticle(articles.find((a) => a.id === 'extra.txt')!));
    expect(manifest.counts.articles).toBe(4);
    expect(manifest.counts.passages).toBe(Object.values(manifest.articles).reduce((sum, a) => sum + a.passages, 0));
    expect(report).toMatchObject({ reusedPassages: 0, embeddedPassages: manifest.counts.passages, extractedArticles: 4, skipped: [] });
    expect(manifest.lastBuild).toEqual({ reusedPassages: 0, embeddedPassages: manifest.counts.passages, skippedSources: 0 });
    expect(Date.parse(manifest.builtAt)).not.toBeNaN();
    expect(report.bytesOnDisk).toBeGreaterThan(0);
  });

  it('stores verbatim text whose sentence and passage offsets reproduce the article', async () => {
    const index = await loadArchiveIndex(out, config);
    // The composition root chose hnswlib's graph for the index files.
    const dense = index.dense as HnswRetriever;
    expect(dense).toBeInstanceOf(HnswRetriever);
    expect(dense.ef).toBe(config.hnsw.efSearch);
    expect(index.vectors.count).toBe(index.passages.length);
    for (const article of loadCorpus(corpus).articles) {
      const stored = index.articles.get(article.id)!;
      expect(stored.text).toBe(article.text);
      expect(stored.entities).toBeDefined();
      for (const s of stored.sentences) expect(article.text.slice(s.start, s.end).trim()).toBe(article.text.slice(s.start, s.end));
    }
    index.passages.forEach((passage, id) => {
      expect(passage.id).toBe(id);
      const { sentences } = index.articles.get(passage.articleId)!;
      expect(passage.start).toBe(sentences[passage.firstSentence].start);
      expect(passage.end).toBe(sentences[passage.lastSentence].end);
    });
    const long = index.passages.filter((p) => p.articleId === 'long.txt');
    expect(long.length).toBeGreaterThan(2);
    for (let i = 1; i < long.length; i++) expect(long[i].firstSentence).toBe(long[i - 1].lastSentence);
    const [hit] = dense.approximate(index.vectors.read(0, 1), 1, config.hnsw.efSearch);
    expect(hit.passageId).toBe(0);
  });

  it("stores every sentence's vector, as the model embeds that sentence, so answering embeds only the question", async () => {
    const index = await loadArchiveIndex(out, config);
    for (const article of index.articles.values()) expect(index.sentences.rowsOf(article.id)).toHaveLength(article.sentences.length * 64);
    for (const id of index.articles.keys()) await expectSentenceVectorsOfModel(index, id);
  });

  it('re-embeds nothing for an unchanged corpus', async () => {
    const before = await loadArchiveIndex(out, config);
    const report = await buildArchiveIndex(config, { corpus, out });
    expect(report.embeddedPassages).toBe(0);
    expect(report.extractedArticles).toBe(0);
    expect(report.reusedPassages).toBe(before.passages.length);
    const after = await loadArchiveIndex(out, config);
    expect(after.vectors.read(0, after.vectors.count)).toEqual(before.vectors.read(0, before.vectors.count));
    for (const id of before.articles.keys()) expect(after.sentences.rowsOf(id)).toEqual(before.sentences.rowsOf(id));
  });

  it('re-embeds only the changed article, and drops a removed one', async () => {
    const unchanged = sentenceRows(await loadArchiveIndex(out, config), 'extra.txt');
    writeArticle(corpus, 'extra.txt', 'Officials met in Karachi on Wednesday. They rejected the budget. A vote follows.');
    const changed = await buildArchiveIndex(config, { corpus, out });
    expect(changed.embeddedPassages).toBe(changed.manifest.articles['extra.txt'].passages);
    expect(changed.reusedPassages).toBe(changed.manifest.counts.passages - changed.embeddedPassages);
    const rebuilt = await loadArchiveIndex(out, config);
    expect(sentenceRows(rebuilt, 'extra.txt')).toEqual(unchanged);
    await expectSentenceVectorsOfModel(rebuilt, 'extra.txt');

    rmSync(join(corpus, 'long.txt'));
    const removed = await buildArchiveIndex(config, { corpus, out });
    expect(removed.embeddedPassages).toBe(0);
    expect(removed.manifest.counts.articles).toBe(3);
    expect(removed.manifest.articles['long.txt']).toBeUndefined();
    const index = await loadArchiveIndex(out, config);
    expect(index.passages.some((p) => p.articleId === 'long.txt')).toBe(false);
    expect(index.passages.length).toBe(removed.reusedPassages);
  });

  it('re-extracts entities when the extractor changed, and re-embeds all when the chunking code changed', async () => {
    const manifestFile = join(realpathSync(out), 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, derivedBy: { ...manifest.derivedBy, entities: 'stale' } }));
    const entities = await buildArchiveIndex(config, { corpus, out });
    expect(entities).toMatchObject({ embeddedPassages: 0, extractedArticles: 3 });

    const rebuilt = JSON.parse(readFileSync(join(realpathSync(out), 'manifest.json'), 'utf8'));
    writeFileSync(
      join(realpathSync(out), 'manifest.json'),
      JSON.stringify({ ...rebuilt, derivedBy: { ...rebuilt.derivedBy, chunking: 'stale' } }),
    );
    const chunking = await buildArchiveIndex(config, { corpus, out });
    expect(chunking.embeddedPassages).toBe(chunking.manifest.counts.passages);
    expect(chunking.previousUnusable).toMatch(/sentence\/passage code changed/);
  });

  it('indexes the valid rest of a corpus with skipInvalid, and names what it skipped', async () => {
    const other = join(root, 'other');
    const mixed = seedCorpus(join(root, 'mixed'), { 'bad.txt': '' });
    writeArticle(mixed, 'bad-date.txt', 'Some text.', '2024-13-01');
    await expect(buildArchiveIndex(config, { corpus: mixed, out: other })).rejects.toThrow(/bad(-date)?\.txt/);
    const report = await buildArchiveIndex(config, { corpus: mixed, out: other, skipInvalid: true });
    expect(report.manifest.counts.articles).toBe(2);
    expect(report.skipped.map((s) => s.source.split('/').pop())).toEqual(['bad-date.txt', 'bad.txt']);
  });

  it('writes the same index a batch of articles at a time as in one batch, and reuses it batch by batch', async () => {
    const streamed = join(root, 'batched', 'index');
    const whole = join(root, 'whole', 'index');
    await buildArchiveIndex(config, { corpus, out: streamed, batchArticles: 2 });
    await buildArchiveIndex(config, { corpus, out: whole, batchArticles: 1_000 });
    const [batched, inOne] = [streamed, whole].map((dir) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    for (const file of Object.keys(batched.files)) {
      expect(readFileSync(join(realpathSync(streamed), file)), file).toEqual(readFileSync(join(realpathSync(whole), file)));
    }
    // The same manifest but for when and how long.
    expect({ ...batched, builtAt: 0, buildMs: 0 }).toEqual({ ...inOne, builtAt: 0, buildMs: 0 });

    writeArticle(corpus, 'extra.txt', 'Officials met in Quetta on Thursday. They passed the budget.');
    const again = await buildArchiveIndex(config, { corpus, out: streamed, batchArticles: 1 });
    expect(again.embeddedPassages).toBe(again.manifest.articles['extra.txt'].passages);
    expect(again.reusedPassages).toBe(again.manifest.counts.passages - again.embeddedPassages);
    const index = await loadArchiveIndex(streamed, config);
    for (const id of index.articles.keys()) await expectSentenceVectorsOfModel(index, id);
    const [hit] = (index.dense as HnswRetriever).approximate(index.vectors.read(1, 1), 1, config.hnsw.efSearch);
    expect(hit.passageId).toBe(1);
  });
});
