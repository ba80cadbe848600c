/**
 * @module adapters/node/tcp-transport — BitTorrent over TCP (BEP 3) with `node:net`.
 *
 * - IPv4 and IPv6: `127.0.0.1:6881`, `[::1]:6881`, `name:6881` (see transport/address).
 * - TCP_NODELAY: the wire protocol sends small latency-sensitive messages (have, request,
 *   choke); Nagle's algorithm would hold them back.
 * - Writes are zero-copy (the socket keeps the caller's buffer) and corked until the check
 *   phase of the current event-loop turn (`setImmediate`), so the writes of one turn leave in
 *   one vectored `writev` instead of one syscall each: a batch of requests, and a seeder's
 *   blocks, whose serving loop awaits between blocks (uncorking at the next microtask sent
 *   every 16 KiB block in a syscall of its own: 64 per MiB, each waking the receiver). The
 *   delay is bounded by the I/O callbacks already due in this turn, never by new data (not
 *   like Nagle, which waits for an ACK).
 *   `flushed()` counts the writes' callbacks, so a writer knows when it may reuse a buffer.
 * - Write backpressure: `write` resolves at once while the socket buffers less than
 *   `writeHighWaterMark`, else on `'drain'` (one shared drain promise, not one listener per write).
 * - Pull-based reads through a readable queue: past `highWaterMark` unread bytes the socket is
 *   paused, so TCP flow control slows the sender down; it resumes once the consumer pulls.
 * - Dialled sockets read into caller-supplied memory (`net.connect`'s `onread`): each read is
 *   copied out to an exact-size chunk, or, after `borrowReads()`, lent as a view of one of a few
 *   reused 64 KiB buffers, taken back when the consumer pulls the next chunk. Node allocates a
 *   fresh 64 KiB chunk per read otherwise, which V8 frees lazily: at ~150 MB/s that garbage was
 *   most of a downloader's memory. Accepted sockets cannot (Node 20's server ignores `onread`).
 * - `close()` half-closes (FIN after pending writes) and destroys after `closeTimeoutMs` if the
 *   remote never closes; `close(err)` destroys at once.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { Connection, Listener, Transport } from '../../transport/transport.js';
import { createReadableQueue } from '../../transport/readable-queue.js';
import { formatHostPort, parseHostPort } from '../../transport/address.js';
import { TransportError } from '../../transport/errors.js';

/** Options of {@link createTcpTransport}. */
export interface TcpTransportOptions {
  /** Give up dialing after this many ms (default 10 000). */
  readonly dialTimeoutMs?: number;
  /** Unread bytes per connection before the socket is paused (default 1 MiB). */
  readonly highWaterMark?: number;
  /** Buffered outgoing bytes above which `write` waits for `'drain'` (default 1 MiB). */
  readonly writeHighWaterMark?: number;
  /** After a graceful `close()`, destroy the socket if the remote has not closed within this (default 5 000). */
  readonly closeTimeoutMs?: number;
}

/** A Transport over TCP sockets. */
export function createTcpTransport(options: TcpTransportOptions = {}): Transport {
  const dialTimeout = options.dialTimeoutMs ?? 10_000;
  return {
    kind: 'tcp',
    dial(address, dialOptions) {
      const signal = dialOptions?.signal;
      return new Promise<Connection>((resolve, reject) => {
        const { host, port } = parseHostPort(address); // a bad address rejects, never throws
        if (signal?.aborted) {
          reject(new TransportError('TRANSPORT_ABORTED', `dial ${address} aborted`, { cause: signal.reason }));
          return;
        }
        const reads = new SocketReads();
        const socket = connect({ host, port, noDelay: true, onread: { buffer: reads.nextBuffer, callback: reads.onRead } });
        const fail = (err: TransportError): void => {
          cleanup();
          socket.destroy();
          reject(err);
        };
        const onError = (err: Error): void => fail(new TransportError('TRANSPORT_DIAL_FAILED', `dial ${address}: ${err.message}`, { cause: err }));
        const onAbort = (): void => fail(new TransportError('TRANSPORT_ABORTED', `dial ${address} aborted`, { cause: signal?.reason }));
        const timer = setTimeout(() => fail(new TransportError('TRANSPORT_DIAL_TIMEOUT', `dial ${address} timed out after ${dialTimeout} ms`)), dialTimeout);
        const cleanup = (): void => {
          clearTimeout(timer);
          socket.off('error', onError);
          signal?.removeEventListener('abort', onAbort);
        };
        socket.once('error', onError);
        signal?.addEventListener('abort', onAbort, { once: true });
        socket.once('connect', () => {
          cleanup();
          resolve(wrap(socket, options, reads));
        });
      });
    },
    listen(address, onConnection) {
      return new Promise<Listener>((resolve, reject) => {
        const { host, port } = parseHostPort(address);
        const server = createServer({ noDelay: true }, (socket) => onConnection(wrapSocket(socket, options)));
        server.once('error', (err) => reject(new TransportError('TRANSPORT_LISTEN_FAILED', `listen ${address}: ${err.message}`, { cause: err })));
        server.listen({ host, port }, () => {
          // Accept errors after binding (EMFILE...) only cost that one connection.
          server.on('error', () => undefined);
          const bound = server.address();
          const boundPort = typeof bound === 'object' && bound ? bound.port : port;
          const boundHost = typeof bound === 'object' && bound ? bound.address : host;
          resolve({
            address: formatHostPort(boundHost, boundPort),
            port: boundPort,
            // Stops accepting; connections already made stay open (server.close's callback would
            // wait for them all, so it is not awaited).
            async close() {
              server.close();
            },
          });
        });
      });
    },
  };
}

/** Size of one read buffer: what Node's own stream reads ask libuv for. */
const READ_BUFFER_BYTES = 64 * 1024;
/** Free read buffers kept per connection beyond those lent out (the rest go to the GC). */
const MAX_FREE_READ_BUFFERS = 8;

/**
 * The `onread` side of a dialled socket: hands Node the buffer for its next read and turns each
 * read into a chunk for the readable queue (see the module comment).
 */
class SocketReads {
  /** Set once the socket is wrapped; false when the chunk was dropped (closing). Reads before that (none in practice) are kept as copies. */
  sink: ((chunk: Uint8Array) => boolean) | null = null;
  readonly early: Uint8Array[] = [];
  borrowed = false;
  #current: Uint8Array = new Uint8Array(READ_BUFFER_BYTES);
  readonly #free: Uint8Array[] = [];
  /** Buffers lent to the queue, in the order their chunks will be read. */
  readonly #lent: Uint8Array[] = [];
  /** The lent buffer whose chunk the consumer holds now (returned on its next pull). */
  #held: Uint8Array | null = null;

  readonly nextBuffer = (): Uint8Array => this.#current;

  readonly onRead = (nread: number, buf: Uint8Array): boolean => {
    if (!this.borrowed || !this.sink) {
      const copy = buf.slice(0, nread); // Uint8Array#slice copies
      if (this.sink) this.sink(copy);
      else this.early.push(copy);
    } else if (this.sink(buf.subarray(0, nread))) {
      // Lent until the consumer has pulled this chunk and asks for the next.
      this.#lent.push(buf);
      this.#current = this.#free.pop() ?? new Uint8Array(READ_BUFFER_BYTES);
    }
    return true;
  };

  /** The consumer pulled `chunk`: hold its buffer until the next pull. */
  pulled(chunk: Uint8Array): void {
    if (this.#lent.length > 0 && this.#lent[0]!.buffer === chunk.buffer) this.#held = this.#lent.shift()!;
  }

  /** The consumer asks for its next chunk: the one it held is no longer read. */
  releaseHeld(): void {
    const held = this.#held;
    if (!held) return;
    this.#held = null;
    if (this.#free.length < MAX_FREE_READ_BUFFERS) this.#free.push(held);
  }
}

/** Wraps a connected socket as a Connection (exported for tests and for sockets accepted elsewhere). */
export function wrapSocket(socket: Socket, options: TcpTransportOptions = {}): Connection {
  return wrap(socket, options, undefined);
}

function wrap(socket: Socket, options: TcpTransportOptions, reads: SocketReads | undefined): Connection {
  socket.setNoDelay(true);
  const closeTimeout = options.closeTimeoutMs ?? 5_000;
  const writeHigh = options.writeHighWaterMark ?? 1 << 20;
  let closing = false;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  let drain: Promise<void> | undefined;
  let drainReject: ((e: Error) => void) | undefined;
  // flushed(): writes issued and written (each socket.write's callback, also called, with an
  // error, for writes a destroy discards), and who waits for which count.
  let issued = 0;
  let written = 0;
  let flushWaiters: { target: number; resolve: () => void }[] = [];
  const wakeFlushed = (all: boolean): void => {
    while (flushWaiters.length > 0 && (all || flushWaiters[0]!.target <= written)) flushWaiters.shift()!.resolve();
  };
  const onWritten = (): void => {
    written++;
    if (flushWaiters.length > 0) wakeFlushed(false);
  };
  const queue = createReadableQueue({
    highWaterMark: options.highWaterMark ?? 1 << 20,
    onHigh: () => socket.pause(),
    onLow: () => {
      if (!closing) socket.resume();
    },
  });
  const remoteAddress = formatHostPort(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

  let readable: AsyncIterable<Uint8Array> = queue;
  if (reads) {
    const push = (chunk: Uint8Array): boolean => {
      if (closing || queue.finished) return false;
      queue.push(chunk);
      return true;
    };
    for (const chunk of reads.early.splice(0)) push(chunk);
    reads.sink = push;
    // One iterator, like the queue's: the buffer of the chunk last handed out is taken back when
    // the next one is asked for.
    const inner = queue[Symbol.asyncIterator]();
    const iterator: AsyncIterator<Uint8Array> = {
      next() {
        reads.releaseHeld();
        return inner.next().then((r) => {
          if (!r.done) reads.pulled(r.value);
          return r;
        });
      },
      return: () => inner.return!(),
    };
    readable = { [Symbol.asyncIterator]: () => iterator };
  } else {
    socket.on('data', (buf: Uint8Array) => {
      // A plain Uint8Array view: Buffer's `slice` shares memory where Uint8Array's copies, a
      // difference that bites consumers written against the platform-free type.
      if (!closing) queue.push(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    });
  }
  socket.once('end', () => queue.end());
  socket.on('error', (err) => {
    queue.fail(new TransportError('TRANSPORT_RESET', `${remoteAddress}: ${err.message}`, { cause: err }));
  });
  socket.once('close', () => {
    closing = true;
    queue.end();
    drainReject?.(new TransportError('TRANSPORT_CLOSED', 'connection closed'));
    // The handle is closed: no write of ours is pending in it any more.
    written = issued;
    wakeFlushed(true);
  });

  return {
    kind: 'tcp',
    remoteAddress,
    readable,
    closed,
    borrowReads() {
      if (!reads) return false;
      reads.borrowed = true;
      return true;
    },
    write(data) {
      if (closing || socket.destroyed || !socket.writable) {
        return Promise.reject(new TransportError('TRANSPORT_CLOSED', 'connection closed'));
      }
      if (!corked) {
        corked = true;
        socket.cork();
        setImmediate(uncork);
      }
      issued++;
      socket.write(data, onWritten);
      // The socket's own high-water mark (16 KiB) is below one block; ours bounds the buffer.
      if (socket.writableLength < writeHigh) return Promise.resolve();
      if (!drain) {
        drain = new Promise<void>((resolve, reject) => {
          drainReject = reject;
          socket.once('drain', () => {
            drain = undefined;
            drainReject = undefined;
            resolve();
          });
        });
      }
      return drain;
    },
    flushed() {
      if (written >= issued || socket.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => flushWaiters.push({ target: issued, resolve }));
    },
    close(err) {
      if (closing) return;
      closing = true;
      drainReject?.(new TransportError('TRANSPORT_CLOSED', 'connection closed'));
      if (err) {
        queue.fail(err);
        socket.destroy();
        return;
      }
      queue.clear();
      // Keep reading (and dropping) so the remote's FIN is seen and the socket can close.
      socket.resume();
      socket.end();
      setTimeout(() => socket.destroy(), closeTimeout).unref();
    },
  };
}
