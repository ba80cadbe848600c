/**
 * @module transport/readable-queue — the pull-based readable side shared by transports.
 *
 * The producer pushes chunks as they arrive; the consumer iterates. When more than
 * `highWaterMark` bytes wait unread, `onHigh` fires (a socket pauses); once the consumer pulls
 * the backlog below `lowWaterMark`, `onLow` fires (the socket resumes). A chunk that arrives
 * while the consumer waits is handed over directly, without queueing. A plain iterator object
 * (not an async generator) keeps the per-chunk cost at one resolved promise.
 *
 * Breaking out of a `for await` loop does not end the stream: iterating again continues with
 * the next unread chunk, so a handshake reader can hand the connection on to the message loop.
 */

/** Options of {@link createReadableQueue}. */
export interface ReadableQueueOptions {
  /** Unread bytes at which `onHigh` fires (default 1 MiB). */
  readonly highWaterMark?: number;
  /** Unread bytes at or below which `onLow` fires after `onHigh` (default highWaterMark / 4). */
  readonly lowWaterMark?: number;
  readonly onHigh?: () => void;
  readonly onLow?: () => void;
}

/** Producer handle plus the consumer's AsyncIterable. */
export interface ReadableQueue extends AsyncIterable<Uint8Array> {
  /** Appends a chunk (ignored after end/fail). Empty chunks are dropped. */
  push(chunk: Uint8Array): void;
  /** Ends the stream once the buffered chunks are read. */
  end(): void;
  /** Fails the stream now: buffered chunks are dropped and the reader throws `err` once. */
  fail(err: Error): void;
  /** Drops unread chunks and ends the stream now (a local close). */
  clear(): void;
  /** Bytes pushed but not yet read. */
  readonly buffered: number;
  /** True once ended, failed or cleared. */
  readonly finished: boolean;
}

type Waiter = { resolve(r: IteratorResult<Uint8Array>): void; reject(e: unknown): void };

/** Creates a readable queue; see the module comment for the flow-control contract. */
export function createReadableQueue(options: ReadableQueueOptions = {}): ReadableQueue {
  const high = options.highWaterMark ?? 1 << 20;
  const low = options.lowWaterMark ?? Math.floor(high / 4);
  const chunks: Uint8Array[] = [];
  let head = 0;
  let buffered = 0;
  let paused = false;
  let ended = false;
  let error: Error | undefined;
  let waiter: Waiter | undefined;
  const DONE: IteratorResult<Uint8Array> = { done: true, value: undefined };

  const settle = (): void => {
    const w = waiter;
    if (!w) return;
    if (error) {
      waiter = undefined;
      const e = error;
      error = undefined; // thrown once; later reads see the end
      w.reject(e);
    } else if (ended && head === chunks.length) {
      waiter = undefined;
      w.resolve(DONE);
    }
  };

  const iterator: AsyncIterator<Uint8Array> = {
    next() {
      if (head < chunks.length) {
        const value = chunks[head]!;
        chunks[head++] = EMPTY;
        if (head > 1024 && head * 2 > chunks.length) {
          chunks.splice(0, head);
          head = 0;
        }
        buffered -= value.length;
        if (paused && buffered <= low) {
          paused = false;
          options.onLow?.();
        }
        return Promise.resolve({ done: false, value });
      }
      if (error) {
        const e = error;
        error = undefined;
        return Promise.reject(e);
      }
      if (ended) return Promise.resolve(DONE);
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
    return() {
      // Deliberately not ending the stream: see the module comment.
      return Promise.resolve(DONE);
    },
  };

  return {
    [Symbol.asyncIterator]: () => iterator,
    get buffered() {
      return buffered;
    },
    get finished() {
      return ended;
    },
    push(chunk) {
      if (ended || chunk.length === 0) return;
      if (waiter && head === chunks.length) {
        const w = waiter;
        waiter = undefined;
        w.resolve({ done: false, value: chunk });
        return;
      }
      chunks.push(chunk);
      buffered += chunk.length;
      if (!paused && buffered >= high) {
        paused = true;
        options.onHigh?.();
      }
    },
    end() {
      if (ended) return;
      ended = true;
      settle();
    },
    fail(err) {
      if (ended) return;
      ended = true;
      error = err;
      chunks.length = 0;
      head = 0;
      buffered = 0;
      settle();
    },
    clear() {
      chunks.length = 0;
      head = 0;
      buffered = 0;
      ended = true;
      settle();
    },
  };
}

const EMPTY = new Uint8Array(0);
