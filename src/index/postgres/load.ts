// Reads a whole build of the archive back from PostgreSQL: what a rebuild reuses (its analysis and vectors).
import type pg from 'pg';
import type { Passage, StoredArticle } from '../../domain/article.ts';
import { IndexError } from '../errors.ts';
import { INDEX_SCHEMA_VERSION, type IndexManifest } from '../types.ts';
import { tables } from './schema.ts';

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
