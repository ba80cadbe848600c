/**
 * @module pool-worker-node — worker_threads entry of the hash pool (built to dist/pool-worker-node.js).
 *
 * In Node the worker hashes with node:crypto (OpenSSL), not with the wasm kernels: OpenSSL uses
 * the CPU's SHA extensions where it has them, and measured here (AMD EPYC with SHA-NI) it costs
 * 0.72 s/GiB for SHA-1 of 256 KiB pieces against 1.5 s/GiB for the wasm kernel one piece at a
 * time (0.9 four at a time), and 1.37 against 2.64 s/GiB for SHA-256 of 16 KiB merkle leaves.
 * The worker also needs no wasm instance at start. Task input still comes through a shared
 * staging buffer the pool writes into (one copy, nothing transferred), announced once at start
 * with the same message the wasm workers send; larger tasks arrive as a transferred ArrayBuffer.
 */

import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { PoolRequest, PoolResponse, PoolSharedMemory } from './pool-protocol.js';
import { DIGEST_LENGTH } from './wasm-exports.js';

/** Size of the shared staging buffer: the pool's task size (hash-pool.ts TASK_BYTES). */
const STAGING_BYTES = 4 << 20;

const staging = new SharedArrayBuffer(STAGING_BYTES);
const stagingView = new Uint8Array(staging);

/** Digests of every `pieceLength` slice of `bytes` (the last may be short), concatenated. */
export function hashPiecesNative(bytes: Uint8Array, pieceLength: number, algorithm: 'sha1' | 'sha256'): Uint8Array {
  const dl = DIGEST_LENGTH[algorithm];
  const n = Math.ceil(bytes.length / pieceLength);
  const out = new Uint8Array(n * dl);
  for (let i = 0; i < n; i++) {
    const piece = bytes.subarray(i * pieceLength, Math.min(bytes.length, (i + 1) * pieceLength));
    out.set(createHash(algorithm).update(piece).digest(), i * dl);
  }
  return out;
}

function handle(req: PoolRequest): { response: PoolResponse; transfer: ArrayBuffer[] } {
  const input = req.buf;
  const back = input ? [input] : [];
  try {
    if (!input && req.length > STAGING_BYTES) throw new RangeError(`task of ${req.length} bytes exceeds the staging buffer`);
    const bytes = input ? new Uint8Array(input, 0, req.length) : stagingView.subarray(0, req.length);
    const buf = hashPiecesNative(bytes, req.pieceLength, req.algorithm).buffer as ArrayBuffer;
    // a transferred input goes back too, so the pool can refill it instead of allocating a new one
    return { response: { id: req.id, ok: true, buf, ...(input ? { input } : {}) }, transfer: [buf, ...back] };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { response: { id: req.id, ok: false, code: 'HASHER_WORKER_FAILED', message, ...(input ? { input } : {}) }, transfer: back };
  }
}

parentPort?.on('message', (req: PoolRequest) => {
  const { response, transfer } = handle(req);
  parentPort?.postMessage(response, transfer);
});
const shared: PoolSharedMemory = { type: 'shared', memory: staging, inPtr: 0, inSize: STAGING_BYTES };
parentPort?.postMessage(shared);
