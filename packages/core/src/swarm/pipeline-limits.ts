/**
 * @module swarm/pipeline-limits — the bounds of our request pipeline, in one place because they
 * trade throughput on high-latency links (WebRTC, tunnels) against downloader memory.
 */
import { requestQueueDepth } from '../picker/request-pipeline.js';
import type { TransportKind } from '../transport/transport.js';

/** Pipeline depth bounds per peer; the target covers ~1 s of the peer's measured rate. */
export const MIN_PIPELINE_DEPTH = 32;
/** Upper bound for TCP (and in-memory) peers: 4 MiB of 16 KiB blocks in flight. */
export const MAX_PIPELINE_DEPTH = 256;
/**
 * Upper bound for peers behind a data channel or the relay tunnel. Their round trip is long
 * (SCTP over DTLS, user-space buffering in both browsers, or two WebSocket hops), so 256
 * requests ran dry: tab → tab (bench/web.mjs, BENCH_WEB_TRACE=1) the receiver sat at the cap
 * (p50 243, p90 256 outstanding) and the seeder's channel ran empty in 11–12 % of samples;
 * with 1024 it stayed full. TCP keeps 256: its loopback/LAN rates fill that in well under a
 * second, and a deeper pipeline only adds to the downloader's held bytes.
 */
export const MAX_PIPELINE_DEPTH_HIGH_LATENCY = 1024;

/** The depth bound for a peer on `kind`. */
export function maxPipelineDepth(kind: TransportKind): number {
  return kind === 'webrtc' || kind === 'tunnel' ? MAX_PIPELINE_DEPTH_HIGH_LATENCY : MAX_PIPELINE_DEPTH;
}

/**
 * How often (ms) a peer's depth follows its measured rate as blocks arrive. The swarm's 1 s tick
 * alone left a new peer at its starting depth for up to a second: four seeders capped at
 * 20 MB/s each (bench/many-seeders.mjs) then ran 16 deep and sent at 5–20 MB/s for the first
 * ~0.9 s of a 3.4 s download.
 */
export const DEPTH_REFRESH_MS = 100;

/** The depth for `kind` at a measured `bytesPerSecond`: ~1 s of blocks, within the bounds. */
export function pipelineDepth(bytesPerSecond: number, kind: TransportKind): number {
  return requestQueueDepth(bytesPerSecond, { min: MIN_PIPELINE_DEPTH, max: maxPipelineDepth(kind), targetSeconds: 1 });
}

/**
 * Bytes of piece buffers (pieces arriving, and complete pieces waiting for their hash check
 * and write) above which only pieces already started are requested: the bound on downloader
 * memory. It is {@link HELD_PIECE_SECONDS} of the download rate, within [MIN, MAX]: a fixed
 * 8 MiB was 100 ms at 80 MB/s, so a hiccup of the hasher that long (GC, a busy core) emptied
 * every peer's pipeline and the capped seeders idled (their token buckets overflowed). Buffers
 * kept for reuse count against MAX too (request-scheduler.ts), so all piece memory stays within
 * MAX_HELD_PIECE_BYTES, as the former 8 MiB held plus 8 MiB kept did: an uncapped loopback
 * download, whose hasher always lags, holds no more than before.
 */
export const MIN_HELD_PIECE_BYTES = 8 << 20;
export const MAX_HELD_PIECE_BYTES = 16 << 20;
export const HELD_PIECE_SECONDS = 0.25;

/** The held-bytes bound at a swarm download rate of `bytesPerSecond`. */
export function heldPieceBytesLimit(bytesPerSecond: number): number {
  const r = Number.isFinite(bytesPerSecond) && bytesPerSecond > 0 ? bytesPerSecond : 0;
  return Math.min(MAX_HELD_PIECE_BYTES, Math.max(MIN_HELD_PIECE_BYTES, Math.round(r * HELD_PIECE_SECONDS)));
}
