/**
 * @module swarm/upload-capped — the upload server's state under a rate cap: which peers asked us
 * for blocks, the serving order across their queues (upload-order.ts, issue 8), the gate tokens
 * peer loops left unspent, and how many bytes one grant of the gate covers.
 *
 * The upload server's per-peer loop (upload-server.ts) keeps the control flow (hold, take tokens,
 * serve); this holds what the loops share.
 */
import { blockMessage } from '../wire/block-message.js';
import type { BlockRef } from '../wire/messages.js';
import type { PeerConnection } from './peer-connection.js';
import type { PieceLayout } from './piece-layout.js';
import { UploadOrder } from './upload-order.js';
import type { Clock } from './types.js';

/**
 * Under an upload cap, the gate's tokens are taken for up to this many bytes of queued requests
 * at once (one 256 KiB piece, 16 blocks) and those blocks leave in one write: one timer wake-up,
 * one write, one slot read and about one burst of reads (and one batch of new requests) on the
 * other side per 256 KiB. The capped path's cost is per wake-up, not per byte: at 20 MB/s a
 * capped seeder spent 8.6 ms of CPU per MB with 64 KiB grants and 6.2 with 256 KiB (1 MiB: 6.3;
 * uncapped: 2.7). The token bucket runs on debt, so the rate over time is the same; at 20 MB/s
 * a grant is 13 ms of the cap, well inside the 1 s the cap is measured over.
 */
const GATE_BATCH_BYTES = 256 * 1024;

/** Bytes of the first queued requests that fit in {@link GATE_BATCH_BYTES} (at least the first's). */
export function gateBatchBytes(queue: readonly BlockRef[]): number {
  let bytes = queue[0]!.length;
  for (let k = 1; k < queue.length && bytes + queue[k]!.length <= GATE_BATCH_BYTES; k++) bytes += queue[k]!.length;
  return bytes;
}

/** What the upload server's loops share when its upload is capped. */
export class CappedUpload {
  readonly #layout: () => PieceLayout | null;
  readonly #clock: Clock;
  /**
   * The order requests are served in across peers' queues (upload-order.ts): pieces least sent
   * to others first, so a crowd gets each piece from us about once. Created once the layout is known.
   */
  #order: UploadOrder<PeerConnection> | null = null;
  /** Peers that asked us for blocks (whose bitfields tell which pieces others could serve). */
  readonly #peers = new Set<PeerConnection>();
  /** Gate tokens taken by peer loops that ended before spending them (bytes). */
  #spare = 0;

  constructor(layout: () => PieceLayout | null, clock: Clock) {
    this.#layout = layout;
    this.#clock = clock;
  }

  /** `peer` asked us for a block. */
  addPeer(peer: PeerConnection): void {
    this.#peers.add(peer);
  }

  /** `ref` went to `peer` (whole or in part: its length counts). */
  noteSent(peer: PeerConnection, ref: BlockRef): void {
    this.#order?.noteSent(peer, ref.index, ref.length);
  }

  /**
   * Put `peer.incoming` in serving order (upload-order.ts; the server sends its front) and send BEP 6
   * rejects for pieces another connected peer now has and that we already sent to others;
   * returns how long to hold the queue (0: serve from its front now, one request or a batch).
   */
  decide(peer: PeerConnection): { holdMs: number } {
    const order = this.#uploadOrder();
    if (!order) return { holdMs: 0 };
    const { rejects, holdMs } = order.next(peer, this.#othersHave(peer), this.#clock.now());
    for (const r of rejects) peer.send(blockMessage('reject', r));
    return { holdMs };
  }

  /** Take up to `bytes` of the tokens other loops left unspent; returns how many. */
  takeSpare(bytes: number): number {
    const n = Math.min(bytes, this.#spare);
    this.#spare -= n;
    return n;
  }

  /** Tokens a loop took and did not spend (its peer no longer wants the block): the next loop's. */
  giveSpare(bytes: number): void {
    this.#spare += bytes;
  }

  #uploadOrder(): UploadOrder<PeerConnection> | null {
    const layout = this.#layout();
    if (!layout) return null;
    return (this.#order ??= new UploadOrder<PeerConnection>(layout.pieceCount, (i) => layout.wireSize(i)));
  }

  /** Whether a connected peer other than `peer` (one that asked us for blocks) has piece `i`. */
  #othersHave(peer: PeerConnection): (i: number) => boolean {
    for (const p of this.#peers) {
      if (!p.closed) continue;
      this.#peers.delete(p);
      this.#order?.forget(p);
    }
    return (i) => {
      for (const p of this.#peers) if (p !== peer && p.have?.get(i)) return true;
      return false;
    };
  }
}
