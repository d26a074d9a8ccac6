import { pipeline } from '@xenova/transformers';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxRuntime, { type InferenceSession } from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, loadEngineConfig } from '../../src/config.ts';
import { createEmbedder, EMBED_BATCH_SIZE } from '../../src/embedding/embedder.ts';
import { fixes, ModelNotFoundError } from '../../src/embedding/locate.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);

describe('createEmbedder', () => {
  it('loads the offline model and embeds unit vectors that rank a paraphrase first', async () => {
    const embedder = await createEmbedder(loadEngineConfig({}));
    expect(embedder).toMatchObject({ modelId: 'minishlab/potion-base-2M', dimensions: 64, quantized: true });
    expect(embedder.countTokens('The PML-N chief')).toBe(6);
    const texts = ['Who warned officials about WhatsApp links?', 'PMO warns officials of WhatsApp hacking links', 'A football match'];
    const many = Array.from({ length: 70 }, (_, i) => texts[i % 3]);
    const vectors = await embedder.embed(many);
    expect(vectors).toHaveLength(70);
    expect(vectors[69]).toEqual(vectors[0]);
    expect(dot(vectors[0], vectors[0])).toBeCloseTo(1, 5);
    expect(dot(vectors[0], vectors[1])).toBeGreaterThan(dot(vectors[0], vectors[2]) + 0.3);
  });

  it("matches the library's own tokenizer, mean pooling + normalisation on a padded batch, a text past the model's length cut", async () => {
    const embedder = await createEmbedder(loadEngineConfig({}));
    const texts = [
      'Short.',
      'A much longer passage about the budget, the council and a vote on Tuesday in Lahore.',
      'Mid-length text here.',
      'The council voted on the budget again. '.repeat(80),
    ];
    const extract = await pipeline('feature-extraction', 'minishlab/potion-base-2M');
    const reference = (await extract(texts, { pooling: 'mean', normalize: true })).tolist() as number[][];
    const vectors = await embedder.embed(texts);
    vectors.forEach((vector, row) => vector.forEach((value, d) => expect(value).toBeCloseTo(reference[row][d], 5)));
    // Batched by length, a text's vector is the same whatever it is embedded with.
    for (const [row, text] of texts.entries()) expect((await embedder.embed([text]))[0]).toEqual(vectors[row]);
  });

  it("embeds a batch as large as a build's from the static model's token rows: each vector the model's own to the bit, the model not run", async () => {
    const embedder = await createEmbedder(loadEngineConfig({}));
    const folder = new URL('../../seeds/', import.meta.url);
    const sentences = readdirSync(folder)
      .filter((name) => name.endsWith('.txt'))
      .flatMap((name) => readFileSync(new URL(name, folder), 'utf8').split(/(?<=[.!?])\s+|\n/))
      .filter(Boolean);
    // Sentences, and passages of two: a build embeds both.
    const passages = sentences.slice(1).map((sentence, i) => `${sentences[i]} ${sentence}`);
    const texts = [...sentences, ...passages, 'Nestlé ΣΟΦΙΑ 北京 €5', 'The council voted on the budget again. '.repeat(80), ''];
    expect(texts.length).toBeGreaterThan(EMBED_BATCH_SIZE);
    // The class of every onnxruntime session (its type names only the factory): counts the model's runs, changes none.
    const sessions = onnxRuntime.InferenceSession as unknown as { prototype: InferenceSession };
    const runs = vi.spyOn(sessions.prototype, 'run');
    await embedder.embed(texts);
    runs.mockClear();
    const batch = await embedder.embed(texts);
    expect(runs).not.toHaveBeenCalled();
    for (const [i, text] of texts.entries()) expect((await embedder.embed([text]))[0]).toEqual(batch[i]);
    expect(runs).toHaveBeenCalledTimes(texts.length);
    runs.mockRestore();
  });

  it('names the model and the folders searched when it is missing', async () => {
    const config = loadEngineConfig({ EMBEDDING_MODEL: 'nobody/nothing', MODEL_DIR: '/tmp/no-models-here' });
    await expect(createEmbedder(config)).rejects.toThrow(ModelNotFoundError);
    await expect(createEmbedder(config)).rejects.toThrow(
      /"nobody\/nothing" was not found\. Searched: \/tmp\/no-models-here\/nobody\/nothing/,
    );
  });

  it('says loudly when the model folder has a tokenizer but no ONNX weights', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tokenizer-only-'));
    const folder = join(root, 'someone', 'tokenizer-only');
    mkdirSync(folder, { recursive: true });
    for (const file of ['config.json', 'tokenizer.json']) copyFileSync(join('models', DEFAULT_EMBEDDING_MODEL, file), join(folder, file));
    const config = loadEngineConfig({ EMBEDDING_MODEL: 'someone/tokenizer-only', MODEL_DIR: root });
    await expect(createEmbedder(config)).rejects.toThrow(/missing onnx\/model_quantized\.onnx \(tokenizer only, NO ONNX WEIGHTS/);
  });

  it.each([
    ['the defaults', {}, ['git checkout -- models', 'set MODEL_DIR', 'set ALLOW_REMOTE_MODELS=true'], ['unset']],
    [
      'another MODEL_DIR',
      { MODEL_DIR: '/opt/models' },
      ['unset MODEL_DIR (now "/opt/models")', 'set ALLOW_REMOTE_MODELS=true'],
      ['set MODEL_DIR to a folder', 'git checkout'],
    ],
    [
      'a hub model, downloads on',
      { EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2', ALLOW_REMOTE_MODELS: 'true' },
      ['unset EMBEDDING_MODEL', 'reach huggingface.co'],
      ['set ALLOW_REMOTE_MODELS', 'git checkout'],
    ],
  ])('the Fix: hint for %s suggests no setting that is already set', (_, env: Record<string, string>, offered, notOffered) => {
    const hints = fixes(loadEngineConfig(env)).join('; ');
    for (const text of offered) expect(hints).toContain(text);
    for (const text of notOffered) expect(hints).not.toContain(text);
  });
});
