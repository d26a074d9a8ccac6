// Child process for a reload: runs the archive's incremental build (of the index folder, or of the Postgres database the
// bot reads) off the bot's event loop and reports what changed.
import type { EngineConfig } from '../config.ts';
import { rebuildArchive, servedManifest } from '../openArchive.ts';
import type { BuildOutcome } from './indexBuild.ts';

async function build(config: EngineConfig): Promise<BuildOutcome> {
  // The articles' hashes in the build being served, or none when there is no readable one yet.
  const before = (await servedManifest(config))?.articles ?? {};
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
    skipped: [
      ...report.skipped.map(({ source, reason }) => `${source}: ${reason}`),
      ...(report.skippedCount > report.skipped.length ? [`and ${report.skippedCount - report.skipped.length} more`] : []),
    ],
    buildMs: report.ms,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

process.once('message', (config: EngineConfig) => {
  build(config)
    .catch((error: unknown): BuildOutcome => ({ ok: false, error: error instanceof Error ? error.message : String(error) }))
    .then((outcome) => process.send!(outcome, () => process.exit(0)));
});
