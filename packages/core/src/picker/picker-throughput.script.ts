/**
 * @module picker/picker-throughput.script — measures the picker's block bookkeeping rate (a
 * script, not a test: speed is never asserted). 30 peers each holding 60 % of the pieces; every
 * call asks for 8 blocks and receives them at once, so new-piece selection runs every other call.
 *
 * Run (from packages/core):
 *   $(find ../../node_modules/.pnpm -path '*esbuild/bin/esbuild' | head -1) \
 *     src/picker/picker-throughput.script.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/picker-throughput.mjs && node /tmp/picker-throughput.mjs
 * Measured on the shared 2-core dev box (256 KiB pieces, 16 blocks each):
 *   4 000 pieces ≈ 157 000 blocks/s (≈ 2.5 GB/s of 16 KiB blocks);
 *   100 000 pieces ≈ 84 000 blocks/s (≈ 1.4 GB/s). Before the rarity floor (picker/rarity-floor)
 *   let rarest-first stop early, 100 000 pieces managed only 11 000-24 000 blocks/s: the scan
 *   visited every candidate per new piece.
 * Session 7: the jump out of another peer's stretch (selection.ts `ranIntoOthers`, on nearly
 * every pick with these random bitfields) scanned every candidate twice; drawing from the
 * rarest bucket (picker/rarity-buckets) instead, A/B in one run at load 10-13:
 *   4 000 pieces 170-245k -> 280k blocks/s; 100 000 pieces 4-8k -> 107-236k blocks/s;
 *   CPU for the whole script 18.7-20.4 s -> 1.7-1.8 s.
 */
import { setBit } from './bits.js';
import { createPiecePicker } from './piece-picker.js';

for (const n of [4_000, 100_000]) {
  const peers = 30;
  const picker = createPiecePicker<number>({ pieceCount: n, pieceLength: 262144 });
  const has: Uint8Array[] = [];
  for (let i = 0; i < peers; i++) {
    const bf = new Uint8Array(Math.ceil(n / 8));
    for (let k = 0; k < n; k++) if (Math.random() < 0.6) setBit(bf, k);
    has.push(bf);
    picker.addPeer(bf);
  }
  const target = Math.min(200_000, n * 16 * 0.9);
  const start = performance.now();
  let blocks = 0;
  for (let call = 0; blocks < target; call++) {
    const peer = call % peers;
    for (const r of picker.nextRequests(peer, has[peer]!, 8)) {
      blocks++;
      if (picker.blockReceived(peer, r).pieceComplete) picker.pieceVerified(r.piece);
    }
  }
  const ms = performance.now() - start;
  console.log(`${n} pieces: ${blocks} blocks in ${ms.toFixed(0)} ms = ${((blocks / ms) * 1000).toFixed(0)} blocks/s`);
}
