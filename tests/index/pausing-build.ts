// Child process for the atomicity test: builds an index and freezes at one publishing step until killed.
import { loadEngineConfig } from '../../src/config.ts';
import type { PublishStep } from '../../src/index/files.ts';
import { buildArchiveIndex } from '../../src/openArchive.ts';

const [corpus, out, step] = process.argv.slice(2) as [string, string, PublishStep];
await buildArchiveIndex(loadEngineConfig({ HNSW_EF_CONSTRUCTION: '50' }), {
  corpus,
  out,
  pauseAt: async (reached) => {
    if (reached !== step) return;
    console.log(`paused at ${reached}`);
    await new Promise(() => setInterval(() => {}, 60_000));
  },
});
