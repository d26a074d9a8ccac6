// Makes the offline models in ../shared/models visible to the project as ./models (run by `npm install`).
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';

const projectModels = resolve('models');
const sharedModels = resolve('..', 'shared', 'models');

if (existsSync(projectModels) || lstatSafe(projectModels)) {
  console.log(`models: using ${projectModels}`);
} else if (existsSync(sharedModels)) {
  symlinkSync(sharedModels, projectModels, 'dir');
  console.log(`models: linked ${projectModels} -> ${sharedModels}`);
} else {
  console.log(
    `models: no ${sharedModels} here; set MODEL_DIR to a folder of transformers.js models, ` +
      'or ALLOW_REMOTE_MODELS=true to download EMBEDDING_MODEL from the Hugging Face hub.',
  );
}

function lstatSafe(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
