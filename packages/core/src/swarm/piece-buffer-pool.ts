/**
 * @module swarm/piece-buffer-pool — a bounded set of reusable buffers holding piece data read
 * for upload.
 *
 * Why: blocks are sent zero-copy (views of the buffer a piece was read into). Reading every
 * piece into a fresh buffer left ~1 GiB/s of dead ArrayBuffers at full speed, freed only when
 * V8 got round to its external-memory GC: tens of MB of a seeder's peak RSS. Here a fixed number
 * of slots is reused instead. A slot is referenced by whoever reads it and by every block view
 * still on its way out; it is refilled only once no reference is left (the upload server drops a
 * block's reference when the connection reports the block written, Connection.flushed). When
 * every slot is referenced, `acquire` waits: serving later, never allocating past the bound.
 *
 * Slots are also a small cache: peers ask for a piece's blocks in a row, so an unreferenced slot
 * keeps its data (least recently used refilled first) and a slot being read is shared.
 */

/** One reusable buffer and the data it holds. */
export interface PoolSlot {
  /** The key of the data it holds (the caller's numbering, e.g. piece and chunk). */
  readonly key: number;
  /** The data: a view of the slot's buffer, `length` bytes as asked in `acquire`. */
  readonly data: Uint8Array;
}

interface Slot extends PoolSlot {
  key: number;
  data: Uint8Array;
  readonly buffer: Uint8Array;
  refs: number;
  /** False until the fill has finished; `filling` settles then. */
  ready: boolean;
  filling: Promise<void> | null;
  /** Still the cached holder of `key` (false once the fill failed or the pool was cleared). */
  valid: boolean;
}

/** Options of {@link PieceBufferPool}. */
export interface PieceBufferPoolOptions {
  /** Size of every slot's buffer; `acquire` asks for at most this much. */
  readonly slotBytes: number;
  /** Slots allocated at most (lazily, on demand). */
  readonly maxSlots: number;
}

/** Thrown to a waiting `acquire` when the pool is closed. */
export class PoolClosedError extends Error {
  readonly code = 'POOL_CLOSED';
  constructor() {
    super('piece buffer pool closed');
    this.name = 'PoolClosedError';
  }
}

/** A bounded pool of reusable piece buffers (see the module comment). */
export class PieceBufferPool {
  readonly slotBytes: number;
  readonly maxSlots: number;
  /** Slots by the key they hold. */
  readonly #byKey = new Map<number, Slot>();
  /** Unreferenced slots, least recently used first (a Map keeps insertion order). */
  readonly #idle = new Map<Slot, true>();
  /** Unreferenced slots holding nothing. */
  readonly #free: Slot[] = [];
  #allocated = 0;
  #waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  #closed = false;

  constructor(opts: PieceBufferPoolOptions) {
    if (!(opts.slotBytes > 0) || !(opts.maxSlots >= 1)) throw new RangeError('slotBytes and maxSlots must be positive');
    this.slotBytes = opts.slotBytes;
    this.maxSlots = Math.floor(opts.maxSlots);
  }

  /** Slots allocated so far (never more than `maxSlots`). */
  get allocated(): number {
    return this.#allocated;
  }

  /** Slots referenced now. */
  get inUse(): number {
    return this.#allocated - this.#idle.size - this.#free.length;
  }

  /**
   * The slot holding `key`, referenced once more, if it is cached and filled; else null (then
   * use {@link acquire}). Synchronous: the common case of a piece's next block costs no await.
   */
  tryRetain(key: number): PoolSlot | null {
    const slot = this.#byKey.get(key);
    if (!slot || !slot.ready) return null;
    this.#ref(slot);
    return slot;
  }

  /**
   * A referenced slot holding `key`: the cached one (waiting for its fill if it is still being
   * read), or a free or least recently used unreferenced slot that `fill` writes `length` bytes
   * into. Waits while every slot is referenced. Release the reference with {@link release}.
   * Rejects with the fill's error (the slot is then freed) or `signal.reason`.
   */
  async acquire(key: number, length: number, fill: (out: Uint8Array) => Promise<void>, signal?: AbortSignal): Promise<PoolSlot> {
    if (length > this.slotBytes) throw new RangeError(`${length} bytes asked of ${this.slotBytes}-byte slots`);
    for (;;) {
      if (this.#closed) throw new PoolClosedError();
      signal?.throwIfAborted();
      const cached = this.#byKey.get(key);
      if (cached) {
        this.#ref(cached);
        if (!cached.ready) {
          try {
            await cached.filling;
          } catch (err) {
            this.release(cached);
            throw err;
          }
        }
        return cached;
      }
      const slot = this.#take();
      if (slot) return this.#fill(slot, key, length, fill);
      await this.#wait(signal);
    }
  }

  /** Drop one reference; the last one makes the slot reusable (and wakes a waiting `acquire`). */
  release(s: PoolSlot): void {
    const slot = s as Slot;
    if (slot.refs <= 0) throw new Error('piece buffer pool: release without a reference');
    if (--slot.refs > 0) return;
    if (slot.valid && slot.ready && !this.#closed) this.#idle.set(slot, true);
    else this.#free.push(slot);
    this.#waiters.shift()?.resolve();
  }

  /** Forget what every slot holds (storage changed): later acquires read again. */
  clear(): void {
    for (const slot of this.#byKey.values()) slot.valid = false;
    this.#byKey.clear();
    for (const slot of this.#idle.keys()) this.#free.push(slot);
    this.#idle.clear();
  }

  /** Reject waiting and later acquires; referenced slots stay valid until released. */
  close(): void {
    this.#closed = true;
    this.clear();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(new PoolClosedError());
  }

  #ref(slot: Slot): void {
    if (slot.refs++ === 0) this.#idle.delete(slot);
  }

  /** A free slot, a new one within the bound, or the least recently used idle one; null if none. */
  #take(): Slot | null {
    const free = this.#free.pop();
    if (free) return free;
    if (this.#allocated < this.maxSlots) {
      this.#allocated++;
      const buffer = new Uint8Array(this.slotBytes);
      return { key: -1, data: buffer, buffer, refs: 0, ready: false, filling: null, valid: false };
    }
    const oldest = this.#idle.keys().next();
    if (oldest.done) return null;
    const slot = oldest.value;
    this.#idle.delete(slot);
    this.#byKey.delete(slot.key);
    slot.valid = false;
    return slot;
  }

  async #fill(slot: Slot, key: number, length: number, fill: (out: Uint8Array) => Promise<void>): Promise<PoolSlot> {
    slot.key = key;
    slot.data = slot.buffer.subarray(0, length);
    slot.refs = 1;
    slot.ready = false;
    slot.valid = true;
    this.#byKey.set(key, slot);
    const filling = fill(slot.data);
    slot.filling = filling;
    try {
      await filling;
      slot.ready = true;
      return slot;
    } catch (err) {
      // Other acquirers of this key see the same rejection (they await `filling`) and release.
      if (this.#byKey.get(key) === slot) this.#byKey.delete(key);
      slot.valid = false;
      this.release(slot);
      throw err;
    } finally {
      slot.filling = null;
    }
  }

  #wait(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (e: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }
}
