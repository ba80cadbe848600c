/**
 * @module metainfo/hash-source — hashes planned files as a stream of piece-sized reads (bounded
 * memory): v1 SHA-1 pieces (BEP 3) and, per file, v2 piece layers and pieces roots (BEP 52).
 * With a HashPool, up to two pieces per worker are in flight; results land by index.
 */
import { MERKLE_BLOCK_SIZE, type HashPool, type Hasher } from '../hash/hasher.js';
import { MetainfoError } from './errors.js';
import type { LayoutPlan } from './file-layout.js';
import type { TorrentVersion } from './types.js';
import { piecesRootFromLayer } from './v2-tree.js';

/** Options of {@link hashSource}. */
export interface HashSourceOptions {
  readonly pool?: HashPool;
  readonly signal?: AbortSignal;
  /** Called with the cumulative number of file bytes hashed. */
  readonly onProgress?: (bytesHashed: number) => void;
}

/** What hashing produced. */
export interface SourceHashes {
  /** Concatenated SHA-1 piece hashes (v1/hybrid), else null. */
  readonly pieces: Uint8Array | null;
  /** Per planned file: pieces root (v2/hybrid, non-empty files), else null. */
  readonly roots: (Uint8Array | null)[];
  /** Per planned file: piece layer when the file spans more than one piece, else null. */
  readonly layers: (Uint8Array | null)[];
}

interface Job {
  readonly data: Uint8Array;
  /** Index of the first v1 piece in `data` (whole pieces, the last may be short), or -1 for none. */
  readonly v1Index: number;
  /** Length the v1 piece is zero-padded to (hybrid pad files), 0 for none. */
  readonly v1PadTo: number;
  readonly file: number;
  /** Piece index inside the file for the v2 layer, or -1. */
  readonly v2Piece: number;
  /** True when this is the only piece of its file: its merkle root is the pieces root. */
  readonly v2Whole: boolean;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MetainfoError('METAINFO_ABORTED', 'torrent creation aborted', { cause: signal.reason });
}

async function readExactly(plan: LayoutPlan, file: number, offset: number, length: number): Promise<Uint8Array> {
  const f = plan.files[file]!;
  const data = await f.source.read(offset, length);
  if (!(data instanceof Uint8Array) || data.length !== length) {
    throw new MetainfoError('METAINFO_INVALID_SOURCE', `read of "${f.path.join('/')}" at ${offset} returned ${data?.length} bytes, not ${length}`);
  }
  return data;
}

/** Pure v1 reads this much per job (whole pieces), so each hashPieces call covers several pieces. */
const V1_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Pure v1: pieces run across file boundaries, so fill buffers of whole pieces from consecutive
 * files; each job carries one or more pieces (fewer wasm/worker round trips).
 */
async function* v1Jobs(plan: LayoutPlan, signal: AbortSignal | undefined): AsyncGenerator<Job> {
  const pl = plan.pieceLength;
  const batch = Math.max(1, Math.floor(V1_BATCH_BYTES / pl)) * pl;
  let start = 0; // byte-space offset of buf[0]
  let buf = new Uint8Array(Math.min(batch, plan.spaceLength));
  let filled = 0;
  for (let file = 0; file < plan.files.length; file++) {
    const length = plan.files[file]!.length;
    for (let at = 0; at < length; ) {
      checkAbort(signal);
      const n = Math.min(buf.length - filled, length - at);
      buf.set(await readExactly(plan, file, at, n), filled);
      filled += n;
      at += n;
      if (filled === buf.length) {
        yield { data: buf, v1Index: start / pl, v1PadTo: 0, file, v2Piece: -1, v2Whole: false };
        start += filled;
        buf = new Uint8Array(Math.min(batch, plan.spaceLength - start));
        filled = 0;
      }
    }
  }
}

/** v2/hybrid: every file starts at a piece boundary, so each piece holds one file's bytes. */
async function* alignedJobs(plan: LayoutPlan, version: TorrentVersion, signal: AbortSignal | undefined): AsyncGenerator<Job> {
  const pl = plan.pieceLength;
  for (let file = 0; file < plan.files.length; file++) {
    const f = plan.files[file]!;
    const count = Math.ceil(f.length / pl);
    for (let piece = 0; piece < count; piece++) {
      checkAbort(signal);
      const at = piece * pl;
      const data = await readExactly(plan, file, at, Math.min(pl, f.length - at));
      const lastOfFile = piece === count - 1;
      yield {
        data,
        v1Index: version === 'hybrid' ? (f.offset + at) / pl : -1,
        v1PadTo: version === 'hybrid' && lastOfFile && f.padAfter > 0 ? pl : 0,
        file,
        v2Piece: count > 1 ? piece : -1,
        v2Whole: count === 1,
      };
    }
  }
}

/**
 * Hashes every planned file piece by piece.
 * @throws MetainfoError `METAINFO_ABORTED` when `signal` aborts, `METAINFO_INVALID_SOURCE` on short reads.
 */
export async function hashSource(plan: LayoutPlan, version: TorrentVersion, hasher: Hasher, options: HashSourceOptions = {}): Promise<SourceHashes> {
  const pl = plan.pieceLength;
  const leavesPerPiece = pl / MERKLE_BLOCK_SIZE;
  const { pool, signal, onProgress } = options;
  const pieces = version === 'v2' ? null : new Uint8Array(Math.ceil(plan.spaceLength / pl) * 20);
  const roots: (Uint8Array | null)[] = plan.files.map(() => null);
  const layers: (Uint8Array | null)[] = plan.files.map((f) => (version !== 'v1' && f.length > pl ? new Uint8Array(Math.ceil(f.length / pl) * 32) : null));
  let hashed = 0;

  const run = async (job: Job): Promise<void> => {
    let v1: Uint8Array | Promise<Uint8Array> | null = null;
    let v2: Uint8Array | Promise<Uint8Array> | null = null;
    if (job.v1Index >= 0) {
      let data = job.data;
      if (job.v1PadTo > data.length) {
        // BEP 47: pad file bytes are zeros and part of the v1 piece hash.
        data = new Uint8Array(job.v1PadTo);
        data.set(job.data);
      }
      v1 = pool ? pool.hashPieces(data, pl, 'sha1', signal) : hasher.hashPieces(data, pl, 'sha1');
    }
    if (job.v2Whole) {
      v2 = pool ? pool.merkleRoot(job.data, undefined, signal) : hasher.merkleRoot(job.data);
    } else if (job.v2Piece >= 0) {
      // A piece-layer hash is the root of a full piece subtree; the file's last piece is padded with zero leaves.
      v2 = pool ? pool.merkleRoot(job.data, leavesPerPiece, signal) : hasher.merkleRoot(job.data, leavesPerPiece);
    }
    // With a pool, the v1 and v2 hashes of a hybrid piece run in parallel.
    const [digests, root] = await Promise.all([v1, v2]);
    if (digests) pieces!.set(digests, job.v1Index * 20);
    if (root && job.v2Whole) roots[job.file] = root;
    else if (root) layers[job.file]!.set(root, job.v2Piece * 32);
    hashed += job.data.length;
    onProgress?.(hashed);
  };

  const jobs = version === 'v1' ? v1Jobs(plan, signal) : alignedJobs(plan, version, signal);
  const window = pool ? Math.max(1, pool.size * 2) : 1;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  for await (const job of jobs) {
    const p = run(job).catch((err: unknown) => {
      failure ??= err;
    });
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= window) await Promise.race(inFlight);
    if (failure !== null) break;
  }
  await Promise.all(inFlight);
  // An abort surfaces as METAINFO_ABORTED even when a pool call rejected first with its own error.
  checkAbort(signal);
  if (failure !== null) throw failure;
  plan.files.forEach((f, i) => {
    if (version !== 'v1' && layers[i] !== null) roots[i] = piecesRootFromLayer(hasher, layers[i]!, pl);
  });
  return { pieces, roots, layers };
}
