/**
 * Differential check of @seedling/hasher-wasm (the hasher the apps inject) against the node:crypto
 * reference: identical torrents for every version, with the sync hasher and the worker pool.
 */
import { randomBytes } from 'node:crypto';
import { createHasher } from '@seedling/hasher-wasm';
import { createHashPool } from '@seedling/hasher-wasm/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../bencode/bytes.js';
import type { HashPool, Hasher } from '../hash/hasher.js';
import { createTorrent } from './create-torrent.js';
import { parseTorrent } from './parse-torrent.js';
import { referenceHasher } from './test-hasher.node.js';
import { memorySource } from './test-fixtures.node.js';

let wasm: Hasher;
let pool: HashPool & { destroy(): Promise<void> };
beforeAll(async () => {
  wasm = await createHasher();
  pool = createHashPool({ size: 2 });
});
afterAll(async () => {
  await pool.destroy();
});

const files = [
  memorySource(['a.bin'], new Uint8Array(randomBytes(300_001))),
  memorySource(['b', 'c.bin'], new Uint8Array(randomBytes(16_384))),
  memorySource(['d.bin'], new Uint8Array(randomBytes(5))),
  memorySource(['e.bin'], new Uint8Array(0)),
];

describe('@seedling/hasher-wasm vs node:crypto reference', () => {
  it.each(['v1', 'v2', 'hybrid'] as const)('%s: identical torrents from the sync hasher and the worker pool', async (version) => {
    const options = { name: 'w', version, pieceLength: 32_768, creationDate: null };
    const reference = await createTorrent(files, referenceHasher, options);
    const viaWasm = await createTorrent(files, wasm, options);
    const viaPool = await createTorrent(files, wasm, { ...options, pool });
    expect(bytesToHex(viaWasm.torrent)).toBe(bytesToHex(reference.torrent));
    expect(bytesToHex(viaPool.torrent)).toBe(bytesToHex(reference.torrent));
    const parsed = parseTorrent(reference.torrent, wasm);
    expect([parsed.infoHashV1Hex, parsed.infoHashV2Hex]).toEqual([reference.metainfo.infoHashV1Hex, reference.metainfo.infoHashV2Hex]);
  });

  it('aborting during pooled hashing gives METAINFO_ABORTED', async () => {
    const controller = new AbortController();
    const big = memorySource(['big.bin'], new Uint8Array(8 * 1024 * 1024));
    const pending = createTorrent([big], wasm, { pool, signal: controller.signal, pieceLength: 16_384, onProgress: (n) => n > 1_000_000 && controller.abort() });
    await expect(pending).rejects.toMatchObject({ name: 'MetainfoError', code: 'METAINFO_ABORTED' });
  });
});
