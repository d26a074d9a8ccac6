// `npm run bench-lexical -- --index DIR [--peers DIR]`: candidate lexical engines side by side over one index's
// passages and the bench's questions: build time, latency (top 50), and agreement with the project's ranking.
// SQLite FTS5 runs through libsql (the bot's state database, prebuilt); LanceDB full-text (@lancedb/lancedb 0.31.0)
// is not a dependency of the project: it is measured when `--peers` names a folder whose node_modules holds it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'libsql';
import { loadEngineConfig } from '../src/config.ts';
import { termsOf } from '../src/corpus/terms.ts';
import type { Passage, StoredArticle } from '../src/domain/article.ts';
import { loadArchiveIndex } from '../src/openArchive.ts';
import { Bm25Retriever } from '../src/retrieval/bm25.ts';
import { MiniSearchRetriever } from '../src/retrieval/lexical.ts';
import { benchmarkQueries } from '../eval/queries.ts';

const { values } = parseArgs({
  options: {
    index: { type: 'string' },
    peers: { type: 'string' },
    queries: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});
if (!values.index) throw new Error('usage: npm run bench-lexical -- --index DIR [--peers DIR] [--queries N] [--json]');
const LIMIT = 50;

type Search = (question: string) => number[] | Promise<number[]>;
interface Candidate {
  name: string;
  build(passages: readonly Passage[], articles: ReadonlyMap<string, StoredArticle>): Promise<Search>;
}

const words = (text: string) => ({ text, vector: new Float32Array(0) });
const textOf = (articles: ReadonlyMap<string, StoredArticle>, passage: Passage) =>
  articles.get(passage.articleId)!.text.slice(passage.start, passage.end);
const titleOf = (articles: ReadonlyMap<string, StoredArticle>, passage: Passage) =>
  passage.firstSentence === 0 ? (articles.get(passage.articleId)!.title ?? '') : '';

const candidates: Candidate[] = [
  {
    name: 'MiniSearch (the previous engine)',
    build: async (passages, articles) => {
      const engine = MiniSearchRetriever.build(passages, articles);
      return (question) => engine.query(words(question), { limit: LIMIT }).map(({ passageId }) => passageId);
    },
  },
  {
    name: 'BM25 + MaxScore (src/retrieval/bm25.ts)',
    build: async (passages, articles) => {
      const engine = Bm25Retriever.build(passages, articles);
      return (question) => engine.query(words(question), { limit: LIMIT }).map(({ passageId }) => passageId);
    },
  },
];

candidates.push({
  name: 'SQLite FTS5 (libsql, porter unicode61, bm25 with title ×2)',
  build: async (passages, articles) => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE p USING fts5(text, title, tokenize='porter unicode61')");
    const insert = db.prepare('INSERT INTO p(rowid, text, title) VALUES (?, ?, ?)');
    db.transaction(() => passages.forEach((passage) => insert.run(passage.id, textOf(articles, passage), titleOf(articles, passage))))();
    const search = db.prepare('SELECT rowid FROM p WHERE p MATCH ? ORDER BY bm25(p, 1.0, 2.0) LIMIT ?').pluck();
    return (question) => {
      const terms = [...new Set(question.match(/[\p{L}\p{N}]+/gu) ?? [])].filter((term) => termsOf(term).length > 0);
      return terms.length ? (search.all(terms.map((term) => `"${term}"`).join(' OR '), LIMIT) as number[]) : [];
    };
  },
});

const peers = values.peers ? createRequire(join(resolve(values.peers), 'package.json')) : undefined;
const skipped: string[] = [];
if (peers) {
  candidates.push({
    name: 'LanceDB full-text (@lancedb/lancedb, FTS index)',
    build: async (passages, articles) => {
      const lancedb = await import(pathToFileURL(peers.resolve('@lancedb/lancedb')).href);
      const dir = mkdtempSync(join(tmpdir(), 'lance-'));
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      const db = await lancedb.connect(dir);
      const table = await db.createTable(
        'passages',
        passages.map((passage) => ({ id: passage.id, text: `${titleOf(articles, passage)} ${textOf(articles, passage)}` })),
      );
      await table.createIndex('text', { config: lancedb.Index.fts() });
      return async (question) => {
        const rows = await table.search(question, 'fts').select(['id']).limit(LIMIT).toArray();
        return rows.map((row: { id: number }) => row.id);
      };
    },
  });
}

const config = loadEngineConfig();
const index = await loadArchiveIndex(values.index, config);
const queries = benchmarkQueries(index.articles, Number(values.queries));
const results: Record<string, unknown>[] = [];
let reference: number[][] | undefined;
for (const candidate of candidates) {
  let search: Search;
  const started = performance.now();
  try {
    search = await candidate.build(index.passages, index.articles);
  } catch (error) {
    skipped.push(`${candidate.name}: ${(error as Error).message.split('\n')[0]}`);
    continue;
  }
  const buildMs = performance.now() - started;
  for (const question of queries.slice(0, 20)) await search(question);
  const ms: number[] = [];
  const cpu: number[] = [];
  const ranked: number[][] = [];
  for (const question of queries) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    ranked.push(await search(question));
    ms.push(performance.now() - started);
    const spent = process.cpuUsage(cpuBefore);
    cpu.push((spent.user + spent.system) / 1000);
  }
  reference ??= ranked;
  // Agreement with the first (the previous engine) on the top 10: 1.0 means the same passages.
  const agreement =
    ranked.reduce((sum, ids, i) => {
      const expected = new Set(reference![i].slice(0, 10));
      return sum + (expected.size ? ids.slice(0, 10).filter((id) => expected.has(id)).length / expected.size : 1);
    }, 0) / ranked.length;
  const { p50, p95, p99 } = percentiles(cpu);
  results.push({ engine: candidate.name, buildMs, ...percentiles(ms), cpu: { p50, p95, p99 }, agreementAt10: agreement });
}

if (values.json)
  console.log(JSON.stringify({ index: values.index, passages: index.passages.length, queries: queries.length, results, skipped }, null, 2));
else {
  console.log(`Lexical engines over ${index.passages.length} passages, ${queries.length} questions, top ${LIMIT} (${values.index})`);
  console.log(
    '(wall ms include waiting for a core on a busy machine; CPU ms do not; LanceDB works on its own threads, so its CPU can exceed wall)',
  );
  console.log(
    'engine                                                            build s   wall p50    p95     p99 |  CPU p50    p95     p99 | top-10 agreement',
  );
  type Row = {
    engine: string;
    buildMs: number;
    p50: number;
    p95: number;
    p99: number;
    cpu: { p50: number; p95: number; p99: number };
    agreementAt10: number;
  };
  for (const row of results as Row[]) {
    const cells = (values: number[]) => values.map((value) => value.toFixed(2).padStart(7)).join(' ');
    console.log(
      `${row.engine.padEnd(64)} ${(row.buildMs / 1000).toFixed(1).padStart(7)}  ${cells([row.p50, row.p95, row.p99])} | ${cells([row.cpu.p50, row.cpu.p95, row.cpu.p99])} | ${(100 * row.agreementAt10).toFixed(1)}%`,
    );
  }
  for (const line of skipped) console.log(`skipped ${line}`);
}

function percentiles(series: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...series].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p95: at(95), p99: at(99) };
}
