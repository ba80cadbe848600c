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
import { AbuseCounters, RELEASED_MEMORY } from './peer-abuse.js';
import { RateMeter } from './rate-meter.js';

/** Write-queue high-water mark: senders that await {@link PeerConnection.drained} pause above it. */
const HIGH_WATER = 1 << 20;
/** Small frames queued together are merged into one write up to this size. */
const COALESCE_LIMIT = 64 * 1024;
/** On TCP only frames below this size are merged (requests, haves, piece headers); blocks are not copied. */
const SMALL_FRAME = 1024;
/**
 * How long a message queued with {@link PeerConnection.sendSoon} may wait for another write to
 * the same peer before it is written on its own. On loopback each small write costs the sender
 * a pass through the TCP stack and wakes the receiver: in a flash crowd every piece a getter
 * completes is announced to every peer lacking it (N = 8: ~7 HAVEs per piece per getter, several
 * times the number of block writes), so HAVEs wait up to this long to ride with the next batch
 * of requests or blocks, or with each other. BEP 3 sets no deadline for HAVE.
 */
export const SOON_MS = 50;

function concat(parts: readonly Uint8Array[], from: number, to: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let off = 0;
  for (let k = from; k < to; k++) {
    out.set(parts[k]!, off);
    off += parts[k]!.length;
  }
  return out;
}

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
  /** `p`: the TCP port the peer listens on (BEP 10); an inbound peer's source port is not it. */
  listenPort?: number;
}

/** An outstanding request of ours, keyed by {@link blockKey}. */
export interface OutstandingRequest extends BlockRef {
  /** Milliseconds since the swarm started ({@link Swarm.epoch}): a small integer, no boxed double per request. */
  sentAt: number;
}

/**
 * Key of a block in request maps: a number (a string per block was a per-request allocation
 * that outlived the young generation). `begin` off the 16 KiB grid is never one of our
 * requests: -1, which no map holds.
 */
export function blockKey(index: number, begin: number): number {
  return begin % 16384 === 0 ? index * 65536 + begin / 16384 : -1;
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
  readonly outstanding = new Map<number, OutstandingRequest>();
  /**
   * Keys of requests we cancelled or gave up on (the latest {@link RELEASED_MEMORY}): their
   * blocks may still arrive and are late, not unrequested (peer-abuse.ts).
   */
  readonly released = new Set<number>();
  /** Abuse counters (request floods, unrequested blocks; issue 7). */
  readonly abuse = new AbuseCounters();
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
  /** When bytes last arrived from the peer (swarm clock, ms): a link silent too long is dropped. */
  lastHeardAt = 0;
  /** Pieces this peer contributed blocks to, for banning after a hash failure. */
  strikes = 0;
  closed = false;
  closeReason: string | undefined;
  readonly decoder: FrameDecoder;

  #queue: Uint8Array[] = [];
  #queuedBytes = 0;
  #pumping = false;
  #drainWaiters: (() => void)[] = [];
  /** Parts ever queued and ever handed to the connection, for {@link flushed}. */
  #partsQueued = 0;
  #partsHanded = 0;
  #handWaiters: { target: number; resolve: () => void }[] = [];
  /** Timer writing what {@link sendSoon} queued if nothing else was written first. */
  #soonTimer: ReturnType<typeof setTimeout> | null = null;

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
    // chunksReused: the swarm reads connections with borrowed chunks (peer-dialer, swarm-host);
    // a piece's block is copied into its piece buffer before the next chunk is pulled.
    this.decoder = new FrameDecoder({ expectHandshake: false, chunksReused: true, ...(init.limits ? { limits: init.limits } : {}) });
  }

  /** Forget our request `key` without its block (cancel, reject, timeout, choke); true if it was outstanding. */
  release(key: number): boolean {
    if (!this.outstanding.delete(key)) return false;
    this.released.add(key);
    if (this.released.size > RELEASED_MEMORY) this.released.delete(this.released.values().next().value!);
    return true;
  }

  /** {@link release} every outstanding request. */
  releaseAll(): void {
    for (const key of [...this.outstanding.keys()]) this.release(key);
  }

  /** Bytes waiting in our write queue. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Encode and queue a message. */
  send(msg: WireMessage): void {
    // A reject while unchoked frees a slot of the peer's pipeline (peer-abuse.ts credits it).
    if (msg.type === 'reject' && !this.amChoking) this.abuse.answersSinceUnchoke++;
    this.sendRaw(encodeMessage(msg));
  }

  /** Queue a BEP 10 extended message. */
  sendExtended(extId: number, payload: Uint8Array): void {
    this.sendRaw(encodeExtended(extId, payload));
  }

  /**
   * Queue a piece message for a block (BEP 3 `piece`): the 13-byte header and the block itself
   * (a view of the read cache) are queued as two parts, so the block is never copied on TCP.
   */
  sendPiece(index: number, begin: number, block: Uint8Array): void {
    this.sendRaw(encodePieceHeader(index, begin, block.length));
    this.sendRaw(block);
  }

  /**
   * Queue pre-encoded bytes. The queue is written from a microtask, so every message produced
   * by one synchronous pass (a batch of requests, haves after a piece) leaves in one write.
   */
  sendRaw(bytes: Uint8Array): void {
    if (this.closed) return;
    this.#queue.push(bytes);
    this.#partsQueued++;
    this.#queuedBytes += bytes.length;
    if (!this.#pumping) {
      this.#pumping = true;
      queueMicrotask(() => void this.#pump());
    }
  }

  /** True when {@link flushed} can tell when written buffers are free again (the connection has `flushed`). */
  get tracksWrites(): boolean {
    return typeof this.conn.flushed === 'function';
  }

  /**
   * Resolves once everything queued so far has been handed to the connection and left its
   * buffers (Connection.flushed), or the peer closed: from then on the caller may reuse the
   * buffers it queued (blocks are queued zero-copy). Only meaningful when {@link tracksWrites}.
   */
  flushed(): Promise<void> {
    const target = this.#partsQueued;
    const connFlushed = (): Promise<void> => this.conn.flushed?.() ?? Promise.resolve();
    if (this.#partsHanded >= target || this.closed) return connFlushed();
    return new Promise<void>((resolve) => this.#handWaiters.push({ target, resolve })).then(connFlushed);
  }

  #wakeHandWaiters(all: boolean): void {
    while (this.#handWaiters.length > 0 && (all || this.#handWaiters[0]!.target <= this.#partsHanded)) this.#handWaiters.shift()!.resolve();
  }

  /**
   * Queue pre-encoded bytes without scheduling a write: they leave with the next message sent
   * to this peer (or with a write already under way). For messages the peer has no use for
   * soon, such as a HAVE for a piece it already has: on loopback each small write costs both
   * processes a wake-up and a pass through the TCP stack.
   */
  sendLazy(bytes: Uint8Array): void {
    if (this.closed) return;
    this.#queue.push(bytes);
    this.#partsQueued++;
    this.#queuedBytes += bytes.length;
  }

  /**
   * Queue pre-encoded bytes to be written within {@link SOON_MS}: with the next message sent to
   * this peer, with a write already under way, or on their own when that time is up. For
   * messages that are useful to the peer but not urgent (HAVE to a peer that lacks the piece).
   */
  sendSoon(bytes: Uint8Array): void {
    if (this.closed) return;
    this.sendLazy(bytes);
    if (this.#pumping || this.#soonTimer !== null) return;
    this.#soonTimer = setTimeout(() => {
      this.#soonTimer = null;
      if (this.closed || this.#pumping || this.#queue.length === 0) return;
      this.#pumping = true;
      void this.#pump();
    }, SOON_MS);
  }

  /** Resolves once the write queue is below its high-water mark (or the peer closed). */
  drained(): Promise<void> {
    if (this.#queuedBytes < HIGH_WATER || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /**
   * Writes everything queued, then waits for the connection to accept more. Runs of small
   * frames are merged into one buffer; large parts (blocks) go out as they are on TCP, where
   * the transport gathers one tick's writes into one vectored write. Other transports may turn
   * each write into a message of their own, so there frames are merged up to COALESCE_LIMIT.
   */
  async #pump(): Promise<void> {
    // WebRTC: the data channel connection packs one tick's writes into full messages itself
    // (webrtc/data-channel-connection.ts); merging here first would copy every block twice.
    const mergeLarge = this.conn.kind !== 'tcp' && this.conn.kind !== 'webrtc';
    // What sendSoon queued leaves now, with this write.
    this.#clearSoon();
    try {
      while (this.#queue.length > 0 && !this.closed) {
        const queue = this.#queue;
        this.#queue = [];
        let last: Promise<void> | undefined;
        for (let i = 0; i < queue.length; ) {
          let end = i + 1;
          let size = queue[i]!.length;
          const limit = mergeLarge ? COALESCE_LIMIT : SMALL_FRAME;
          if (size < limit) {
            while (end < queue.length && size + queue[end]!.length <= COALESCE_LIMIT && (mergeLarge || queue[end]!.length < SMALL_FRAME)) {
              size += queue[end]!.length;
              end++;
            }
          }
          const chunk = end === i + 1 ? queue[i]! : concat(queue, i, end, size);
          i = end;
          last?.catch(() => undefined); // only the last write is awaited; an earlier failure fails it too
          last = this.conn.write(chunk);
        }
        this.#queuedBytes -= queue.reduce((n, c) => n + c.length, 0);
        this.#partsHanded += queue.length;
        if (this.#handWaiters.length > 0) this.#wakeHandWaiters(false);
        await last;
        if (this.#queuedBytes < HIGH_WATER) this.#wakeDrainWaiters();
      }
    } catch (err) {
      this.close(err instanceof Error ? err.message : 'write failed');
    } finally {
      this.#pumping = false;
    }
  }

  #clearSoon(): void {
    if (this.#soonTimer === null) return;
    clearTimeout(this.#soonTimer);
    this.#soonTimer = null;
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
    this.#clearSoon();
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#wakeDrainWaiters();
    // The dropped queue is never written; what was handed on is the connection's (flushed()).
    this.#wakeHandWaiters(true);
    this.conn.close();
  }
}
