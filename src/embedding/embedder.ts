// Turns text into normalised vectors with a transformers.js feature-extraction model.
import { env, pipeline } from '@xenova/transformers';
import type { EngineConfig } from '../config.ts';
import { locateModel, ModelNotFoundError } from './locate.ts';

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

interface Tokenizer {
  encode(text: string, pair: null, options: { add_special_tokens: boolean }): number[];
}
interface Tensor {
  dims: number[];
  data: Float32Array;
}
interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<Tensor>;
  tokenizer: Tokenizer;
}

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
    throw new ModelNotFoundError(
      config.embeddingModel,
      location.searched,
      `could not be loaded (${(error as Error).message.split('\n')[0]})`,
    );
  }

  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const output = await extract(texts, { pooling: 'mean', normalize: true });
    const dims = output.dims[1];
    return texts.map((_, row) => output.data.slice(row * dims, (row + 1) * dims));
  };
  const [probe] = await embedBatch(['dimension probe']);

  return {
    modelId: config.embeddingModel,
    dimensions: probe.length,
    quantized: config.quantized,
    countTokens: (text) => extract.tokenizer.encode(text, null, { add_special_tokens: false }).length,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let from = 0; from < texts.length; from += EMBED_BATCH_SIZE) {
        vectors.push(...(await embedBatch(texts.slice(from, from + EMBED_BATCH_SIZE))));
      }
      return vectors;
    },
  };
}
