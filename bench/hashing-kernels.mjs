/** @module bench/hashing-kernels — bitfield kernels (wasm) vs plain JS at 1,000,000 pieces, in ns/op. */
import { nsPerOp, pad } from './hashing-util.mjs';

const POP8 = new Uint8Array(256).map((_, i) => { let c = 0; for (let x = i; x; x >>= 1) c += x & 1; return c; });

/** Plain JS reference implementations (reasonable ones: byte tables, zero-byte skipping). */
const js = {
  popcount(bits, n) {
    let c = 0;
    const whole = n >> 3;
    for (let i = 0; i < whole; i++) c += POP8[bits[i]];
    if (n & 7) c += POP8[bits[whole] & (0xff00 >> (n & 7))];
    return c;
  },
  andNot(a, b, n, out) {
    const len = Math.ceil(n / 8);
    for (let i = 0; i < len; i++) out[i] = a[i] & ~b[i];
    if (n & 7) out[len - 1] &= 0xff00 >> (n & 7);
    return out;
  },
  nextSetBit(bits, from, n) {
    for (let i = from; i < n;) {
      const byte = bits[i >> 3];
      if (byte === 0) { i = (i | 7) + 1; continue; }
      if ((byte >> (7 - (i & 7))) & 1) return i;
      i++;
    }
    return -1;
  },
  availabilityAdd(counts, bits, n) {
    for (let i = 0; i < n; i++) counts[i] += (bits[i >> 3] >> (7 - (i & 7))) & 1;
  },
  pickRarest(counts, cand, n) {
    let best = -1, bc = Infinity;
    for (let i = 0; i < n; i++) if ((cand[i >> 3] >> (7 - (i & 7))) & 1 && counts[i] < bc) { bc = counts[i]; best = i; }
    return best;
  },
};

function bits(n, density, seed) {
  const b = new Uint8Array(Math.ceil(n / 8));
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    if (x / 2 ** 32 < density) b[i >> 3] |= 0x80 >> (i & 7);
  }
  return b;
}

/** Runs the kernel benchmarks with hasher `h`; returns { name: { oursNs, jsNs, ratio } }. */
export function benchKernels(h) {
  const N = 1_000_000;
  const a = bits(N, 0.5, 1), b = bits(N, 0.5, 2), sparse = bits(N, 0.0001, 3), cand = bits(N, 0.3, 4);
  const peers = [bits(N, 0.5, 5), bits(N, 0.7, 6), bits(N, 0.2, 7)];
  const av = h.createAvailability(N);
  for (const p of peers) av.add(p);
  const counts = new Uint16Array(N);
  for (const p of peers) js.availabilityAdd(counts, p, N);
  const out1 = new Uint8Array(N / 8), out2 = new Uint8Array(N / 8);
  const froms = Array.from({ length: 1024 }, (_, i) => (i * 7919 * 13) % N);
  const cases = {
    popcount: [() => h.popcount(a, N), () => js.popcount(a, N)],
    'andNot (into out)': [() => h.andNot(a, b, N, out1), () => js.andNot(a, b, N, out2)],
    'nextSetBit (sparse, 1e-4)': [(i) => h.nextSetBit(sparse, froms[i & 1023], N), (i) => js.nextSetBit(sparse, froms[i & 1023], N)],
    // near hits are answered in JS before any copy; reported for honesty, not a bulk kernel
    'nextSetBit (dense, 0.5)': [(i) => h.nextSetBit(a, froms[i & 1023], N), (i) => js.nextSetBit(a, froms[i & 1023], N)],
    'availability add+remove': [() => { av.add(peers[0]); av.remove(peers[0]); }, () => { js.availabilityAdd(counts, peers[0], N); for (let i = 0; i < N; i++) counts[i] -= (peers[0][i >> 3] >> (7 - (i & 7))) & 1; }],
    pickRarest: [() => av.pickRarest(cand), () => js.pickRarest(counts, cand, N)],
  };
  // the two sides must agree before they are timed
  if (h.popcount(a, N) !== js.popcount(a, N) || av.pickRarest(cand) !== js.pickRarest(counts, cand, N)) throw new Error('kernel mismatch');
  const out = {};
  console.log(`\nbitfield kernels at ${N.toLocaleString('en')} pieces (ns/op of CPU time, lower is better)`);
  console.log(pad('kernel', 28), pad('ours', 12), pad('plain JS', 12), 'JS/ours');
  for (const [name, [ours, plain]] of Object.entries(cases)) {
    const o = nsPerOp(ours), j = nsPerOp(plain);
    out[name] = { oursNs: Math.round(o), jsNs: Math.round(j), ratio: +(j / o).toFixed(2) };
    console.log(pad(name, 28), pad(Math.round(o), 12), pad(Math.round(j), 12), (j / o).toFixed(2) + '×');
  }
  av.dispose();
  return out;
}
