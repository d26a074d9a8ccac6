// Child process for a reload: runs the archive's incremental build (of the index folder, or of the Postgres database the
// bot reads) off the bot's event loop and reports what changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config.ts';
import { INDEX_FILES } from '../index/files.ts';
import type { IndexManifest } from '../index/types.ts';
import { rebuildArchive } from '../openArchive.ts';
import type { BuildOutcome } from './indexBuild.ts';

/** The articles' hashes in the build being served, or none when there is no readable one yet. */
async function articleHashes(config: EngineConfig): Promise<IndexManifest['articles']> {
  try {
    if (config.databaseUrl) {
      // Loaded only for Postgres, as everywhere: a process reading index files never loads pg.
      const { currentManifest } = await import('../index/postgres/schema.ts');
      return (await currentManifest(config.databaseUrl))?.articles ?? {};
    }
    return (JSON.parse(readFileSync(join(config.indexDir, INDEX_FILES.manifest), 'utf8')) as IndexManifest).articles ?? {};
  } catch {
    return {};
  }
}

async function build(config: EngineConfig): Promise<BuildOutcome> {
  const before = await articleHashes(config);
  const report = await rebuildArchive(config, { skipInvalid: true });
  const after = report.manifest.articles;
  const ids = Object.keys(after);
  return {
    ok: true,
    added: ids.filter((id) => !before[id]).length,
    changed: ids.filter((id) => before[id] && before[id].hash !== after[id].hash).length,
    removed: Object.keys(before).filter((id) => !after[id]).length,
    embeddedPassages: report.embeddedPassages,
    reusedPassages: report.reusedPassages,
    skipped: report.skipped.map(({ source, reason }) => `${source}: ${reason}`),
    buildMs: report.ms,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

process.once('message', (config: EngineConfig) => {
  build(config)
    .catch((error: unknown): BuildOutcome => ({ ok: false, error: error instanceof Error ? error.message : String(error) }))
    .then((outcome) => process.send!(outcome, () => process.exit(0)));
});
