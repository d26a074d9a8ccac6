// The dense index in segments: a graph per SEGMENT_PASSAGES passages, each built, written and dropped before the next,
// so a build holds one segment's graph whatever the archive's size. Answering searches every segment's graph and merges
// their best (src/retrieval/dense.ts).
import { join } from 'node:path';
import type { DenseEngine, GraphBuilder, GraphParameters, GraphSegment } from '../retrieval/retriever.ts';
import { IndexError } from './errors.ts';
import { fsyncFile, INDEX_FILES } from './files.ts';
import type { IndexManifest } from './types.ts';

/**
 * Passages per graph. hnswlib with m 16 over 64-d vectors takes ~531 bytes of RSS a passage (README, "At scale"): ~53 MB
 * a graph while it is built, within a build's 600 MB at any size; each graph costs a search ~0.2 CPU-ms a question (a
 * million articles make 16). Reuters (29,964 passages) is one segment.
 */
export const SEGMENT_PASSAGES = 100_000;

/** Segment `k`'s graph file: hnsw.bin for the first (an index from before segments has only it), hnsw.<k>.bin after. */
function graphFile(k: number): string {
  return k === 0 ? INDEX_FILES.hnsw : `hnsw.${k}.bin`;
}

/** Whether `file` of an index folder is one of its graphs. */
export function isGraphFile(file: string): boolean {
  return /^hnsw(\.[1-9]\d*)?\.bin$/.test(file);
}

/** More graphs than a manifest may record (10 billion passages at SEGMENT_PASSAGES): a damaged manifest. */
const MAX_GRAPHS = 100_000;

/**
 * The graphs of the index in `dir` as its manifest records them: `segmentPassages` passages each (an index from before
 * segments: one of all). An archive of no passages still has one, empty. A `segmentPassages` that is not a positive
 * whole number, or more than MAX_GRAPHS graphs, is an IndexError.
 */
export function graphSegments(dir: string, manifest: Pick<IndexManifest, 'hnsw' | 'counts'>): GraphSegment[] {
  const passages = manifest.counts.passages;
  const per = manifest.hnsw?.segmentPassages ?? Math.max(passages, 1);
  if (!Number.isSafeInteger(per) || per <= 0 || !Number.isSafeInteger(passages) || passages / per > MAX_GRAPHS) {
    throw new IndexError(
      dir,
      `${INDEX_FILES.manifest} records ${String(passages)} passages in graphs of ${String(per)}; rebuild the index with \`npm run index\``,
    );
  }
  const segments: GraphSegment[] = [];
  for (let first = 0, k = 0; k === 0 || first < passages; first += per, k++) {
    segments.push({ path: join(dir, graphFile(k)), first, count: Math.min(per, passages - first) });
  }
  return segments;
}

/**
 * Builds a build's graphs as its passage vectors come, batch after batch: each batch's vectors go into the graph of their
 * segment at once, and a segment's graph is written as soon as its last passage is in, then dropped. What it holds: the
 * current segment's graph (not its vectors: the graph keeps its own copy of each).
 */
export class GraphSegmentWriter {
  /** The current segment's graph, from its first passage until it is written. */
  private graph: GraphBuilder | undefined;
  private readonly written: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly engine: DenseEngine,
    private readonly dimensions: number,
    private readonly parameters: GraphParameters,
    readonly segmentPassages: number = SEGMENT_PASSAGES,
  ) {}

  /** Takes the next passages' vectors (`dimensions` floats each, in passage order); writes each segment they fill. */
  add(vectors: Float32Array): void {
    const { dimensions, segmentPassages } = this;
    for (let from = 0; from < vectors.length;) {
      const graph = (this.graph ??= this.startSegment());
      const take = Math.min(vectors.length - from, (segmentPassages - graph.count) * dimensions);
      graph.add(vectors.subarray(from, from + take));
      from += take;
      if (graph.count === segmentPassages) this.writeSegment(graph);
    }
  }

  /** Writes the last segment (the only one, empty, for an archive of no passages); returns every graph file written. */
  finish(): string[] {
    if (this.graph) this.writeSegment(this.graph);
    else if (this.written.length === 0) this.writeSegment(this.startSegment());
    return this.written;
  }

  private startSegment(): GraphBuilder {
    const first = this.written.length * this.segmentPassages;
    return this.engine.startGraph(this.dimensions, this.parameters, first, this.segmentPassages);
  }

  private writeSegment(graph: GraphBuilder): void {
    const file = graphFile(this.written.length);
    graph.writeAndFree(join(this.dir, file));
    fsyncFile(join(this.dir, file));
    this.written.push(file);
    this.graph = undefined;
  }
}
