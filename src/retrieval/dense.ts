// Dense retrieval: nearest passages to the question's embedding, through an HNSW graph (hnswlib) or exactly over a subset.
import hnswlib from 'hnswlib-node';
import {
  SavedRetrieverError,
  type DenseEngine,
  type GraphParameters,
  type RankedPassage,
  type RetrievalOptions,
  type RetrievalQuery,
  type SavedDenseRetriever,
} from './retriever.ts';

/**
 * Below this many allowed passages a filtered search scans their vectors exactly: the graph walk
 * with a restrictive filter visits most of the graph anyway and may miss neighbours.
 */
const EXACT_SCAN_LIMIT = 20_000;

export class HnswRetriever implements SavedDenseRetriever {
  /** A cosine-space graph over `vectors` (row `i`, length `dimensions`, is passage `i`'s unit vector). */
  static build(
    vectors: Float32Array,
    dimensions: number,
    parameters: GraphParameters,
    onProgress?: (done: number, total: number) => void,
  ): HnswRetriever {
    const count = vectors.length / dimensions;
    const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    graph.initIndex({ maxElements: Math.max(count, 1), m: parameters.m, efConstruction: parameters.efConstruction, randomSeed: 100 });
    for (let label = 0; label < count; label++) {
      graph.addPoint(Array.from(vectors.subarray(label * dimensions, (label + 1) * dimensions)), label);
      onProgress?.(label + 1, count);
    }
    return new HnswRetriever(graph, vectors, dimensions, parameters.efConstruction);
  }

  /**
   * The graph `save` wrote to `path`, for these `vectors`, read off the event loop (hnswlib's worker thread).
   * Rejects with SavedRetrieverError when it is unreadable or does not hold these vectors.
   */
  static async load(path: string, vectors: Float32Array, dimensions: number, ef: number): Promise<HnswRetriever> {
    const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    try {
      await graph.readIndex(path);
    } catch (error) {
      throw new SavedRetrieverError(`is unreadable (${(error as Error).message})`);
    }
    const count = vectors.length / dimensions;
    if (graph.getCurrentCount() !== count) throw new SavedRetrieverError(`holds ${graph.getCurrentCount()} vectors, expected ${count}`);
    // hnswlib does not record dimensions: a graph of other vectors only shows as points that differ.
    const first = count > 0 ? graph.getPoint(0) : [];
    if (count > 0 && (first.length !== dimensions || first.some((value, i) => Math.abs(value - vectors[i]) > 1e-3))) {
      throw new SavedRetrieverError('does not match the stored vectors');
    }
    return new HnswRetriever(graph, vectors, dimensions, ef);
  }

  private constructor(
    private readonly graph: hnswlib.HierarchicalNSW,
    private readonly vectors: Float32Array,
    private readonly dimensions: number,
    /** HNSW search breadth; higher finds more true neighbours, slower. */
    readonly ef: number,
  ) {}

  save(path: string): void {
    this.graph.writeIndexSync(path);
  }

  /** Passages by cosine similarity to the question's vector, best first. */
  query({ vector }: RetrievalQuery, options: RetrievalOptions): RankedPassage[] {
    const { allowed } = options;
    if (allowed && allowed.size <= EXACT_SCAN_LIMIT) return this.exact(vector, options.limit, allowed);
    return this.approximate(vector, options.limit, this.ef, allowed);
  }

  /**
   * Exact cosine neighbours by brute force (over `allowed`, or all passages): one dot product per row of the flat
   * vector array, the best `limit` kept in a small sorted buffer (no object per row, no sort of them all).
   */
  exact(query: Float32Array, limit: number, allowed?: Iterable<number>): RankedPassage[] {
    const { vectors, dimensions } = this;
    const rows = vectors.length / dimensions;
    const k = Math.min(limit, rows);
    if (k <= 0) return [];
    const ids = new Int32Array(k).fill(-1);
    const scores = new Float64Array(k).fill(-Infinity);
    const consider = (id: number): void => {
      const offset = id * dimensions;
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += query[d] * vectors[offset + d];
      // Ties keep the lower id first, as a sort by (score desc, id asc) would.
      if (dot < scores[k - 1] || (dot === scores[k - 1] && id > ids[k - 1])) return;
      let at = k - 1;
      while (at > 0 && (scores[at - 1] < dot || (scores[at - 1] === dot && ids[at - 1] > id))) {
        scores[at] = scores[at - 1];
        ids[at] = ids[at - 1];
        at--;
      }
      scores[at] = dot;
      ids[at] = id;
    };
    if (allowed) for (const id of allowed) consider(id);
    else for (let id = 0; id < rows; id++) consider(id);
    const ranked: RankedPassage[] = [];
    for (let i = 0; i < k && ids[i] >= 0; i++) ranked.push({ passageId: ids[i], score: scores[i] });
    return ranked;
  }

  /** Approximate neighbours through the HNSW graph at breadth `ef`. */
  approximate(query: Float32Array, limit: number, ef: number, allowed?: ReadonlySet<number>): RankedPassage[] {
    const count = this.graph.getCurrentCount();
    const k = Math.min(limit, count);
    if (k === 0) return [];
    this.graph.setEf(Math.max(ef, k));
    const result = allowed
      ? this.graph.searchKnn(Array.from(query), k, (label) => allowed.has(label))
      : this.graph.searchKnn(Array.from(query), k);
    // hnswlib's cosine space returns 1 - cosine.
    return result.neighbors
      .map((passageId, i) => ({ passageId, score: 1 - result.distances[i] }))
      .sort((a, b) => b.score - a.score || a.passageId - b.passageId);
  }
}

/** hnswlib's HNSW graph as the dense engine of the index files. */
export const hnswEngine: DenseEngine = {
  build: (vectors, dimensions, parameters, onProgress) => HnswRetriever.build(vectors, dimensions, parameters, onProgress),
  load: (path, vectors, dimensions, ef) => HnswRetriever.load(path, vectors, dimensions, ef),
};
