/**
 * @module testing/connection-suite — the compliance suite every Connection passes (memory, TCP,
 * WebRTC data channels, relay tunnels). It registers vitest `describe`/`it` blocks.
 *
 * What it checks (the contract of `Connection` in transport/transport.ts, made precise):
 * - ordered, lossless delivery of many random-sized writes, in both directions;
 * - a 16 MiB transfer each way at the same time arrives byte-identical;
 * - backpressure: when the reader stops pulling, `write` promises stay pending after a bounded
 *   number of bytes (`maxBufferedBytes`) instead of buffering without limit, and resume when the
 *   reader drains;
 * - breaking out of `for await` does not lose data: iterating again continues in order;
 * - close: bytes written before `close()` reach the remote, which then sees the end of stream;
 *   a pending local read ends; `write` after close rejects; `close(err)` makes a pending local
 *   read throw `err`; the remote
 *   of a `close(err)` sees its stream end or throw (either is fine); `closed` settles on both
 *   sides; `close` is idempotent.
 *
 * Writes transfer ownership: the suite never reuses a buffer after passing it to `write`.
 *
 * @example
 * runConnectionSuite({ name: 'memory', makePair: async () => createMemoryConnectionPair({ chunkSize: 7 }) });
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../transport/transport.js';
import { createRandom, fillPattern, patternByte } from './random.js';

/** Options of {@link runConnectionSuite}. */
export interface ConnectionSuiteOptions {
  /** Shown in the describe block. */
  readonly name: string;
  /** Two connected ends; each test makes its own pair. */
  makePair(): Promise<[Connection, Connection]>;
  /** Runs after each test (close listeners, peers...). */
  cleanup?(): Promise<void>;
  /** Upper bound on bytes a writer may get accepted while the reader does not pull (default 64 MiB, to allow kernel socket buffers). */
  readonly maxBufferedBytes?: number;
  /** Bytes sent each way in the large transfer (default 16 MiB). */
  readonly largeTransferBytes?: number;
  /** Milliseconds to wait for anything before failing (default 20 000). */
  readonly timeoutMs?: number;
  /**
   * Whether the receiving side can stop the sender by not pulling (default true). `false` skips
   * the two receive-backpressure tests: a W3C data channel has no way to pause receiving, so a
   * WebRTC connection buffers what the remote sends whether or not the reader pulls.
   */
  readonly receiveBackpressure?: boolean;
}

/** Rejects with a clear message if `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Reads until the stream ends, checking every byte against the pattern stream `seed`. Returns the count. */
async function readPattern(conn: Connection, seed: number, expected: number): Promise<number> {
  let pos = 0;
  for await (const chunk of conn.readable) {
    for (let k = 0; k < chunk.length; k++) {
      if (chunk[k] !== patternByte(seed, pos + k)) throw new Error(`byte ${pos + k} differs`);
    }
    pos += chunk.length;
    if (pos >= expected) break;
  }
  return pos;
}

/** Writes `total` pattern bytes in chunks produced by `size()`, awaiting each write. */
async function writePattern(conn: Connection, seed: number, total: number, size: () => number): Promise<void> {
  let pos = 0;
  while (pos < total) {
    const n = Math.min(total - pos, Math.max(1, size()));
    await conn.write(fillPattern(seed, pos, new Uint8Array(n)));
    pos += n;
  }
}

/** Registers the Connection compliance tests. */
export function runConnectionSuite(options: ConnectionSuiteOptions): void {
  const timeout = options.timeoutMs ?? 20_000;
  const itBackpressure = options.receiveBackpressure === false ? it.skip : it;
  const open: Connection[] = [];
  const pair = async (): Promise<[Connection, Connection]> => {
    const p = await withTimeout(options.makePair(), timeout, 'makePair');
    open.push(...p);
    return p;
  };

  describe(`Connection compliance: ${options.name}`, () => {
    afterEach(async () => {
      for (const c of open.splice(0)) c.close();
      await options.cleanup?.();
    });

    it('exposes its kind and a remote address', async () => {
      const [a, b] = await pair();
      expect(typeof a.kind).toBe('string');
      expect(a.remoteAddress.length).toBeGreaterThan(0);
      expect(b.remoteAddress.length).toBeGreaterThan(0);
    });

    it('delivers many random-sized writes in order, both directions', async () => {
      const [a, b] = await pair();
      const rnd = createRandom(11);
      const total = 3_000_000;
      const size = (): number => (rnd() < 0.3 ? 1 + Math.floor(rnd() * 16) : Math.floor(rnd() * 40_000));
      const done = Promise.all([
        writePattern(a, 1, total, size),
        writePattern(b, 2, total, size),
        readPattern(b, 1, total),
        readPattern(a, 2, total),
      ]);
      const [, , gotB, gotA] = await withTimeout(done, timeout, 'random-sized transfer');
      expect(gotB).toBe(total);
      expect(gotA).toBe(total);
    });

    it('transfers a large stream identically in both directions at once', async () => {
      const [a, b] = await pair();
      const total = options.largeTransferBytes ?? 16 * 1024 * 1024;
      const done = Promise.all([
        writePattern(a, 3, total, () => 65536),
        writePattern(b, 4, total, () => 65536),
        readPattern(b, 3, total),
        readPattern(a, 4, total),
      ]);
      const [, , gotB, gotA] = await withTimeout(done, timeout * 2, 'large transfer');
      expect([gotB, gotA]).toEqual([total, total]);
    });

    itBackpressure('applies backpressure: writes stay pending while the reader does not pull', async () => {
      const [a, b] = await pair();
      const limit = options.maxBufferedBytes ?? 64 * 1024 * 1024;
      const chunk = 64 * 1024;
      let accepted = 0;
      let pending: Promise<void> | undefined;
      // Write until one write has not resolved after 250 ms (a heuristic for "blocked", not a
      // speed assertion): a transport without backpressure would run past `limit`.
      while (accepted <= limit) {
        const w = a.write(fillPattern(5, accepted, new Uint8Array(chunk)));
        accepted += chunk;
        const blocked = await Promise.race([
          w.then(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(true), 250)),
        ]);
        if (blocked) {
          pending = w;
          break;
        }
      }
      expect(pending, `wrote ${accepted} bytes without ever blocking`).toBeDefined();
      expect(accepted).toBeLessThanOrEqual(limit);
      // Draining on the other side releases the writer, and nothing was lost.
      const reading = readPattern(b, 5, accepted);
      await withTimeout(pending!, timeout, 'pending write after drain');
      expect(await withTimeout(reading, timeout, 'drain')).toBe(accepted);
    });

    it('continues in order when the reader breaks out of the loop and iterates again', async () => {
      const [a, b] = await pair();
      await a.write(Uint8Array.from([1, 2, 3]));
      await a.write(Uint8Array.from([4, 5, 6]));
      const got: number[] = [];
      const readSome = async (n: number): Promise<void> => {
        if (got.length >= n) return; // a stream transport may have coalesced both writes
        for await (const c of b.readable) {
          got.push(...c);
          if (got.length >= n) break;
        }
      };
      await withTimeout(readSome(1), timeout, 'first read');
      await withTimeout(readSome(6), timeout, 'second read');
      expect(got).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('close(): the remote gets the bytes written before it, then the end; closed settles on both sides', async () => {
      const [a, b] = await pair();
      const msg = new TextEncoder().encode('last words');
      await a.write(msg);
      a.close();
      a.close(); // idempotent
      const received: number[] = [];
      const reading = (async () => {
        for await (const c of b.readable) received.push(...c);
      })();
      await withTimeout(reading, timeout, 'remote end of stream');
      expect(new TextDecoder().decode(Uint8Array.from(received))).toBe('last words');
      await withTimeout(Promise.all([a.closed, b.closed]), timeout, 'closed promises');
    });

    it('close() ends a pending local read without an error', async () => {
      const [a] = await pair();
      const pendingRead = (async () => {
        let n = 0;
        for await (const c of a.readable) n += c.length;
        return n;
      })();
      await new Promise((r) => setTimeout(r, 10));
      a.close();
      expect(await withTimeout(pendingRead, timeout, 'local read after close')).toBe(0);
    });

    it('write after close rejects, on both sides', async () => {
      const [a, b] = await pair();
      a.close();
      await expect(a.write(Uint8Array.from([1]))).rejects.toBeInstanceOf(Error);
      await withTimeout(b.closed, timeout, 'remote closed');
      await expect(b.write(Uint8Array.from([1]))).rejects.toBeInstanceOf(Error);
    });

    it('close(err) surfaces err to a pending local reader; the remote stream terminates', async () => {
      const [a, b] = await pair();
      const pendingRead = (async () => {
        for await (const _ of a.readable) {
          // nothing is sent to a in this test
        }
      })();
      await new Promise((r) => setTimeout(r, 10));
      const boom = new Error('boom');
      a.close(boom);
      await expect(withTimeout(pendingRead, timeout, 'local read')).rejects.toThrow('boom');
      const remote = (async () => {
        try {
          for await (const _ of b.readable) {
            // drain
          }
        } catch {
          // a reset is an acceptable way for the remote to learn about the failure
        }
      })();
      await withTimeout(remote, timeout, 'remote termination');
      await withTimeout(Promise.all([a.closed, b.closed]), timeout, 'closed promises');
    });

    itBackpressure('a writer blocked by backpressure is released (rejected) when the connection closes', async () => {
      const [a] = await pair();
      let pending: Promise<void> | undefined;
      for (let i = 0; i < 2048 && !pending; i++) {
        const w = a.write(new Uint8Array(65536));
        const blocked = await Promise.race([w.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 250))]);
        if (blocked) pending = w;
      }
      expect(pending).toBeDefined();
      a.close();
      await expect(withTimeout(pending!, timeout, 'blocked write')).rejects.toBeInstanceOf(Error);
    });
  });
}
