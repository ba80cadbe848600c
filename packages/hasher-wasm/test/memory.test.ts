/** @module test/memory — wasm memory stays bounded: inputs stream through the fixed buffer, counters are reused after dispose. */
import { expect, it } from 'vitest';
import { createHasher } from '../src/index.js';
import { hex, randomBytes, ref } from './helpers.js';

it('hashing inputs larger than the staging buffer does not grow wasm memory', async () => {
  const h = await createHasher();
  const before = h.wasmMemoryBytes;
  const big = randomBytes(13 * 1024 * 1024 + 5, 77);
  for (let i = 0; i < 3; i++) {
    expect(hex(h.sha256(big))).toBe(hex(ref('sha256', big)));
    h.hashPieces(big, 1 << 20, 'sha1');
    h.hashPieces(big, 8 << 20, 'sha256');
    h.merkleRoot(big);
  }
  expect(h.wasmMemoryBytes).toBe(before);
});

it('disposed availability counters give their memory back', async () => {
  const h = await createHasher();
  const n = 3_000_000;
  h.createAvailability(n).dispose();
  const after1 = h.wasmMemoryBytes;
  for (let i = 0; i < 5; i++) {
    const av = h.createAvailability(n);
    av.add(new Uint8Array(Math.ceil(n / 8)).fill(0xff));
    expect(av.count(n - 1)).toBe(1);
    av.dispose();
  }
  expect(h.wasmMemoryBytes).toBe(after1);
});
