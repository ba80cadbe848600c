/**
 * @module swarm/upload-unflushed — a peer's blocks sent as views of pool slots and not yet reported
 * written. Each view keeps its slot referenced until the connection reports it written
 * (PeerConnection.flushed), so the upload server (upload-server.ts) bounds what one peer may have
 * unwritten: a stalled reader cannot pin the whole {@link PieceBufferPool}.
 */
import type { PeerConnection } from './peer-connection.js';
import type { PieceBufferPool, PoolSlot } from './piece-buffer-pool.js';

/** One peer's sent, unwritten blocks and the slot references they hold. */
export class UnflushedBlocks {
  readonly #peer: PeerConnection;
  readonly #pool: PieceBufferPool;
  readonly #limit: number;
  /** One entry per block: its slot's reference. */
  #slots: PoolSlot[] = [];
  /** Bytes in `#slots`. */
  #bytes = 0;
  /** Bytes sent and not yet reported written (`#slots` plus the batch being flushed). */
  #pending = 0;
  #flushing = false;
  /** Loops waiting for `#pending` to go down. */
  #waiters: (() => void)[] = [];

  /** `limit`: unwritten bytes beyond which the peer's loop waits (see {@link hasRoom}). */
  constructor(peer: PeerConnection, pool: PieceBufferPool, limit: number) {
    this.#peer = peer;
    this.#pool = pool;
    this.#limit = limit;
  }

  /** Whether the peer's unwritten bytes are below the limit (its loop may send more). */
  get hasRoom(): boolean {
    return this.#pending < this.#limit;
  }

  /** Resolves when a batch of the peer's blocks is reported written (or the connection closed). */
  released(): Promise<void> {
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** A block of `bytes` was sent from `slot`, whose reference it keeps until written. */
  add(slot: PoolSlot, bytes: number): void {
    this.#slots.push(slot);
    this.#bytes += bytes;
    this.#pending += bytes;
  }

  /** The blocks added so far were handed to the connection: release them once written. */
  sent(): void {
    if (!this.#flushing) this.#flush();
  }

  /** Release the slots once the peer reports them written; then the next batch, if any. */
  #flush(): void {
    this.#flushing = true;
    const slots = this.#slots;
    const bytes = this.#bytes;
    this.#slots = [];
    this.#bytes = 0;
    // flushed() never rejects: it resolves at the latest when the connection closes.
    void this.#peer.flushed().then(() => {
      for (const s of slots) this.#pool.release(s);
      this.#pending -= bytes;
      this.#flushing = false;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const w of waiters) w();
      if (this.#slots.length > 0) this.#flush();
    });
  }
}
