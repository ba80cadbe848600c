/** @module assembly/sha1 — SHA-1 initial hash value (FIPS 180-4 §5.3.1); compression is in sha1-unrolled.ts. */

/** FIPS 180-4 §5.3.1 initial hash value. */
export function sha1Init(state: usize): void {
  store<u32>(state, 0x67452301, 0);
  store<u32>(state, 0xefcdab89, 4);
  store<u32>(state, 0x98badcfe, 8);
  store<u32>(state, 0x10325476, 12);
  store<u32>(state, 0xc3d2e1f0, 16);
}
