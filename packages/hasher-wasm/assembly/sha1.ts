/** @module assembly/sha1 — scalar SHA-1 compression (FIPS 180-4 §6.1). */

import { SCHED } from './layout';

/** FIPS 180-4 §5.3.1 initial hash value. */
export function sha1Init(state: usize): void {
  store<u32>(state, 0x67452301, 0);
  store<u32>(state, 0xefcdab89, 4);
  store<u32>(state, 0x98badcfe, 8);
  store<u32>(state, 0x10325476, 12);
  store<u32>(state, 0xc3d2e1f0, 16);
}

/** Compresses `n` consecutive 64-byte blocks at `p` into the state at `state`. */
export function sha1Blocks(state: usize, p: usize, n: i32): void {
  let h0 = load<u32>(state, 0), h1 = load<u32>(state, 4), h2 = load<u32>(state, 8);
  let h3 = load<u32>(state, 12), h4 = load<u32>(state, 16);
  const w = SCHED;
  for (let blk = 0; blk < n; blk++, p += 64) {
    for (let t = 0; t < 16; t++) store<u32>(w + (t << 2), bswap<u32>(load<u32>(p + (t << 2))));
    // §6.1.2 step 1: W_t = ROTL1(W_t-3 ^ W_t-8 ^ W_t-14 ^ W_t-16)
    for (let t: usize = 16; t < 80; t++) {
      const q = w + (t << 2);
      store<u32>(q, rotl<u32>(load<u32>(q - 12) ^ load<u32>(q - 32) ^ load<u32>(q - 56) ^ load<u32>(q - 64), 1));
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    let q = w;
    for (let t = 0; t < 20; t++, q += 4) {
      const x = rotl<u32>(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5a827999 + load<u32>(q);
      e = d; d = c; c = rotl<u32>(b, 30); b = a; a = x;
    }
    for (let t = 20; t < 40; t++, q += 4) {
      const x = rotl<u32>(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + load<u32>(q);
      e = d; d = c; c = rotl<u32>(b, 30); b = a; a = x;
    }
    for (let t = 40; t < 60; t++, q += 4) {
      const x = rotl<u32>(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8f1bbcdc + load<u32>(q);
      e = d; d = c; c = rotl<u32>(b, 30); b = a; a = x;
    }
    for (let t = 60; t < 80; t++, q += 4) {
      const x = rotl<u32>(a, 5) + (b ^ c ^ d) + e + 0xca62c1d6 + load<u32>(q);
      e = d; d = c; c = rotl<u32>(b, 30); b = a; a = x;
    }
    h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
  }
  store<u32>(state, h0, 0); store<u32>(state, h1, 4); store<u32>(state, h2, 8);
  store<u32>(state, h3, 12); store<u32>(state, h4, 16);
}
