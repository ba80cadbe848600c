/**
 * @module swarm/pipeline-limits — the bounds of our request pipeline, in one place because they
 * trade throughput on high-latency links (WebRTC, tunnels) against downloader memory.
 */

/** Pipeline depth bounds per peer; the target covers ~1 s of the peer's measured rate. */
export const MIN_PIPELINE_DEPTH = 32;
export const MAX_PIPELINE_DEPTH = 256;

/**
 * Bytes of piece buffers (pieces arriving, and complete pieces waiting for their hash check
 * and write) above which only pieces already started are requested: the bound on downloader
 * memory.
 */
export const MAX_HELD_PIECE_BYTES = 8 << 20;
