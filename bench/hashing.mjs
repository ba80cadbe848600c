/**
 * @module bench/hashing — MB/s of @seedling/hasher-wasm (single-stream, batched, pool) against
 * node:crypto, hash-wasm and WebCrypto for SHA-1/SHA-256 at 16 KiB, 256 KiB and 4 MiB pieces
 * over 64 MiB, then the bitfield kernels against plain JS. Ratios are computed from the same
 * run (cases interleaved, best of ROUNDS), since the machine is shared. Writes
 * bench/results/hashing.json. Needs `pnpm --filter @seedling/hasher-wasm build` first.
 */
import { createHash, webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
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
  `pool of ${poolSize} workers on ${availableParallelism()} logical cores (shared with other processes)`);
const results = {};
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
      [`ours pool(${poolSize})`]: () => pool.hashPieces(data, L, alg),
    }, ROUNDS);
    const speed = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, +mbps(v).toFixed(1)]));
    results[`${alg}@${L >> 10}KiB`] = speed;
    console.log(`\n${alg.toUpperCase()} ${L >> 10} KiB pieces (MB/s)`);
    for (const [k, v] of Object.entries(speed)) console.log('  ', pad(k, 16), pad(v.toFixed(0), 8));
    for (const ours of ['ours single', 'ours batch', `ours pool(${poolSize})`]) {
      const line = ['node:crypto', 'hash-wasm', 'webcrypto'].map((ref) => `/${ref} ${(speed[ours] / speed[ref]).toFixed(2)}`).join('  ');
      console.log('  ', pad(ours, 16), line);
    }
    console.log('   pool / one core (batch)', (speed[`ours pool(${poolSize})`] / speed['ours batch']).toFixed(2));
  }
}
await pool.destroy();

const kernels = benchKernels(h);
const r = (alg, k) => results[`${alg}@256KiB`][k];
const summary = {
  sha1BatchOverHashWasm: +(r('sha1', 'ours batch') / r('sha1', 'hash-wasm')).toFixed(2),
  sha256BatchOverHashWasm: +(r('sha256', 'ours batch') / r('sha256', 'hash-wasm')).toFixed(2),
  sha1SingleOverHashWasm: +(r('sha1', 'ours single') / r('sha1', 'hash-wasm')).toFixed(2),
  sha256SingleOverHashWasm: +(r('sha256', 'ours single') / r('sha256', 'hash-wasm')).toFixed(2),
  poolOverOneCore: +(((r('sha1', `ours pool(${poolSize})`) / r('sha1', 'ours batch')) + (r('sha256', `ours pool(${poolSize})`) / r('sha256', 'ours batch'))) / 2).toFixed(2),
  sha1PoolOverOneCore: +(r('sha1', `ours pool(${poolSize})`) / r('sha1', 'ours batch')).toFixed(2),
  sha256PoolOverOneCore: +(r('sha256', `ours pool(${poolSize})`) / r('sha256', 'ours batch')).toFixed(2),
  bitfieldMinOverPlainJs: Math.min(...Object.entries(kernels).filter(([k]) => !k.includes('dense')).map(([, k]) => k.ratio)),
};
console.log('\nsummary (256 KiB pieces):', summary);
const outDir = fileURLToPath(new URL('results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}hashing.json`, JSON.stringify({
  date: new Date().toISOString(), node: process.version, simd: h.simd, totalBytes: TOTAL, rounds: ROUNDS, poolSize,
  ...summary, mbps: results, kernelsNs: kernels,
}, null, 2) + '\n');
console.log(`wrote ${outDir}hashing.json`);
