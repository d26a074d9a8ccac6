// Dense retrieval: nearest passages to the question's embedding, through the HNSW graph or exactly over a small subset.
import type { HierarchicalNSW } from 'hnswlib-node';
import type { RankedPassage } from './lexical.ts';

export interface DenseSearchOptions {
  limit: number;
  /** HNSW search breadth; higher finds more true neighbours, slower. */
  ef: number;
  /** Only these passage ids (e.g. a date filter); searched exactly when few enough. */
  allowed?: ReadonlySet<number>;
}

/**
 * Below this many allowed passages a filtered search scans their vectors exactly: the graph walk
 * with a restrictive filter visits most of the graph anyway and may miss neighbours.
 */
const EXACT_SCAN_LIMIT = 20_000;

export class DenseIndex {
  constructor(
    private readonly hnsw: HierarchicalNSW,
    /** Row `i` (length `dimensions`) is passage `i`'s unit vector. */
    private readonly vectors: Float32Array,
    private readonly dimensions: number,
  ) {}

  /** Passages by cosine similarity to `query` (a unit vector), best first. */
  query(query: Float32Array, options: DenseSearchOptions): RankedPassage[] {
    const { allowed } = options;
    if (allowed && allowed.size <= EXACT_SCAN_LIMIT) return this.exact(query, options.limit, allowed);
    return this.approximate(query, options.limit, options.ef, allowed);
  }

  /** Exact cosine neighbours by brute force (over `allowed`, or all passages). */
  exact(query: Float32Array, limit: number, allowed?: Iterable<number>): RankedPassage[] {
    const ids = allowed ?? range(this.vectors.length / this.dimensions);
    const ranked: RankedPassage[] = [];
    for (const id of ids) ranked.push({ passageId: id, score: this.cosine(query, id) });
    ranked.sort((a, b) => b.score - a.score || a.passageId - b.passageId);
    return ranked.slice(0, limit);
  }

  /** Approximate neighbours through the HNSW graph at breadth `ef`. */
  approximate(query: Float32Array, limit: number, ef: number, allowed?: ReadonlySet<number>): RankedPassage[] {
    const count = this.hnsw.getCurrentCount();
    const k = Math.min(limit, count);
    if (k === 0) return [];
    this.hnsw.setEf(Math.max(ef, k));
    const result = allowed
      ? this.hnsw.searchKnn(Array.from(query), k, (label) => allowed.has(label))
      : this.hnsw.searchKnn(Array.from(query), k);
    // hnswlib's cosine space returns 1 - cosine.
    return result.neighbors
      .map((passageId, i) => ({ passageId, score: 1 - result.distances[i] }))
      .sort((a, b) => b.score - a.score || a.passageId - b.passageId);
  }

  /** Cosine of `query` with passage `id` (both unit vectors). */
  cosine(query: Float32Array, id: number): number {
    const offset = id * this.dimensions;
    let dot = 0;
    for (let d = 0; d < this.dimensions; d++) dot += query[d] * this.vectors[offset + d];
    return dot;
  }
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
