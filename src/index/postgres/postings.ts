// The impact postings of a build: per term, its passages with their BM25 impact, summed per passage by lexical search.
import type pg from 'pg';
import { impactPostingsSql } from '../../retrieval/pgLexical.ts';
import { buildSchema } from './schema.ts';

/** The postings table of build `buildId`. */
export const postingsTable = (buildId: number): string => `${buildSchema(buildId)}.postings`;

/**
 * Writes a build's `postings` from its `passages`' terms and the term statistics (both written before), with
 * the indexes lexical search reads them by: a term's postings (from the index alone, highest impact first), and a
 * passage's (for a narrow date filter). Computed in the database, so
 * a build of any shape (one process or several workers) gets them the same way once its passages are in. Also
 * indexes the terms by prefix and by length, and makes sure of `fuzzystrmatch` (near spellings of a name are found
 * in SQL, among the terms of about its length).
 */
export async function writePostings(
  client: pg.PoolClient | pg.Pool,
  { passages, terms, postings }: { passages: string; terms: string; postings: string },
): Promise<void> {
  await client.query(`
    CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
    CREATE TABLE ${postings} (term text NOT NULL, impact float8 NOT NULL, passage integer NOT NULL);
    INSERT INTO ${postings} (term, impact, passage) ${impactPostingsSql(passages, terms)};
    CREATE INDEX ON ${postings} (term, impact DESC) INCLUDE (passage);
    CREATE INDEX ON ${postings} (passage, term) INCLUDE (impact);
    CREATE INDEX ON ${terms} (term text_pattern_ops);
    CREATE INDEX ON ${terms} (length(term));`);
}
