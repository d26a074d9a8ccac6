// Opens the current build of the archive in PostgreSQL: articles and passages in memory, retrievers that query Postgres.
import type pg from 'pg';
import type { EngineConfig } from '../../config.ts';
import type { Passage, StoredArticle } from '../../domain/article.ts';
import { PgDenseRetriever } from '../../retrieval/pgDense.ts';
import { PgLexicalRetriever, type PgLexicalRanking } from '../../retrieval/pgLexical.ts';
import { passageText } from '../../retrieval/lexical.ts';
import { IndexError } from '../errors.ts';
import { SentenceVectors } from '../sentenceVectors.ts';
import { INDEX_SCHEMA_VERSION, type IndexManifest } from '../types.ts';
import { createPool, currentBuild, describeDatabase, reaching, tables } from './schema.ts';

export interface PostgresIndex {
  /** The database, without its password. */
  source: string;
  buildId: number;
  manifest: IndexManifest;
  articles: Map<string, StoredArticle>;
  passages: Passage[];
  sentences: SentenceVectors;
  dense: PgDenseRetriever;
  lexical: PgLexicalRetriever;
  /** Closes the connections. */
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  ranking?: PgLexicalRanking;
  log?: (line: string) => void;
}

/**
 * The current build in the database at `url`. Throws IndexError when the database is unreachable, holds no build,
 * or its build was made with another model than `config.embeddingModel`.
 */
export async function openPostgresIndex(url: string, config: EngineConfig, options: OpenPostgresOptions = {}): Promise<PostgresIndex> {
  const source = describeDatabase(url);
  const pool = createPool(url, { log: options.log });
  try {
    const current = await reaching(url, () => currentBuild(pool));
    if (!current) throw new IndexError(source, 'holds no archive yet; build it with `npm run index -- --store postgres`');
    const { id, manifest } = current;
    if (manifest.model.id !== config.embeddingModel) {
      throw new IndexError(
        source,
        `built with model "${manifest.model.id}" but EMBEDDING_MODEL is "${config.embeddingModel}"; rebuild it with \`npm run index -- --store postgres\``,
      );
    }
    if (manifest.schemaVersion !== INDEX_SCHEMA_VERSION) {
      throw new IndexError(source, 'was built by an older version of this program; rebuild it with `npm run index -- --store postgres`');
    }
    const { articles, passages, sentenceVectors } = await readBuild(pool, id, manifest);
    const t = tables(id);
    const terms = await pool.query<{ term: string; df: number; title_df: number }>(`SELECT term, df, title_df FROM ${t.terms}`);
    const lengths = await pool.query<{ text: number; title: number }>(
      `SELECT avg(text_length)::float8 AS text, avg(title_length)::float8 AS title FROM ${t.passages}`,
    );
    const byId = new Map(articles.map((article) => [article.id, article]));
    const lexical = new PgLexicalRetriever(
      pool,
      t.passages,
      {
        text: new Map(terms.rows.filter(({ df }) => df > 0).map(({ term, df }) => [term, df])),
        title: new Map(terms.rows.filter(({ title_df }) => title_df > 0).map(({ term, title_df }) => [term, title_df])),
      },
      passages.length,
      lengths.rows[0] ?? { text: 1, title: 1 },
      (passageId) => passageText(byId, passages[passageId]),
      options.ranking,
    );
    return {
      source,
      buildId: id,
      manifest,
      articles: byId,
      passages,
      sentences: new SentenceVectors(sentenceVectors!, manifest.model.dimensions, articles),
      dense: new PgDenseRetriever(pool, t.passages, config.hnsw.efSearch),
      lexical,
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * The articles, passages and sentence vectors of build `buildId` (with the passage vectors when asked: a rebuild
 * reuses them). A build from before sentence vectors (schema 2) has none.
 */
export async function readBuild(
  client: pg.Pool | pg.PoolClient,
  buildId: number,
  manifest: IndexManifest,
  { withVectors = false } = {},
): Promise<{ articles: StoredArticle[]; passages: Passage[]; vectors: Float32Array; sentenceVectors?: Float32Array }> {
  const t = tables(buildId);
  const dimensions = manifest.model.dimensions;
  const hasSentenceVectors = manifest.schemaVersion >= INDEX_SCHEMA_VERSION;
  const articleRows = await client.query<StoredArticle & { title: string | null; source: string | null; sentence_vectors?: Buffer }>(
    `SELECT id, date, title, text, source, sentences, entities${hasSentenceVectors ? ', sentence_vectors' : ''}
     FROM ${t.articles} ORDER BY ordinal`,
  );
  const sentenceVectors = new Float32Array(hasSentenceVectors ? manifest.counts.sentences * dimensions : 0);
  let filled = 0;
  const articles = articleRows.rows.map(({ title, source, sentence_vectors: rows, ...article }) => {
    if (rows) {
      const floats = rows.byteLength / 4;
      if (floats !== article.sentences.length * dimensions || filled + floats > sentenceVectors.length) {
        throw new IndexError(`build ${buildId}`, `the sentence vectors of article ${article.id} do not match its sentences; rebuild it`);
      }
      sentenceVectors.set(new Float32Array(rows.buffer.slice(rows.byteOffset, rows.byteOffset + rows.byteLength)), filled);
      filled += floats;
    }
    return { ...article, ...(title !== null ? { title } : {}), ...(source !== null ? { source } : {}) };
  });
  const passageRows = await client.query<Passage & { embedding?: string }>(
    `SELECT id, article_id AS "articleId", date, first_sentence AS "firstSentence", last_sentence AS "lastSentence",
            start_offset AS start, end_offset AS "end"${withVectors ? ', embedding::text AS embedding' : ''}
     FROM ${t.passages} ORDER BY id`,
  );
  const vectors = new Float32Array(withVectors ? passageRows.rows.length * dimensions : 0);
  const passages = passageRows.rows.map(({ embedding, ...passage }, i) => {
    if (i !== passage.id) throw new IndexError(`build ${buildId}`, `passage ids are not 0…${passageRows.rows.length - 1}; rebuild it`);
    if (embedding) vectors.set(JSON.parse(embedding) as number[], passage.id * dimensions);
    return passage;
  });
  return { articles, passages, vectors, ...(hasSentenceVectors ? { sentenceVectors } : {}) };
}
