// Makes the offline models in ../shared/models visible to the project as ./models (run by `npm install`).
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';

const projectModels = resolve('models');
const sharedModels = resolve('..', 'shared', 'models');

if (lstatSync(projectModels, { throwIfNoEntry: false })) {
  // A folder or link the user set up (even a dangling link) is theirs: leave it.
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
