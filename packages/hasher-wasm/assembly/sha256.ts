/** @module assembly/sha256 — SHA-256 initial hash value (FIPS 180-4 §5.3.3); compression is in sha256-unrolled.ts. */

/** FIPS 180-4 §5.3.3 initial hash value. */
export const IV256: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
], 16);

/** Writes the initial hash value into `state`. */
export function sha256Init(state: usize): void {
  memory.copy(state, IV256, 32);
}
