// Lexical search in Postgres ranks from the impact postings written at build time (issue 20) exactly as BM25 computed
// from the passages' tsvectors does: same passages, same order, the same scores to 1e-9, with and without a date
// filter, on the seeds and on a Reuters sample (read from ../shared/corpora at test time; skipped without it).
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPglite, type PgliteServer } from '../../eval/pglite.ts';
import { mulberry32 } from '../../eval/random.ts';
import { loadEngineConfig, type EngineConfig } from '../../src/config.ts';
import { tokenize } from '../../src/corpus/terms.ts';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import type { ArchiveStore } from '../../src/index/archiveStore.ts';
import { openPostgresStore } from '../../src/index/postgres/store.ts';
import { buildPostgresArchive } from '../../src/openArchive.ts';
import type { RankedPassage } from '../../src/retrieval/retriever.ts';

const REUTERS = resolve('../shared/corpora/reuters21578/reuters21578.jsonl');
/** One article in this many: about 100. */
const EVERY = 200;
const NO_VECTOR = new Float32Array(0);

let server: PgliteServer;
let dir: string;
let embedder: Embedder;

beforeAll(async () => {
  server = await startPglite();
  dir = mkdtempSync(join(tmpdir(), 'pg-lexical-'));
  embedder = await createEmbedder(loadEngineConfig({}));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Builds `corpus` into the database and opens it twice: ranked from the postings, and from the tsvectors. */
async function openBoth(corpus: string): Promise<{ postings: ArchiveStore; tsvectors: ArchiveStore }> {
  const config: EngineConfig = { ...loadEngineConfig({ CORPUS: corpus, HNSW_EF_CONSTRUCTION: '50' }), databaseUrl: server.url };
  await buildPostgresArchive(server.url, config, { embedder, skipInvalid: true });
  return {
    postings: await openPostgresStore(server.url, config, { embedder, ranking: 'bm25' }),
    tsvectors: await openPostgresStore(server.url, config, { embedder, ranking: 'bm25-tsvector' }),
  };
}

/** Every question ranked by both, at each depth and date filter: the rankings must be identical. */
async function expectSameRankings(
  stores: { postings: ArchiveStore; tsvectors: ArchiveStore },
  questions: string[],
  filters: (ReadonlySet<number> | undefined)[],
): Promise<number> {
  let compared = 0;
  for (const question of questions) {
    for (const limit of [10, 50]) {
      for (const allowed of filters) {
        const options = { limit, ...(allowed ? { allowed } : {}) };
        const query = { text: question, vector: NO_VECTOR };
        const postings = (await stores.postings.lexical.query(query, options)) as RankedPassage[];
        const tsvectors = (await stores.tsvectors.lexical.query(query, options)) as RankedPassage[];
        const what = `"${question}", top ${limit}${allowed ? `, ${allowed.size} passages allowed` : ''}`;
        // Impacts are computed once at build time, so scores may differ from the tsvectors' ones in the last bits.
        expect(
          postings.map(({ passageId }) => passageId),
          what,
        ).toEqual(tsvectors.map(({ passageId }) => passageId));
        postings.forEach(({ score }, i) =>
          expect(Math.abs(score - tsvectors[i].score), what).toBeLessThanOrEqual(1e-9 * tsvectors[i].score),
        );
        if (tsvectors.length > 0) compared++;
      }
    }
  }
  return compared;
}

describe('lexical search in Postgres from impact postings', () => {
  it('ranks the seeds as BM25 over their tsvectors does', async () => {
    const stores = await openBoth('seeds');
    try {
      const questions = [
        'Who warned officials about WhatsApp links?',
        'audio leaks',
        'What did Imran Khan say about the cypher?',
        'Sanaulah',
        '"dark web" audio',
        'security agencies fully alert',
        'nothing matches zzzqx',
      ];
      const early = await stores.postings.passagesPublished({ to: '2022-12-31' });
      expect(await expectSameRankings(stores, questions, [undefined, early])).toBeGreaterThan(10);
    } finally {
      await stores.postings.close();
      await stores.tsvectors.close();
    }
  });

  it.skipIf(!existsSync(REUTERS))('ranks a Reuters sample as BM25 over their tsvectors does (skipped: no ../shared corpora)', async () => {
    const lines: string[] = [];
    let seen = 0;
    for await (const line of createInterface({ input: createReadStream(REUTERS) })) {
      if (line.trim() && seen++ % EVERY === 0) lines.push(line);
    }
    writeFileSync(join(dir, 'sample.jsonl'), `${lines.join('\n')}\n`);
    const articles = lines.map((line) => JSON.parse(line) as { title?: string; text: string; date: string });
    // Titles, runs of words from the texts, their capitalised words misspelt (fuzzy matches) and quoted (phrases).
    const random = mulberry32(20);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const questions: string[] = [];
    for (let i = 0; i < 40; i++) {
      const article = pick(articles);
      const words = tokenize(article.text);
      const at = Math.floor(random() * Math.max(1, words.length - 6));
      const run = words.slice(at, at + 2 + Math.floor(random() * 5));
      const name = pick(words.filter((word) => /^[A-Z][a-z]{6,}/.test(word))) ?? 'Reuters';
      questions.push(
        (article.title ?? run.join(' ')).toLowerCase(),
        run.join(' '),
        `What did ${name.slice(0, 3)}${name.slice(4)} say about ${pick(words)}?`,
        `"${run.slice(0, 2).join(' ')}" ${pick(words)}`,
      );
    }
    const stores = await openBoth(join(dir, 'sample.jsonl'));
    try {
      const middle = articles.map((article) => article.date).sort()[Math.floor(articles.length / 2)];
      const later = await stores.postings.passagesPublished({ from: middle });
      expect(await expectSameRankings(stores, questions, [undefined, later])).toBeGreaterThan(300);
    } finally {
      await stores.postings.close();
      await stores.tsvectors.close();
    }
  });
});
