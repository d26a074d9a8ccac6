// Opens the archive the CLI and the bot talk to: the index (built if missing), the answer engine and the people/dates lookups.
import type { Archive } from './archive.ts';
import type { EngineConfig } from './config.ts';
import { EntityLookup } from './entities/lookup.ts';
import { openEngine } from './search/openEngine.ts';

export interface OpenArchiveOptions {
  /** One line per notable step (e.g. "building the index…"); stderr in the CLI, the logger in the bot. */
  log?: (line: string) => void;
}

/**
 * Loads everything once per process: the index at `config.indexDir` (built from `config.corpus`
 * when missing), the embedding model, the lexical index and the people directory.
 * Throws IndexError or ModelNotFoundError with a message saying what to do.
 */
export async function openArchive(config: EngineConfig, options: OpenArchiveOptions = {}): Promise<Archive> {
  const { engine, index } = await openEngine(config, { log: options.log });
  const articles = [...index.articles.values()];
  const lookup = new EntityLookup(articles);
  const dates = articles.map((article) => article.date).sort();
  return {
    ask: (question, askOptions) => engine.ask(question, askOptions),
    person: (name) => lookup.person(name),
    suggestPeople: (query, limit) => lookup.suggestPeople(query, limit),
    dates: (range) => lookup.dates(range),
    timeline: (name) => lookup.timeline(name),
    summary: () => ({
      articles: index.manifest.counts.articles,
      passages: index.manifest.counts.passages,
      firstDate: dates[0] ?? '',
      lastDate: dates.at(-1) ?? '',
      model: index.manifest.model.id,
      builtAt: index.manifest.builtAt,
      people: lookup.directory.people.length,
    }),
  };
}
