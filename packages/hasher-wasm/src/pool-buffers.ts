/**
 * @module pool-buffers — input buffers the hash pool transfers to workers without shared memory,
 * recycled. A worker hands each task's input buffer back with its digests; reusing it for the
 * next task avoids allocating (and zero-filling, and page-faulting) fresh memory per task.
 */

/** Recycled transferable input buffers: at most `capacity` kept, larger ones preferred. */
export class TransferBuffers {
  readonly #capacity: number;
  readonly #minBytes: number;
  readonly #buffers: ArrayBuffer[] = [];

  /** `capacity`: buffers kept (the pool's size); `minBytes`: the size of a fresh buffer at least. */
  constructor(capacity: number, minBytes: number) {
    this.#capacity = capacity;
    this.#minBytes = minBytes;
  }

  /** An input buffer of ≥ `n` bytes: the smallest recycled one that fits, else a fresh one. */
  take(n: number): ArrayBuffer {
    const buffers = this.#buffers;
    let best = -1;
    for (let i = 0; i < buffers.length; i++) {
      const len = buffers[i]!.byteLength;
      if (len >= n && (best < 0 || len < buffers[best]!.byteLength)) best = i;
    }
    if (best >= 0) return buffers.splice(best, 1)[0]!;
    return new ArrayBuffer(Math.max(n, this.#minBytes));
  }

  /** Keeps at most `capacity` buffers for reuse, preferring larger ones (they fit every task). */
  give(buf: ArrayBuffer | undefined): void {
    const buffers = this.#buffers;
    if (!buf || buf.byteLength === 0) return;
    if (buffers.length < this.#capacity) {
      buffers.push(buf);
      return;
    }
    let smallest = 0;
    for (let i = 1; i < buffers.length; i++) if (buffers[i]!.byteLength < buffers[smallest]!.byteLength) smallest = i;
    if (buffers[smallest]!.byteLength < buf.byteLength) buffers[smallest] = buf;
  }

  /** Drop every kept buffer. */
  clear(): void {
    this.#buffers.length = 0;
  }
}
