/**
 * @module fuzz/engine — a small mutation engine seeded with valid samples (AFL-style havoc):
 * bit flips, interesting bytes and integers, insertions, deletions, chunk duplication, splicing
 * between seeds and rewriting of ASCII decimal numbers (bencode lengths and integers). Every
 * mutation is driven by a seeded PRNG so a failing input can be replayed from its run index.
 */

/** A deterministic 32-bit PRNG (xorshift32). */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.u32() % n;
  }
}

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x2d, 0x30, 0x3a, 0x64, 0x65, 0x69, 0x6c, 0x0a, 0x22, 0x5c, 0x7b, 0x7d];
const INTERESTING_NUMBERS = ['0', '-0', '00', '-1', '1', '16384', '16385', '65535', '2147483647', '2147483648', '4294967295', '4294967296', '9007199254740991', '9007199254740993', '99999999999999999999', '1e9', ''];
const INTERESTING_U32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 16384, 16385, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 0x0f_ffff];

/** Largest input the engine produces (keeps one input's work bounded). */
export const MAX_INPUT_BYTES = 64 * 1024;

function digitRuns(b: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < b.length) {
    if (b[i]! >= 0x30 && b[i]! <= 0x39) {
      const start = i;
      while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
      runs.push([start, i]);
    } else i++;
  }
  return runs;
}

function splice(a: Uint8Array, at: number, del: number, ins: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length - del + ins.length);
  out.set(a.subarray(0, at), 0);
  out.set(ins, at);
  out.set(a.subarray(at + del), at + ins.length);
  return out;
}

/** Apply one random mutation to `b` (returns a new array; `b` is not modified). */
export function mutateOnce(rng: Rng, b: Uint8Array, seeds: readonly Uint8Array[]): Uint8Array {
  const n = b.length;
  switch (rng.below(11)) {
    case 0: {
      if (n === 0) return Uint8Array.of(rng.below(256));
      const c = b.slice();
      c[rng.below(n)]! ^= 1 << rng.below(8);
      return c;
    }
    case 1: {
      if (n === 0) return b;
      const c = b.slice();
      c[rng.below(n)] = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.length)]!;
      return c;
    }
    case 2: {
      if (n === 0) return b;
      const c = b.slice();
      c[rng.below(n)] = rng.below(256);
      return c;
    }
    case 3: {
      const len = 1 + rng.below(8);
      const ins = new Uint8Array(len);
      for (let i = 0; i < len; i++) ins[i] = rng.below(2) ? INTERESTING_BYTES[rng.below(INTERESTING_BYTES.length)]! : rng.below(256);
      return splice(b, rng.below(n + 1), 0, ins);
    }
    case 4: {
      if (n === 0) return b;
      const at = rng.below(n);
      return splice(b, at, 1 + rng.below(Math.min(n - at, 32)), new Uint8Array(0));
    }
    case 5: {
      if (n === 0) return b;
      const at = rng.below(n);
      const len = 1 + rng.below(Math.min(n - at, 64));
      return splice(b, rng.below(n + 1), 0, b.slice(at, at + len));
    }
    case 6: {
      const other = seeds[rng.below(seeds.length)]!;
      if (other.length === 0 || n === 0) return other;
      const cut = rng.below(n);
      const from = rng.below(other.length);
      return splice(b, cut, n - cut, other.subarray(from, from + rng.below(other.length - from + 1)));
    }
    case 7: {
      const runs = digitRuns(b);
      if (runs.length === 0) return mutateOnce(rng, b, seeds);
      const [s, e] = runs[rng.below(runs.length)]!;
      const num = INTERESTING_NUMBERS[rng.below(INTERESTING_NUMBERS.length)]!;
      return splice(b, s, e - s, new TextEncoder().encode(num));
    }
    case 8: {
      if (n < 4) return mutateOnce(rng, b, seeds);
      const c = b.slice();
      const at = rng.below(n - 3);
      new DataView(c.buffer).setUint32(at, INTERESTING_U32[rng.below(INTERESTING_U32.length)]!);
      return c;
    }
    case 9:
      return b.subarray(0, rng.below(n + 1));
    default: {
      if (n === 0) return b;
      const c = b.slice();
      const at = rng.below(n);
      c[at] = (c[at]! + (rng.below(2) ? 1 : 255)) & 0xff;
      return c;
    }
  }
}

/** Pick a seed and stack 1–8 mutations on it (the havoc stage). */
export function mutate(rng: Rng, seeds: readonly Uint8Array[]): Uint8Array {
  let b = seeds[rng.below(seeds.length)]!;
  const rounds = 1 + rng.below(8);
  for (let i = 0; i < rounds; i++) b = mutateOnce(rng, b, seeds);
  return b.length > MAX_INPUT_BYTES ? b.subarray(0, MAX_INPUT_BYTES) : b;
}
