// Finds the configured embedding model on disk (transformers.js layout: <dir>/<org>/<name>/...).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceModule } from '../codeFiles.ts';
import { DEFAULT_EMBEDDING_MODEL, DEFAULT_MODEL_DIR, type EngineConfig } from '../config.ts';
import { SetupError } from '../domain/errors.ts';

const projectRoot = resolve(dirname(fileURLToPath(sourceModule(import.meta.url))), '..', '..');

/** The embedding model cannot be loaded; the message names the model, the folders searched and the fix. */
export class ModelNotFoundError extends SetupError {
  override name = 'ModelNotFoundError';
  readonly model: string;
  constructor(
    config: EngineConfig,
    readonly searched: string[],
    problem: string,
  ) {
    super(`Embedding model "${config.embeddingModel}" ${problem}. Searched: ${searched.join(', ')}. Fix: ${fixes(config).join('; or ')}.`);
    this.model = config.embeddingModel;
  }
}

/** Ways out, each offered only when its setting isn't already the one suggested. */
const fixRules: { applies: (config: EngineConfig) => boolean; fix: (config: EngineConfig) => string }[] = [
  {
    applies: (c) => c.embeddingModel === DEFAULT_EMBEDDING_MODEL && c.modelDir === DEFAULT_MODEL_DIR,
    fix: () => `restore the bundled copy with \`git checkout -- ${DEFAULT_MODEL_DIR}\``,
  },
  {
    applies: (c) => c.embeddingModel === DEFAULT_EMBEDDING_MODEL && c.modelDir !== DEFAULT_MODEL_DIR,
    fix: (c) => `unset MODEL_DIR (now "${c.modelDir}") to use the bundled ${DEFAULT_MODEL_DIR}/`,
  },
  {
    applies: (c) => c.embeddingModel !== DEFAULT_EMBEDDING_MODEL,
    fix: (c) => `unset EMBEDDING_MODEL (now "${c.embeddingModel}") to use the bundled ${DEFAULT_EMBEDDING_MODEL}`,
  },
  {
    applies: (c) => c.modelDir === DEFAULT_MODEL_DIR,
    fix: () => 'set MODEL_DIR to a folder of transformers.js models',
  },
  {
    applies: (c) => !c.allowRemoteModels,
    fix: () => 'set ALLOW_REMOTE_MODELS=true to download it from the Hugging Face hub',
  },
  {
    applies: (c) => c.allowRemoteModels,
    fix: () => 'check that this machine can reach huggingface.co (ALLOW_REMOTE_MODELS is on) and the model id is right',
  },
];

export function fixes(config: EngineConfig): string[] {
  return fixRules.filter((rule) => rule.applies(config)).map((rule) => rule.fix(config));
}

export type ModelLocation =
  /** A folder with everything the pipeline needs: `localModelPath` is its models root. */
  | { kind: 'local'; localModelPath: string; searched: string[] }
  /** Not (fully) on disk; transformers.js may download it because ALLOW_REMOTE_MODELS is on. */
  | { kind: 'remote'; searched: string[]; note: string };

/** The ONNX file transformers.js loads for this model. */
export function weightsFile(quantized: boolean): string {
  return join('onnx', quantized ? 'model_quantized.onnx' : 'model.onnx');
}

/** Where the model lives, or a ModelNotFoundError saying what is missing (tokenizer, weights or all). */
export function locateModel(config: EngineConfig): ModelLocation {
  const roots = [...new Set([resolve(config.modelDir), resolve(projectRoot, config.modelDir)])];
  const searched = roots.map((root) => join(root, config.embeddingModel));
  const weights = weightsFile(config.quantized);
  let partial: string | undefined;
  for (const [i, folder] of searched.entries()) {
    if (!existsSync(folder)) continue;
    const missing = ['config.json', 'tokenizer.json', weights].filter((file) => !existsSync(join(folder, file)));
    if (missing.length === 0) return { kind: 'local', localModelPath: roots[i] + '/', searched };
    partial ??= `is incomplete in ${folder}: missing ${missing.join(', ')}${
      missing.includes(weights) && missing.length === 1
        ? ' (tokenizer only, NO ONNX WEIGHTS: it cannot embed' +
          (config.quantized && existsSync(join(folder, weightsFile(false))) ? '; MODEL_QUANTIZED=false would use onnx/model.onnx' : '') +
          ')'
        : ''
    }`;
  }
  const problem = partial ?? 'was not found';
  if (config.allowRemoteModels) return { kind: 'remote', searched, note: `${problem}; downloading it from the Hugging Face hub` };
  throw new ModelNotFoundError(config, searched, problem);
}
