/**
 * @module bench/hashing — MB/s of @seedling/hasher-wasm (single-stream, batched, pool) against
 * node:crypto, hash-wasm and WebCrypto for SHA-1/SHA-256 at 16 KiB, 256 KiB and 4 MiB pieces
 * over 64 MiB, then the bitfield kernels against plain JS. Ratios are computed from the same
 * run (cases interleaved, best of ROUNDS), since the machine is shared; each case is timed in
 * wall-clock and in process CPU time (all threads), and the summary ratios use CPU time, which
 * other processes on the machine do not inflate. Writes
 * bench/results/hashing.json. Needs `pnpm --filter @seedling/hasher-wasm build` first.
 */
import { createHash, webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchKernels } from './hashing-kernels.mjs';
import { bestOf, pad, randomBytes } from './hashing-util.mjs';

const pkg = new URL('../packages/hasher-wasm/', import.meta.url);
const { createHasher } = await import(new URL('dist/index.js', pkg));
const { createHashPool } = await import(new URL('dist/pool-node.js', pkg));
const hashWasm = await import(pathToFileURL(createRequire(new URL('package.json', pkg)).resolve('hash-wasm')).href);

const TOTAL = 64 << 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = [16 << 10, 256 << 10, 4 << 20];
const data = randomBytes(TOTAL, 42);
const h = await createHasher();
const poolSize = 2;
const pool = createHashPool({ size: poolSize });

const mbps = (ms) => TOTAL / 1048576 / (ms / 1000);
const perPiece = (L, fn) => () => { for (let o = 0; o < TOTAL; o += L) fn(data.subarray(o, o + L)); };

console.log(`hashing ${TOTAL >> 20} MiB per case, best of ${ROUNDS} interleaved rounds; SIMD build: ${h.simd}; ` +
  `pool of ${poolSize} workers on ${availableParallelism()} logical cores (shared with other processes; ` +
  `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
const loadBefore = loadavg()[0];
const results = {};
const POOL = `ours pool(${poolSize})`;
for (const alg of ['sha1', 'sha256']) {
  const hw = alg === 'sha1' ? await hashWasm.createSHA1() : await hashWasm.createSHA256();
  const subtle = alg === 'sha1' ? 'SHA-1' : 'SHA-256';
  for (const L of SIZES) {
    const ms = await bestOf({
      'node:crypto': perPiece(L, (p) => createHash(alg).update(p).digest()),
      'hash-wasm': perPiece(L, (p) => { hw.init(); hw.update(p); hw.digest('binary'); }),
      webcrypto: async () => { for (let o = 0; o < TOTAL; o += L) await webcrypto.subtle.digest(subtle, data.subarray(o, o + L)); },
      'ours single': perPiece(L, (p) => h[alg](p)),
      'ours batch': () => h.hashPieces(data, L, alg),
      [POOL]: () => pool.hashPieces(data, L, alg),
    }, ROUNDS);
    const speed = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, { wall: +mbps(v.wall).toFixed(1), cpu: +mbps(v.cpu).toFixed(1) }]));
    // cores × (CPU of the one-core batch) / (CPU of the pool run, all threads): the pool's speedup on idle cores
    const poolIdeal = +((poolSize * ms['ours batch'].cpu) / ms[POOL].cpu).toFixed(2);
    results[`${alg}@${L >> 10}KiB`] = { ...speed, poolOverOneCoreWall: +(speed[POOL].wall / speed['ours batch'].wall).toFixed(2), poolOverOneCoreFromCpuTime: poolIdeal };
    console.log(`\n${alg.toUpperCase()} ${L >> 10} KiB pieces      MB/s (wall)   MB per CPU-second`);
    for (const [k, v] of Object.entries(speed)) console.log('  ', pad(k, 16), pad(v.wall.toFixed(0), 13), v.cpu.toFixed(0));
    for (const ours of ['ours single', 'ours batch']) {
      const line = ['node:crypto', 'hash-wasm', 'webcrypto']
        .map((ref) => `/${ref} ${(speed[ours].cpu / speed[ref].cpu).toFixed(2)} (wall ${(speed[ours].wall / speed[ref].wall).toFixed(2)})`).join('  ');
      console.log('  ', pad(ours, 16), line);
    }
    console.log(`   pool / one core: wall ${(speed[POOL].wall / speed['ours batch'].wall).toFixed(2)}, on ${poolSize} idle cores (from CPU time) ${poolIdeal}`);
  }
}
await pool.destroy();

const kernels = benchKernels(h);
const at = (alg) => results[`${alg}@256KiB`];
const ratio = (alg, ours, ref, basis) => +(at(alg)[ours][basis] / at(alg)[ref][basis]).toFixed(2);
const mean = (a, b) => +((a + b) / 2).toFixed(2);
const summary = {
  basis: 'ratios of MB per CPU-second (load-independent); *Wall = wall-clock MB/s in the same run',
  sha1BatchOverHashWasm: ratio('sha1', 'ours batch', 'hash-wasm', 'cpu'),
  sha256BatchOverHashWasm: ratio('sha256', 'ours batch', 'hash-wasm', 'cpu'),
  sha1SingleOverHashWasm: ratio('sha1', 'ours single', 'hash-wasm', 'cpu'),
  sha256SingleOverHashWasm: ratio('sha256', 'ours single', 'hash-wasm', 'cpu'),
  sha1BatchOverHashWasmWall: ratio('sha1', 'ours batch', 'hash-wasm', 'wall'),
  sha256BatchOverHashWasmWall: ratio('sha256', 'ours batch', 'hash-wasm', 'wall'),
  sha1SingleOverHashWasmWall: ratio('sha1', 'ours single', 'hash-wasm', 'wall'),
  sha256SingleOverHashWasmWall: ratio('sha256', 'ours single', 'hash-wasm', 'wall'),
  poolOverOneCore: mean(at('sha1').poolOverOneCoreWall, at('sha256').poolOverOneCoreWall),
  poolOverOneCoreFromCpuTime: mean(at('sha1').poolOverOneCoreFromCpuTime, at('sha256').poolOverOneCoreFromCpuTime),
  bitfieldMinOverPlainJs: Math.min(...Object.entries(kernels).filter(([k]) => !k.includes('dense')).map(([, k]) => k.ratio)),
};
console.log('\nsummary (256 KiB pieces):', summary);
const outDir = fileURLToPath(new URL('results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}hashing.json`, JSON.stringify({
  date: new Date().toISOString(), node: process.version, cores: availableParallelism(), loadAverage: [loadBefore, loadavg()[0]], simd: h.simd, totalBytes: TOTAL, rounds: ROUNDS, poolSize,
  ...summary, mbps: results, kernelsNs: kernels,
}, null, 2) + '\n');
console.log(`wrote ${outDir}hashing.json`);
