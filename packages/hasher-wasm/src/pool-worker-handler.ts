/** @module pool-worker-handler — the request handler run inside each pool worker (Node or browser). */

import { createHasher, type WasmHasher } from './create-hasher.js';
import { isHasherError } from './errors.js';
import type { PoolRequest, PoolResponse } from './pool-protocol.js';

let hasher: Promise<WasmHasher> | undefined;

/** Hashes one request; never throws (failures become `{ ok: false, code }`). */
export async function handlePoolRequest(req: PoolRequest): Promise<{ response: PoolResponse; transfer: ArrayBuffer[] }> {
  try {
    hasher ??= createHasher();
    const h = await hasher;
    const digests = h.hashPieces(new Uint8Array(req.buf, 0, req.length), req.pieceLength, req.algorithm);
    const buf = digests.buffer as ArrayBuffer;
    // the input goes back too, so the pool can refill it instead of allocating a new one
    return { response: { id: req.id, ok: true, buf, input: req.buf }, transfer: [buf, req.buf] };
  } catch (err) {
    const code = isHasherError(err) ? err.code : 'HASHER_WORKER_FAILED';
    const message = err instanceof Error ? err.message : String(err);
    return { response: { id: req.id, ok: false, code, message, input: req.buf }, transfer: [req.buf] };
  }
}
