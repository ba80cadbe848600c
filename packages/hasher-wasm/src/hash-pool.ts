/**
 * @module hash-pool — spreads piece batches over workers and reassembles the digests in order.
 * Platform-free: the Node and browser entries (pool-node.ts, pool-browser.ts) inject how a
 * worker is spawned. Input is split at piece boundaries into tasks of about TASK_BYTES; a task's
 * slice is copied once, when a worker takes it, into the worker's shared wasm staging buffer or a
 * recycled, transferred ArrayBuffer (pool-staging.ts).
 * The caller's buffer is never detached.
 */

import { createHasher, type WasmHasher } from './create-hasher.js';
import { HasherError } from './errors.js';
import type { PoolMessage, PoolRequest, PoolWorker } from './pool-protocol.js';
import { MERKLE_BLOCK_SIZE, type HashAlgorithm, type HashPool } from './types.js';
import { DIGEST_LENGTH } from './wasm-exports.js';
import { checkAlgorithm, checkBytes, checkCount, checkPieceLength } from './validate.js';
import { checkBep52PieceLength } from './merkle.js';
import { GATHER_MS, GATHER_PIECES, countSameShape, takeSameShape, type SinglePiece } from './pool-batch.js';
import { TransferBuffers } from './pool-buffers.js';
import { backlogNeedsWorker } from './pool-start-policy.js';
import { stageBatch, stageSlice, type SharedInput } from './pool-staging.js';

/**
 * Target bytes per task: large enough to amortise messaging, small enough to balance cores, and
 * equal to a worker's wasm staging buffer (assembly/layout.ts IN_SIZE) so that tasks of pieces up
 * to 1 MiB fit it and can go through shared memory.
 */
const TASK_BYTES = 4 << 20;

const NOT_CANCELLED = (): boolean => false;

/** Options of createHashPool(). */
export interface HashPoolOptions {
  /** Number of workers (default: the number of logical cores). */
  size?: number;
}

interface Task {
  id: number;
  /** Builds the request when a worker takes the task, so only in-flight slices are copied. */
  make(slot: Slot): PoolRequest;
  /** The task's digests (a view of the worker's response: for a batch, this task's part of it). */
  resolve(digests: Uint8Array): void;
  reject(err: unknown): void;
  cancelled: () => boolean;
  /** Set for a call of exactly one piece, which may be hashed together with others (pool-batch.ts). */
  single?: SinglePiece;
}

/** `task` is the worker's task, or the first of `batch` when it hashes several single pieces. */
interface Slot {
  worker: PoolWorker;
  task: Task | null;
  batch: Task[] | null;
  dead: boolean;
  shared?: SharedInput;
  /** Responses received (0: still booting, its first task not done). */
  answered: number;
}

/** A HashPool (core's interface) plus the BEP 52 piece layer. */
export class WorkerHashPool implements HashPool {
  readonly size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  readonly #spawn: () => PoolWorker;
  #nextId = 1;
  #destroyed = false;
  /** Worker crashes since the last successful response; too many and the pool gives up. */
  #crashes = 0;
  #failure: HasherError | undefined;
  /** Input buffers for workers without shared memory, recycled (pool-buffers.ts). */
  readonly #buffers: TransferBuffers;
  #local: Promise<WasmHasher> | undefined;
  #gatherTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(size: number, spawn: () => PoolWorker) {
    checkCount(size, 1, 'pool size');
    this.size = size;
    this.#spawn = spawn;
    this.#buffers = new TransferBuffers(size, TASK_BYTES);
    // One worker now, the others only when work waits for a worker (see #pump): a downloader
    // verifying one piece at a time keeps one busy, and each Node worker costs ~10 MB of RSS
    // and ~0.08 s of CPU to start.
    this.#slots.push(this.#makeSlot());
  }

  /** Workers started so far (at most `size`); diagnostic. */
  get startedWorkers(): number {
    return this.#slots.filter((s) => !s.dead).length;
  }

  /** Workers whose wasm staging buffer the pool writes directly (shared memory); diagnostic. */
  get sharedMemoryWorkers(): number {
    return this.#slots.filter((s) => s.shared && !s.dead).length;
  }

  /** Digests of every `pieceLength` slice of `data` (last may be short), in order. */
  async hashPieces(data: Uint8Array, pieceLength: number, algorithm: HashAlgorithm, signal?: AbortSignal): Promise<Uint8Array> {
    checkBytes(data);
    checkPieceLength(pieceLength);
    checkAlgorithm(algorithm);
    this.#checkLive(signal);
    const dl = DIGEST_LENGTH[algorithm];
    const nPieces = Math.ceil(data.length / pieceLength);
    // A downloader's verification: one piece, no signal (1024 calls per GiB at 256 KiB pieces),
    // without the per-call promises and closures the general path needs for abort and splitting.
    if (nPieces === 1 && !signal) return this.#submit(this.#nextId++, (slot) => stageSlice(slot.shared, this.#buffers, data, 0, data.length, pieceLength, algorithm), NOT_CANCELLED, { bytes: data, algorithm, at: performance.now() });
    const out = new Uint8Array(nPieces * dl);
    // whole groups of four pieces per task keep every SIMD lane busy (a 2-piece task wastes half)
    let perTask = Math.min(Math.ceil(nPieces / this.size), Math.max(4, Math.floor(TASK_BYTES / pieceLength)));
    perTask = Math.max(1, Math.ceil(perTask / 4) * 4);
    const jobs: Promise<void>[] = [];
    let aborted = false;
    let rejectAbort: (err: unknown) => void = () => {};
    const abortion = new Promise<never>((_, reject) => { rejectAbort = reject; });
    const onAbort = (): void => {
      aborted = true;
      rejectAbort(new HasherError('HASHER_ABORTED', 'aborted', { cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (let first = 0; first < nPieces; first += perTask) {
        const end = Math.min(data.length, (first + perTask) * pieceLength);
        const id = this.#nextId++;
        const make = (slot: Slot): PoolRequest => {
          const req = stageSlice(slot.shared, this.#buffers, data, first * pieceLength, end, pieceLength, algorithm);
          req.id = id;
          return req;
        };
        const single = nPieces === 1 ? { bytes: data, algorithm, at: performance.now() } : undefined;
        jobs.push(this.#submit(id, make, () => aborted, single).then((digests) => {
          out.set(digests, first * dl);
        }));
      }
      await Promise.race([Promise.all(jobs), abortion]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // a rejected race leaves sibling jobs pending: keep their rejections from going unhandled
      for (const j of jobs) j.catch(() => {});
    }
    return out;
  }

  /** BEP 52 merkle root of `data`: 16 KiB leaves hashed on the workers, the tree folded here. */
  async merkleRoot(data: Uint8Array, minLeaves?: number, signal?: AbortSignal): Promise<Uint8Array> {
    checkBytes(data);
    if (data.length === 0) throw new HasherError('HASHER_EMPTY_INPUT', 'empty data has no merkle root (BEP 52)');
    if (minLeaves !== undefined) checkCount(minLeaves, 1, 'minLeaves'); // before any hashing is spent
    const leaves = await this.hashPieces(data, MERKLE_BLOCK_SIZE, 'sha256', signal);
    return (await this.#localHasher()).merkleRootOfLeaves(leaves, minLeaves);
  }

  /** BEP 52 piece layer of one file's data (per-piece subtree roots), leaves hashed on the workers. */
  async pieceLayer(data: Uint8Array, pieceLength: number, signal?: AbortSignal): Promise<Uint8Array> {
    checkBytes(data);
    checkBep52PieceLength(pieceLength);
    if (data.length === 0) throw new HasherError('HASHER_EMPTY_INPUT', 'empty data has no piece layer');
    const leaves = await this.hashPieces(data, MERKLE_BLOCK_SIZE, 'sha256', signal);
    const h = await this.#localHasher();
    const perPiece = pieceLength / MERKLE_BLOCK_SIZE;
    const nPieces = Math.ceil(leaves.length / 32 / perPiece);
    const out = new Uint8Array(nPieces * 32);
    for (let i = 0; i < nPieces; i++) {
      out.set(h.merkleRootOfLeaves(leaves.subarray(i * perPiece * 32, (i + 1) * perPiece * 32), perPiece), i * 32);
    }
    return out;
  }

  /** Terminates every worker; queued and running calls reject with HASHER_POOL_DESTROYED. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const err = new HasherError('HASHER_POOL_DESTROYED', 'hash pool destroyed');
    for (const t of this.#queue.splice(0)) t.reject(err);
    clearTimeout(this.#gatherTimer);
    for (const s of this.#slots) { for (const t of s.batch ?? (s.task ? [s.task] : [])) t.reject(err); s.task = null; s.batch = null; }
    this.#buffers.clear();
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #submit(id: number, make: (slot: Slot) => PoolRequest, cancelled: () => boolean, single?: SinglePiece): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#queue.push({ id, make, resolve, reject, cancelled, ...(single ? { single } : {}) });
      this.#pump();
    });
  }

  /** Hands queued work to free workers and starts more if needed; `freed`: the worker that just answered. */
  #pump(freed?: Slot): void {
    if (this.#failure) {
      for (const t of this.#queue.splice(0)) t.reject(this.#failure);
      return;
    }
    for (const slot of this.#slots) {
      if (slot.task || slot.dead) continue;
      if (!this.#assign(slot)) return;
    }
    // Work still waits and every worker is busy: start another, up to `size` (pool-start-policy.ts).
    while (this.#slots.length < this.size && backlogNeedsWorker(this.#queue, freed, this.#slots, TASK_BYTES)) {
      const slot = this.#makeSlot();
      this.#slots.push(slot);
      if (!this.#assign(slot)) return;
    }
  }

  /** Gives `slot` the next live queued task; false when there is none. */
  #assign(slot: Slot): boolean {
    let task = this.#queue.shift();
    while (task && task.cancelled()) task = this.#queue.shift();
    if (!task) return false;
    if (task.single) {
      const s = task.single;
      const max = Math.max(1, Math.floor((slot.shared?.size ?? TASK_BYTES) / s.bytes.length));
      if (max > 1 && countSameShape(s, this.#queue, GATHER_PIECES) < GATHER_PIECES && performance.now() - s.at < GATHER_MS) {
        // wait a little for companions (pool-batch.ts); nothing is dispatched meanwhile
        this.#queue.unshift(task);
        this.#gatherTimer ??= setTimeout(() => {
          this.#gatherTimer = undefined;
          this.#pump();
        }, Math.ceil(GATHER_MS - (performance.now() - s.at)));
        return false;
      }
      const rest = takeSameShape(s, this.#queue, max);
      if (rest.length > 0) {
        this.#postBatch(slot, [task, ...rest]);
        return true;
      }
    }
    slot.task = task;
    slot.worker.setBusy(true);
    const req = task.make(slot);
    req.id = task.id;
    slot.worker.post(req);
    return true;
  }

  /** Several single pieces of one shape as one task: consecutive in the input, digests split back. */
  #postBatch(slot: Slot, tasks: Task[]): void {
    const id = this.#nextId++;
    slot.task = { ...tasks[0]!, id };
    slot.batch = tasks;
    slot.worker.setBusy(true);
    const req = stageBatch(slot.shared, this.#buffers, tasks.map((t) => t.single!));
    req.id = id;
    slot.worker.post(req);
  }

  #makeSlot(): Slot {
    const slot: Slot = { worker: this.#spawn(), task: null, batch: null, dead: false, answered: 0 };
    slot.worker.listen(
      (res: PoolMessage) => {
        if ('type' in res) {
          slot.shared = { view: new Uint8Array(res.memory, res.inPtr, res.inSize), size: res.inSize };
          return;
        }
        const task = slot.task;
        const batch = slot.batch;
        slot.task = null;
        slot.batch = null;
        this.#crashes = 0;
        slot.answered++;
        slot.worker.setBusy(false);
        if (!this.#destroyed) this.#buffers.give(res.input);
        if (task && task.id === res.id) {
          if (!res.ok) for (const t of batch ?? [task]) t.reject(new HasherError(res.code, res.message));
          else if (!batch) task.resolve(new Uint8Array(res.buf));
          else {
            // views of the one response buffer, not copies: each caller only reads its digest
            const dl = res.buf.byteLength / batch.length;
            for (let i = 0; i < batch.length; i++) batch[i]!.resolve(new Uint8Array(res.buf, i * dl, dl));
          }
        }
        this.#pump(slot);
      },
      (cause: unknown) => {
        // 'error' and 'exit' may both report one crash: handle it once
        if (this.#destroyed || slot.dead) return;
        slot.dead = true;
        for (const t of slot.batch ?? (slot.task ? [slot.task] : [])) t.reject(new HasherError('HASHER_WORKER_FAILED', 'hash worker crashed', { cause }));
        slot.task = null;
        slot.batch = null;
        void slot.worker.terminate();
        const idx = this.#slots.indexOf(slot);
        if (++this.#crashes > 2 * this.size) {
          // workers that cannot even start (bad workerUrl, no wasm) must not respawn forever
          this.#failure = new HasherError('HASHER_WORKER_FAILED', 'hash workers keep crashing', { cause });
          for (const t of this.#queue.splice(0)) t.reject(this.#failure);
          return;
        }
        // a crashed worker fails its task and is replaced, so the pool keeps its size
        if (idx >= 0) this.#slots[idx] = this.#makeSlot();
        this.#pump();
      },
    );
    slot.worker.setBusy(false);
    return slot;
  }

  #checkLive(signal?: AbortSignal): void {
    if (this.#destroyed) throw new HasherError('HASHER_POOL_DESTROYED', 'hash pool destroyed');
    if (this.#failure) throw this.#failure;
    if (signal?.aborted) throw new HasherError('HASHER_ABORTED', 'aborted', { cause: signal.reason });
  }

  #localHasher(): Promise<WasmHasher> {
    return (this.#local ??= createHasher());
  }
}
