// Dense retrieval in PostgreSQL: nearest passages by cosine distance (pgvector `<=>`) through its HNSW index.
import type pg from 'pg';
import type { RankedPassage, RetrievalOptions, RetrievalQuery, Retriever } from './retriever.ts';

/** A vector as pgvector's text input: `[0.1,0.2,…]`. */
export function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.from(vector).join(',')}]`;
}

/** pgvector's largest `hnsw.ef_search`. */
const MAX_EF_SEARCH = 1000;

export class PgDenseRetriever implements Retriever {
  /**
   * Over the passages table `table` (schema-qualified), whose `embedding` column has an HNSW cosine index, searching
   * at breadth `ef` (pgvector's `hnsw.ef_search`, at most 1,000).
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
    private readonly ef: number,
  ) {}

  /**
   * Passages by cosine similarity, best first. A filtered search (`allowed`) scans those passages exactly: the HNSW
   * index filters after its walk, so a restrictive filter would leave fewer than `limit` passages.
   */
  async query({ vector }: RetrievalQuery, { limit, allowed }: RetrievalOptions): Promise<RankedPassage[]> {
    const literal = vectorLiteral(vector);
    const { rows } = allowed
      ? await this.pool.query<{ id: number; distance: number }>(
          `WITH candidates AS MATERIALIZED (SELECT id, embedding FROM ${this.table} WHERE id = ANY($2::int[]))
           SELECT id, embedding <=> $1::vector AS distance FROM candidates ORDER BY distance, id LIMIT $3`,
          [literal, [...allowed], limit],
        )
      : await this.nearest(literal, limit);
    return rows
      .map(({ id, distance }) => ({ passageId: id, score: 1 - Number(distance) }))
      .sort((a, b) => b.score - a.score || a.passageId - b.passageId);
  }

  /**
   * One round trip: `SET LOCAL` and the search run as one implicit transaction (a simple-protocol query), so the
   * breadth applies to this search only, on any pooled connection. Safe to inline: the literal is made of numbers.
   */
  private async nearest(literal: string, limit: number): Promise<{ rows: { id: number; distance: number }[] }> {
    const results = (await this.pool.query(
      `SET LOCAL hnsw.ef_search = ${Math.trunc(Math.min(Math.max(this.ef, limit), MAX_EF_SEARCH))};
       SELECT id, embedding <=> '${literal}' AS distance FROM ${this.table} ORDER BY embedding <=> '${literal}' LIMIT ${Math.trunc(limit)}`,
    )) as unknown as pg.QueryResult<{ id: number; distance: number }>[];
    return results[1];
  }
}
