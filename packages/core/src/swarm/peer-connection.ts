/**
 * @module swarm/peer-connection — one connected peer after the BEP 3 handshake: the connection,
 * its frame decoder, the four choke/interest flags, the peer's bitfield, our outstanding
 * requests to it and its requests to us, plus a coalescing write queue with backpressure.
 *
 * Pure plumbing: it decodes and encodes; the swarm decides what to do with each message.
 */
import { Bitfield } from '../bitfield/bitfield.js';
import type { Connection } from '../transport/transport.js';
import { encodeMessage, encodePieceHeader, encodeExtended } from '../wire/encode.js';
import { FrameDecoder } from '../wire/frame-decoder.js';
import type { WireLimits } from '../wire/limits.js';
import type { BlockRef, WireMessage } from '../wire/messages.js';
import { RateMeter } from './rate-meter.js';

/** Write-queue high-water mark: senders that await {@link PeerConnection.drained} pause above it. */
const HIGH_WATER = 1 << 20;
/** Small frames queued together are merged into one write up to this size. */
const COALESCE_LIMIT = 64 * 1024;

/** What we know from the peer's BEP 10 extension handshake. */
export interface PeerExtensions {
  /** The peer's id for ut_metadata messages (BEP 9), if it supports it. */
  utMetadata?: number;
  /** `metadata_size` (BEP 9). */
  metadataSize?: number;
  /** `reqq`: how many outstanding requests the peer accepts (BEP 10). */
  reqq?: number;
  /** `v`: client name and version. */
  client?: string;
}

/** An outstanding request of ours, keyed by `index:begin`. */
export interface OutstandingRequest extends BlockRef {
  sentAt: number;
}

/** Key of a block in request maps. */
export function blockKey(index: number, begin: number): string {
  return `${index}:${begin}`;
}

/** A peer after the handshake. */
export class PeerConnection {
  readonly conn: Connection;
  readonly address: string;
  readonly peerId: Uint8Array;
  readonly fast: boolean;
  readonly extended: boolean;
  readonly direction: 'in' | 'out';
  /** BEP 3 state; every connection starts choked and not interested on both sides. */
  amChoking = true;
  amInterested = false;
  peerChoking = true;
  peerInterested = false;
  /** The peer's pieces; null while our piece count is unknown (magnet before metadata). */
  have: Bitfield | null = null;
  /** have-all/bitfield that arrived before we knew the piece count (magnet). */
  pendingHave: { all?: boolean; bits?: Uint8Array; indices: number[] } | null = { indices: [] };
  ext: PeerExtensions = {};
  /** Our requests to the peer. */
  readonly outstanding = new Map<string, OutstandingRequest>();
  /** Pipeline depth we aim for (adapted to the peer's rate). */
  queueDepth = 16;
  /** BEP 6 pieces the peer allows us to request while choked. */
  readonly allowedFast = new Set<number>();
  /** The peer's requests to us, in arrival order. */
  readonly incoming: BlockRef[] = [];
  readonly down = new RateMeter();
  readonly up = new RateMeter();
  /** When the connection was attached (swarm clock, ms), for the choker's newcomer weighting. */
  connectedAt = 0;
  /** When the peer last sent us a block (ms), for snub detection; undefined until the first. */
  lastBlockAt: number | undefined;
  /** Pieces this peer contributed blocks to, for banning after a hash failure. */
  strikes = 0;
  closed = false;
  closeReason: string | undefined;
  readonly decoder: FrameDecoder;

  #queue: Uint8Array[] = [];
  #queuedBytes = 0;
  #pumping = false;
  #drainWaiters: (() => void)[] = [];

  constructor(init: {
    conn: Connection;
    peerId: Uint8Array;
    reserved: { fast: boolean; extended: boolean };
    direction: 'in' | 'out';
    limits?: Partial<WireLimits>;
  }) {
    this.conn = init.conn;
    this.address = init.conn.remoteAddress;
    this.peerId = init.peerId;
    this.fast = init.reserved.fast;
    this.extended = init.reserved.extended;
    this.direction = init.direction;
    this.decoder = new FrameDecoder({ expectHandshake: false, ...(init.limits ? { limits: init.limits } : {}) });
  }

  /** Bytes waiting in our write queue. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Encode and queue a message. */
  send(msg: WireMessage): void {
    this.sendRaw(encodeMessage(msg));
  }

  /** Queue a BEP 10 extended message. */
  sendExtended(extId: number, payload: Uint8Array): void {
    this.sendRaw(encodeExtended(extId, payload));
  }

  /** Queue a piece message for a block (BEP 3 `piece`). */
  sendPiece(index: number, begin: number, block: Uint8Array): void {
    const frame = new Uint8Array(13 + block.length);
    frame.set(encodePieceHeader(index, begin, block.length), 0);
    frame.set(block, 13);
    this.sendRaw(frame);
  }

  /** Queue pre-encoded bytes. */
  sendRaw(bytes: Uint8Array): void {
    if (this.closed) return;
    this.#queue.push(bytes);
    this.#queuedBytes += bytes.length;
    if (!this.#pumping) void this.#pump();
  }

  /** Resolves once the write queue is below its high-water mark (or the peer closed). */
  drained(): Promise<void> {
    if (this.#queuedBytes < HIGH_WATER || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && !this.closed) {
        let chunk = this.#queue.shift()!;
        if (chunk.length < COALESCE_LIMIT && this.#queue.length > 0) {
          const parts = [chunk];
          let size = chunk.length;
          while (this.#queue.length > 0 && size + this.#queue[0]!.length <= COALESCE_LIMIT) {
            const next = this.#queue.shift()!;
            parts.push(next);
            size += next.length;
          }
          if (parts.length > 1) {
            chunk = new Uint8Array(size);
            let off = 0;
            for (const p of parts) {
              chunk.set(p, off);
              off += p.length;
            }
          }
        }
        this.#queuedBytes -= chunk.length;
        await this.conn.write(chunk);
        if (this.#queuedBytes < HIGH_WATER) this.#wakeDrainWaiters();
      }
    } catch (err) {
      this.close(err instanceof Error ? err.message : 'write failed');
    } finally {
      this.#pumping = false;
    }
  }

  #wakeDrainWaiters(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of waiters) w();
  }

  /** Close the connection (idempotent). */
  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#wakeDrainWaiters();
    this.conn.close();
  }
}
