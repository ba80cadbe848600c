/** @module webrtc/byte-queue — a pull-based async queue of byte chunks with an end and an error. */

/**
 * Holds chunks pushed by an event source (a data channel's `message` events) until a consumer
 * pulls them. `end()` lets the consumer drain what is queued and then finish; `fail(err)` drops
 * nothing already queued either, but the consumer receives `err` after the queued chunks.
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  #head = 0;
  #bytes = 0;
  #done = false;
  #error: Error | undefined;
  /** Every pending `pull` (normally one; a second consumer must not orphan the first). */
  #waiters: Array<() => void> = [];

  /** Bytes queued and not yet pulled. */
  get bufferedBytes(): number {
    return this.#bytes;
  }

  /** Whether `end` or `fail` was called. */
  get finished(): boolean {
    return this.#done;
  }

  /** Queues a chunk (ignored after the end). */
  push(chunk: Uint8Array): void {
    if (this.#done || chunk.byteLength === 0) return;
    this.#chunks.push(chunk);
    this.#bytes += chunk.byteLength;
    this.#wake();
  }

  /** Marks a clean end: the consumer finishes after the queued chunks. */
  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#wake();
  }

  /** Marks a failure: the consumer throws `err` once the queued chunks are pulled. */
  fail(err: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = err;
    this.#wake();
  }

  /** Fails immediately, discarding queued chunks (used by a local `close(err)`). */
  abort(err: Error): void {
    this.#chunks = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#done = true;
    this.#error ??= err;
    this.#wake();
  }

  /** Pulls the next chunk, or `undefined` at a clean end. */
  async pull(): Promise<Uint8Array | undefined> {
    for (;;) {
      if (this.#head < this.#chunks.length) {
        const chunk = this.#chunks[this.#head] as Uint8Array;
        this.#chunks[this.#head] = EMPTY;
        this.#head++;
        if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
          this.#chunks = this.#chunks.slice(this.#head);
          this.#head = 0;
        }
        this.#bytes -= chunk.byteLength;
        return chunk;
      }
      if (this.#done) {
        if (this.#error) throw this.#error;
        return undefined;
      }
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
      });
    }
  }

  /**
   * The queue as an async iterable (a `Connection`'s `readable`): each `next` pulls one chunk;
   * leaving a `for await` early leaves the queue as it is.
   */
  readable(): AsyncIterable<Uint8Array> {
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<Uint8Array> => ({
        next: async () => {
          const value = await this.pull();
          return value === undefined ? { done: true, value: undefined } : { done: false, value };
        },
        return: async () => ({ done: true, value: undefined }),
      }),
    };
  }

  #wake(): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

const EMPTY = new Uint8Array(0);
