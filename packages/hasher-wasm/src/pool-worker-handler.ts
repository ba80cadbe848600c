/**
 * @module pool-worker-handler — runs inside each pool worker (Node or browser). The worker's wasm
 * sits on shared memory when the platform allows it, so the pool can write task input straight
 * into its staging buffer; otherwise input arrives as a transferred ArrayBuffer.
 */

import { Engine } from './engine.js';
import { isHasherError } from './errors.js';
import { instantiate } from './instance.js';
import { instantiateShared } from './instance-shared.js';
import type { PoolRequest, PoolResponse, PoolSharedMemory } from './pool-protocol.js';

let engine: Promise<{ engine: Engine; shared?: PoolSharedMemory }> | undefined;

async function start(): Promise<{ engine: Engine; shared?: PoolSharedMemory }> {
  const sharedInstance = await instantiateShared();
  if (sharedInstance) {
    const e = new Engine(sharedInstance.exports, true);
    const memory = sharedInstance.memory.buffer as unknown as SharedArrayBuffer;
    return { engine: e, shared: { type: 'shared', memory, inPtr: e.inPtr, inSize: e.inSize } };
  }
  const { exports, simd } = await instantiate();
  return { engine: new Engine(exports, simd) };
}

/** Loads the wasm; returns the message announcing the shared staging buffer, if there is one. */
export async function startPoolWorker(): Promise<PoolSharedMemory | undefined> {
  engine ??= start();
  return (await engine).shared;
}

/** Hashes one request; never throws (failures become `{ ok: false, code }`). */
export async function handlePoolRequest(req: PoolRequest): Promise<{ response: PoolResponse; transfer: ArrayBuffer[] }> {
  const input = req.buf;
  const back = input ? [input] : [];
  try {
    engine ??= start();
    const e = (await engine).engine;
    const digests = input
      ? e.hashPieces(new Uint8Array(input, 0, req.length), req.pieceLength, req.algorithm)
      : e.hashInPlace(req.length, req.pieceLength, req.algorithm);
    const buf = digests.buffer as ArrayBuffer;
    // a transferred input goes back too, so the pool can refill it instead of allocating a new one
    return { response: { id: req.id, ok: true, buf, ...(input ? { input } : {}) }, transfer: [buf, ...back] };
  } catch (err) {
    const code = isHasherError(err) ? err.code : 'HASHER_WORKER_FAILED';
    const message = err instanceof Error ? err.message : String(err);
    return { response: { id: req.id, ok: false, code, message, ...(input ? { input } : {}) }, transfer: back };
  }
}
