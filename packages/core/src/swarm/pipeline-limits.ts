/**
 * @module swarm/pipeline-limits — the bounds of our request pipeline, in one place because they
 * trade throughput on high-latency links (WebRTC, tunnels) against downloader memory.
 */
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
 * Bytes of piece buffers (pieces arriving, and complete pieces waiting for their hash check
 * and write) above which only pieces already started are requested: the bound on downloader
 * memory.
 */
export const MAX_HELD_PIECE_BYTES = 8 << 20;
