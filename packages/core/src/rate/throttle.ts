/**
 * @module rate/throttle — an async throttle over a token bucket (setTimeout-based), and a
 * Connection wrapper applying upload/download caps to any transport.
 */
import type { Connection } from '../transport/transport.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

/** Waits so that bytes pass at most at the configured rate. */
export interface Throttle {
  /** Resolves when `bytes` may be sent/consumed; rejects with `signal.reason` if aborted. */
  wait(bytes: number, signal?: AbortSignal): Promise<void>;
  /** The underlying bucket (e.g. to change the rate at run time). */
  readonly bucket: TokenBucket;
}

/**
 * A throttle at `bytesPerSecond` (Infinity = unlimited: `wait` resolves at once). Share one
 * throttle between connections for a global cap (`--up-rate`), or make one per connection.
 */
export function createThrottle(bytesPerSecond: number, options: { burstBytes?: number } = {}): Throttle {
  const bucket = createTokenBucket({ bytesPerSecond, ...options });
  return {
    bucket,
    wait(bytes, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const ms = bucket.take(bytes);
      if (ms === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** Caps of {@link throttleConnection}; omitted directions are unlimited. */
export interface ConnectionThrottles {
  readonly up?: Throttle;
  readonly down?: Throttle;
}

/**
 * Wraps `conn` so writes wait for the `up` throttle and each received chunk waits for `down`
 * before it is handed on. Download limiting works by reading slower: the transport's own
 * backpressure (a paused socket, TCP flow control) then slows the sender.
 *
 * The optional capabilities pass through, so a capped connection keeps its fast paths:
 * `borrowReads` (a chunk handed on stays the one the inner iterator lent, valid until our next
 * pull, which is the inner one's next pull too) and `flushed` (which also waits for writes
 * still held back by the throttle, as those have not reached `conn` yet).
 */
export function throttleConnection(conn: Connection, throttles: ConnectionThrottles): Connection {
  const { up, down } = throttles;
  const inner = conn.readable[Symbol.asyncIterator]();
  const iterator: AsyncIterator<Uint8Array> = {
    async next() {
      const r = await inner.next();
      if (!r.done && down) await down.wait(r.value.length);
      return r;
    },
    // Like the transports: leaving a for-await loop does not end the stream.
    async return() {
      return { done: true, value: undefined };
    },
  };
  // Writes waiting for the throttle: flushed() first waits for those issued before it.
  let waiting = 0;
  let idle: { promise: Promise<void>; resolve: () => void } | null = null;
  const wrapped: Connection = {
    kind: conn.kind,
    remoteAddress: conn.remoteAddress,
    closed: conn.closed,
    readable: { [Symbol.asyncIterator]: () => iterator },
    async write(data) {
      if (!up) return conn.write(data);
      waiting++;
      try {
        await up.wait(data.length);
      } finally {
        // Handed to `conn` (or failed) in order: the bucket serves waits first come, first served.
        if (--waiting === 0 && idle) {
          idle.resolve();
          idle = null;
        }
      }
      return conn.write(data);
    },
    close(err) {
      conn.close(err);
    },
  };
  if (conn.borrowReads) wrapped.borrowReads = () => conn.borrowReads!();
  if (conn.flushed) {
    wrapped.flushed = async () => {
      if (waiting > 0) {
        if (!idle) {
          let resolve!: () => void;
          const promise = new Promise<void>((r) => (resolve = r));
          idle = { promise, resolve };
        }
        await idle.promise;
      }
      return conn.flushed!();
    };
  }
  return wrapped;
}
