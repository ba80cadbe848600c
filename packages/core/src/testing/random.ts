/** @module testing/random — seeded pseudo-random numbers and bytes, so suite failures reproduce. */

/** Mulberry32: a tiny seeded PRNG returning floats in [0, 1). Not for cryptography. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` seeded pseudo-random bytes. */
export function randomBytes(seed: number, length: number): Uint8Array {
  const rnd = createRandom(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (rnd() * 256) | 0;
  return out;
}

/**
 * The byte at absolute position `i` of a deterministic stream named by `seed`. Lets a test check
 * gigabytes of transferred data without holding the expected bytes.
 */
export function patternByte(seed: number, i: number): number {
  return (Math.imul(i ^ seed, 2654435761) >>> 24) ^ (i & 0xff);
}

/** Fills `out` with {@link patternByte} values starting at stream position `start`. */
export function fillPattern(seed: number, start: number, out: Uint8Array): Uint8Array {
  for (let k = 0; k < out.length; k++) out[k] = patternByte(seed, start + k);
  return out;
}
