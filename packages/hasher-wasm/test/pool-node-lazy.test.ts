/** @module test/pool-node-lazy — a Node pool worker's thread starts at its first request, not when the pool makes its slot. */
import { describe, expect, it } from 'vitest';
import { createHashPool, nodePoolWorker } from '@seedling/hasher-wasm/pool';

/** A worker that says so as soon as its thread runs, then echoes request ids. */
const BOOTING = new URL(
  "data:text/javascript,import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ booted: true }); parentPort.on('message', (m) => parentPort.postMessage({ echo: m.id }));",
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('nodePoolWorker', () => {
  it('starts its thread at the first request', async () => {
    const w = nodePoolWorker(BOOTING);
    const got: unknown[] = [];
    w.listen((m) => got.push(m), (err) => got.push(err));
    w.setBusy(false);
    await sleep(400); // an eager thread boots well within this
    expect(got).toEqual([]);
    w.setBusy(true);
    w.post({ id: 7, length: 0, pieceLength: 16384, algorithm: 'sha1' });
    for (let i = 0; i < 100 && got.length < 2; i++) await sleep(50);
    expect(got).toEqual([{ booted: true }, { echo: 7 }]);
    await w.terminate();
  });

  it('a pool that never hashes never starts a thread, and hashes normally once asked', async () => {
    const pool = createHashPool({ size: 1 });
    await sleep(50);
    expect(pool.sharedMemoryWorkers).toBe(0);
    const digests = await pool.hashPieces(new Uint8Array(1000), 1000, 'sha1');
    expect(digests.length).toBe(20);
    await pool.destroy();
  });
});
