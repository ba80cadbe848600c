/**
 * @module lib/hashing — the wasm hasher and the worker-thread hash pool, created once per
 * process. Piece verification and torrent creation hash on the pool, so the event loop keeps
 * moving bytes while pieces are checked.
 */
import { createHasher, type WasmHasher } from '@seedling/hasher-wasm';
import { createHashPool, type WorkerHashPool } from '@seedling/hasher-wasm/pool';

let hasher: Promise<WasmHasher> | undefined;
let pool: WorkerHashPool | undefined;

/** The shared in-thread wasm hasher. */
export function getHasher(): Promise<WasmHasher> {
  hasher ??= createHasher();
  return hasher;
}

/** The shared worker pool (one worker per core). */
export function getPool(): WorkerHashPool {
  pool ??= createHashPool();
  return pool;
}

/** Stop the pool's workers (at exit). */
export async function closePool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
