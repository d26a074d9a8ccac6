// Turns text into normalised vectors with a transformers.js feature-extraction model.
import { join } from 'node:path';
import { env, pipeline, Tensor as LibraryTensor } from '@xenova/transformers';
import onnxRuntime, { type InferenceSession } from 'onnxruntime-node';
import type { EngineConfig } from '../config.ts';
import { locateModel, ModelNotFoundError, weightsFile } from './locate.ts';
import { type LibraryTokenizer, wordPieceTokenizer, type WordPieceTokenizer } from './wordPiece.ts';

export interface Embedder {
  modelId: string;
  dimensions: number;
  quantized: boolean;
  /** Word pieces in `text`, without special tokens (what passage sizing counts). */
  countTokens(text: string): number;
  /** One unit-length vector per text, in order; batched internally. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export const EMBED_BATCH_SIZE = 64;

interface Tensor<T> {
  dims: number[];
  data: T;
}
interface ModelInputs {
  input_ids: Tensor<BigInt64Array>;
  attention_mask: Tensor<BigInt64Array>;
}
interface Tokenizer extends LibraryTokenizer {
  (texts: string[], options: { padding: boolean; truncation: boolean }): ModelInputs;
}
/** The parts of a transformers.js feature-extraction pipeline we drive ourselves. */
interface FeatureExtractor {
  tokenizer: Tokenizer;
  model: {
    (inputs: ModelInputs): Promise<{ last_hidden_state?: Tensor<Float32Array>; token_embeddings?: Tensor<Float32Array> }>;
    session: InferenceSession;
    /** The model's config.json; a Model2Vec model's says `static_embedding`. */
    config?: { static_embedding?: unknown };
  };
}

/**
 * One thread, no pool: onnxruntime's default intra-op pool keeps a second thread spinning after every run,
 * which doubled the CPU of a question for no speed on this small model (batches of short texts).
 */
const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
};

/**
 * Loads `config.embeddingModel` from `config.modelDir` (or the hub when ALLOW_REMOTE_MODELS is on).
 * Throws ModelNotFoundError when it is missing or has no weights.
 */
export async function createEmbedder(config: EngineConfig): Promise<Embedder> {
  const location = locateModel(config);
  env.allowLocalModels = true;
  env.allowRemoteModels = config.allowRemoteModels;
  if (location.kind === 'local') env.localModelPath = location.localModelPath;
  else console.warn(`warning: embedding model "${config.embeddingModel}" ${location.note}`);

  let extract: FeatureExtractor;
  try {
    extract = (await pipeline('feature-extraction', config.embeddingModel, {
      quantized: config.quantized,
    })) as unknown as FeatureExtractor;
  } catch (error) {
    throw new ModelNotFoundError(config, location.searched, `could not be loaded (${(error as Error).message.split('\n')[0]})`);
  }
  // transformers.js takes no session options: the same weights are opened again with ours (a downloaded
  // model keeps the library's session).
  if (location.kind === 'local') {
    const weights = join(location.localModelPath, config.embeddingModel, weightsFile(config.quantized));
    extract.model.session = await onnxRuntime.InferenceSession.create(weights, SESSION_OPTIONS);
  }

  // The library's tokenizer was most of the embedding's CPU in a build (`node --cpu-prof`): ours gives the same ids.
  const tokenizer = wordPieceTokenizer(extract.tokenizer);
  const tokenVectors = async (inputs: ModelInputs): Promise<Tensor<Float32Array>> => {
    const outputs = await extract.model(inputs);
    const hidden = outputs.last_hidden_state ?? outputs.token_embeddings;
    if (!hidden) throw new ModelNotFoundError(config, location.searched, 'gives no token embeddings (not a feature-extraction model)');
    return hidden;
  };
  const embedBatch = async (inputs: ModelInputs): Promise<Float32Array[]> =>
    meanPoolNormalized(await tokenVectors(inputs), inputs.attention_mask);
  const libraryInputs = (texts: string[]) => extract.tokenizer(texts, { padding: true, truncation: true });
  const [probe] = await embedBatch(
    tokenizer ? paddedInputs([tokenizer.inputIds('dimension probe')], tokenizer) : libraryInputs(['dimension probe']),
  );

  // A static model gives a token the same vector in any text: a text's vector is then the mean of its tokens' rows, read
  // once from the model (one run over every token id, ~7.5 MB for potion-base-2M). Read for the first batch as large as
  // a build's (not for a question), and used only when it gives the probe's vector to the bit.
  let staticRows: Promise<TokenRows | undefined> | undefined;
  const rowsForBatch = (texts: string[]): Promise<TokenRows | undefined> | undefined => {
    if (!tokenizer || extract.model.config?.static_embedding === undefined || texts.length < EMBED_BATCH_SIZE) return undefined;
    return (staticRows ??= (async () => {
      let count = 0;
      for (const id of extract.tokenizer.model.tokens_to_ids.values()) count = Math.max(count, id + 1);
      const every = Array.from({ length: count }, (_, id) => id);
      const rows = new TokenRows((await tokenVectors(paddedInputs([every], { ...tokenizer, maxLength: count }))).data, probe.length);
      const same = rows.meanOf(tokenizer.inputIds('dimension probe'), tokenizer.maxLength).every((value, d) => value === probe[d]);
      return same ? rows : undefined;
    })());
  };

  return {
    modelId: config.embeddingModel,
    dimensions: probe.length,
    quantized: config.quantized,
    countTokens: tokenizer
      ? (text) => tokenizer.pieces(text).length
      : (text) => extract.tokenizer.encode(text, null, { add_special_tokens: false }).length,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      if (!tokenizer) {
        for (let from = 0; from < texts.length; from += EMBED_BATCH_SIZE) {
          vectors.push(...(await embedBatch(libraryInputs(texts.slice(from, from + EMBED_BATCH_SIZE)))));
        }
        return vectors;
      }
      const ids = texts.map((text) => tokenizer.inputIds(text));
      const rows = await rowsForBatch(texts);
      if (rows) return ids.map((row) => rows.meanOf(row, tokenizer.maxLength));
      // Batched by length, so a batch is padded to the length of texts like its own: a text's vector depends on its
      // tokens alone (a look-up and a mean over its unpadded ones), not on the batch.
      const byLength = [...ids.keys()].sort((a, b) => ids[a].length - ids[b].length);
      for (let from = 0; from < byLength.length; from += EMBED_BATCH_SIZE) {
        const batch = byLength.slice(from, from + EMBED_BATCH_SIZE);
        const embedded = await embedBatch(
          paddedInputs(
            batch.map((i) => ids[i]),
            tokenizer,
          ),
        );
        batch.forEach((i, row) => (vectors[i] = embedded[row]));
      }
      return vectors;
    },
  };
}

/**
 * The model's inputs for texts' ids (`inputIds`) as the library's tokenizer makes them with padding and truncation: each
 * text's ids cut to the model's longest input, padded on the right to the longest in the batch, with its attention mask.
 */
function paddedInputs(rows: number[][], tokenizer: WordPieceTokenizer): ModelInputs {
  const length = Math.min(Math.max(...rows.map((ids) => ids.length)), tokenizer.maxLength);
  const ids = new BigInt64Array(rows.length * length).fill(BigInt(tokenizer.padId));
  const mask = new BigInt64Array(rows.length * length);
  rows.forEach((row, r) => {
    for (let t = 0; t < Math.min(row.length, length); t++) {
      ids[r * length + t] = BigInt(row[t]);
      mask[r * length + t] = 1n;
    }
  });
  const dims = [rows.length, length];
  return {
    input_ids: new LibraryTensor('int64', ids, dims) as unknown as Tensor<BigInt64Array>,
    attention_mask: new LibraryTensor('int64', mask, dims) as unknown as Tensor<BigInt64Array>,
  };
}

/**
 * Mean of the unmasked token vectors of each row, scaled to unit length: what the pipeline's
 * `{ pooling: 'mean', normalize: true }` computes, in token-major order (the library's loop is ~6× slower).
 */
export function meanPoolNormalized(hidden: Tensor<Float32Array>, mask: Tensor<BigInt64Array>): Float32Array[] {
  const [rows, length, dims] = hidden.dims;
  // Read once: `data` is a getter on transformers.js tensors, costly in the inner loop.
  const values = hidden.data;
  // The mask's 64-bit values read as pairs of 32-bit halves: reading a BigInt64Array makes a BigInt of each value.
  const attention = new Int32Array(mask.data.buffer, mask.data.byteOffset, mask.data.length * 2);
  const vectors: Float32Array[] = [];
  for (let row = 0; row < rows; row++) {
    const sum = new Float64Array(dims);
    let count = 0;
    for (let token = 0; token < length; token++) {
      const at = 2 * (row * length + token);
      if (attention[at] === 0 && attention[at + 1] === 0) continue;
      count++;
      addRow(sum, values, (row * length + token) * dims);
    }
    vectors.push(unitMean(sum, count));
  }
  return vectors;
}

/** Adds `values`' row at `offset` to `sum`, four dimensions a step (a third less CPU than one); each sum still adds its rows in order. */
function addRow(sum: Float64Array, values: Float32Array, offset: number): void {
  const dims = sum.length;
  let d = 0;
  for (; d + 4 <= dims; d += 4) {
    sum[d] += values[offset + d];
    sum[d + 1] += values[offset + d + 1];
    sum[d + 2] += values[offset + d + 2];
    sum[d + 3] += values[offset + d + 3];
  }
  for (; d < dims; d++) sum[d] += values[offset + d];
}

/** The mean of `count` rows summed in `sum`, scaled to unit length. */
function unitMean(sum: Float64Array, count: number): Float32Array {
  const dims = sum.length;
  let norm = 0;
  for (let d = 0; d < dims; d++) {
    sum[d] /= Math.max(count, 1);
    norm += sum[d] * sum[d];
  }
  const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
  const vector = new Float32Array(dims);
  for (let d = 0; d < dims; d++) vector[d] = sum[d] * scale;
  return vector;
}

/** A static model's token vectors, a row per token id, as the model gives them. */
class TokenRows {
  constructor(
    private readonly values: Float32Array,
    private readonly dims: number,
  ) {}

  /** What `meanPoolNormalized` makes of the model's output for `ids` (cut to `maxLength`, as the model's input is). */
  meanOf(ids: readonly number[], maxLength: number): Float32Array {
    const sum = new Float64Array(this.dims);
    const count = Math.min(ids.length, maxLength);
    for (let t = 0; t < count; t++) addRow(sum, this.values, ids[t] * this.dims);
    return unitMean(sum, count);
  }
}
