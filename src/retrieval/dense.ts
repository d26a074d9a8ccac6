// Dense retrieval: nearest passages to the question's embedding, through an HNSW graph (hnswlib) or exactly over a subset.
import { basename } from 'node:path';
import hnswlib from 'hnswlib-node';
import {
  SavedRetrieverError,
  type DenseEngine,
  type GraphBuilder,
  type GraphParameters,
  type GraphSegment,
  type PassageVectors,
  type RankedPassage,
  type RetrievalOptions,
  type RetrievalQuery,
  type Retriever,
} from './retriever.ts';

/**
 * Below this many allowed passages a filtered search scans their vectors exactly: the graph walk
 * with a restrictive filter visits most of the graph anyway and may miss neighbours.
 */
const EXACT_SCAN_LIMIT = 20_000;

/** Rows read at once by an exact scan (256 KB of 64-d vectors): the allowed passages within such a stretch, one read. */
const SCAN_BLOCK_ROWS = 1_024;

/** Passage vectors held in memory (a build's, a test's): `read` returns views. */
export function heldVectors(vectors: Float32Array, dimensions: number): PassageVectors {
  return {
    count: vectors.length / dimensions,
    dimensions,
    read: (first, count) => vectors.subarray(first * dimensions, (first + count) * dimensions),
  };
}

export class HnswRetriever implements Retriever {
  /** A cosine-space graph over `vectors` (row `i`, length `dimensions`, is passage `i`'s unit vector), in one segment. */
  static build(vectors: Float32Array, dimensions: number, parameters: GraphParameters): HnswRetriever {
    const count = vectors.length / dimensions;
    const builder = new HnswGraphBuilder(dimensions, parameters, 0, count);
    builder.add(vectors);
    return new HnswRetriever([builder.graph], heldVectors(vectors, dimensions), parameters.efConstruction);
  }

  /**
   * The graphs `segments` name, for these `vectors` (every passage), each read off the event loop (hnswlib's worker
   * thread). Rejects with SavedRetrieverError, naming the graph's file, when one is unreadable or does not hold its
   * segment's vectors.
   */
  static async load(segments: readonly GraphSegment[], vectors: PassageVectors, ef: number): Promise<HnswRetriever> {
    const { dimensions } = vectors;
    const graphs: hnswlib.HierarchicalNSW[] = [];
    for (const { path, first, count } of segments) {
      const file = basename(path);
      const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
      try {
        await graph.readIndex(path);
      } catch (error) {
        throw new SavedRetrieverError(`${file} is unreadable (${(error as Error).message})`);
      }
      if (graph.getCurrentCount() !== count) {
        throw new SavedRetrieverError(`${file} holds ${graph.getCurrentCount()} vectors, expected ${count}`);
      }
      // hnswlib does not record dimensions: a graph of other vectors only shows as points that differ.
      const head = count > 0 ? graph.getPoint(first) : [];
      const stored = count > 0 ? vectors.read(first, 1) : new Float32Array(0);
      if (count > 0 && (head.length !== dimensions || head.some((value, i) => Math.abs(value - stored[i]) > 1e-3))) {
        throw new SavedRetrieverError(`${file} does not match the stored vectors`);
      }
      graphs.push(graph);
    }
    return new HnswRetriever(graphs, vectors, ef);
  }

  private constructor(
    /** One graph per segment of the passages, labelled by passage id. */
    private readonly graphs: readonly hnswlib.HierarchicalNSW[],
    /** Every passage's vector, for exact scans. */
    private readonly vectors: PassageVectors,
    /** HNSW search breadth; higher finds more true neighbours, slower. */
    readonly ef: number,
  ) {}

  /** Passages by cosine similarity to the question's vector, best first. */
  query({ vector }: RetrievalQuery, options: RetrievalOptions): RankedPassage[] {
    const { allowed } = options;
    if (allowed && allowed.size <= EXACT_SCAN_LIMIT) return this.exact(vector, options.limit, allowed);
    return this.approximate(vector, options.limit, this.ef, allowed);
  }

  /**
   * Exact cosine neighbours by brute force (over `allowed`, or all passages): one dot product per row, the rows read a
   * stretch of SCAN_BLOCK_ROWS at a time, the best `limit` kept in a small sorted buffer (no object per row, no sort of
   * them all).
   */
  exact(query: Float32Array, limit: number, allowed?: Iterable<number>): RankedPassage[] {
    const { vectors } = this;
    const { dimensions, count: rows } = vectors;
    const k = Math.min(limit, rows);
    if (k <= 0) return [];
    const ids = new Int32Array(k).fill(-1);
    const scores = new Float64Array(k).fill(-Infinity);
    const consider = (id: number, block: Float32Array, offset: number): void => {
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += query[d] * block[offset + d];
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
    if (allowed) {
      const wanted = Int32Array.from(allowed).sort();
      for (let from = 0; from < wanted.length;) {
        const first = wanted[from];
        let to = from;
        while (to + 1 < wanted.length && wanted[to + 1] - first < SCAN_BLOCK_ROWS) to++;
        const block = vectors.read(first, wanted[to] - first + 1);
        for (let at = from; at <= to; at++) consider(wanted[at], block, (wanted[at] - first) * dimensions);
        from = to + 1;
      }
    } else {
      for (let first = 0; first < rows; first += SCAN_BLOCK_ROWS) {
        const block = vectors.read(first, Math.min(SCAN_BLOCK_ROWS, rows - first));
        for (let row = 0; row * dimensions < block.length; row++) consider(first + row, block, row * dimensions);
      }
    }
    const ranked: RankedPassage[] = [];
    for (let i = 0; i < k && ids[i] >= 0; i++) ranked.push({ passageId: ids[i], score: scores[i] });
    return ranked;
  }

  /**
   * Approximate neighbours through the HNSW graphs at breadth `ef`: each segment's best `limit`, merged by score (the
   * scores are exact cosines, so the merge loses nothing a graph found).
   */
  approximate(query: Float32Array, limit: number, ef: number, allowed?: ReadonlySet<number>): RankedPassage[] {
    const found: RankedPassage[] = [];
    const question = Array.from(query);
    for (const graph of this.graphs) {
      const k = Math.min(limit, graph.getCurrentCount());
      if (k === 0) continue;
      graph.setEf(Math.max(ef, k));
      const result = allowed ? graph.searchKnn(question, k, (label) => allowed.has(label)) : graph.searchKnn(question, k);
      // hnswlib's cosine space returns 1 - cosine.
      result.neighbors.forEach((passageId, i) => found.push({ passageId, score: 1 - result.distances[i] }));
    }
    return found.sort((a, b) => b.score - a.score || a.passageId - b.passageId).slice(0, limit);
  }
}

/**
 * A cosine-space graph of at most `capacity` passages from `first` on, built as their vectors are added. Written, it is
 * the graph `initIndex` with room for exactly the passages added would make (the same file, byte for byte).
 */
class HnswGraphBuilder implements GraphBuilder {
  readonly graph: hnswlib.HierarchicalNSW;
  count = 0;

  constructor(
    private readonly dimensions: number,
    parameters: GraphParameters,
    private readonly first: number,
    private readonly capacity: number,
  ) {
    this.graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    // Room is taken as it is written to (the pages of a graph not filled cost nothing).
    this.graph.initIndex({
      maxElements: Math.max(capacity, 1),
      m: parameters.m,
      efConstruction: parameters.efConstruction,
      randomSeed: 100,
    });
  }

  add(vectors: Float32Array): void {
    const { dimensions } = this;
    const rows = vectors.length / dimensions;
    if (this.count + rows > this.capacity) throw new Error(`a graph for ${this.capacity} passages given ${this.count + rows}`);
    for (let row = 0; row < rows; row++) {
      this.graph.addPoint(Array.from(vectors.subarray(row * dimensions, (row + 1) * dimensions)), this.first + this.count++);
    }
  }

  writeAndFree(path: string): void {
    // The room left unused is given back: the file records a graph of the passages it holds.
    if (this.count < this.capacity) this.graph.resizeIndex(Math.max(this.count, 1));
    this.graph.writeIndexSync(path);
    // A new index deletes the graph's (hnswlib-node has no other way to free it, and V8 does not see its size).
    this.graph.initIndex({ maxElements: 1 });
  }
}

/** hnswlib's HNSW graph as the dense engine of the index files. */
export const hnswEngine: DenseEngine = {
  startGraph: (dimensions, parameters, first, capacity) => new HnswGraphBuilder(dimensions, parameters, first, capacity),
  load: (segments, vectors, ef) => HnswRetriever.load(segments, vectors, ef),
};
