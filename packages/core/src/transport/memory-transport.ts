/**
 * @module transport/memory-transport — in-memory connections for deterministic tests (swarm,
 * wire, tunnels) in Node and browsers.
 *
 * - `latencyMs` delays every chunk (and the end of stream) by that many milliseconds.
 * - `chunkSize` splits each write into chunks of at most that many bytes, so a reader sees
 *   messages torn at arbitrary places — the framing bugs real networks provoke.
 * - Backpressure like a socket: `write` resolves while the bytes in flight plus unread bytes at
 *   the peer stay under `highWaterMark`, and otherwise once the reader has drained them.
 * - Writes are zero-copy: the reader receives views of the writer's buffer, so a writer that
 *   reuses a buffer after `write` resolves corrupts the stream here exactly as it may over TCP.
 */
import type { Connection, Listener, Transport } from './transport.js';
import { createReadableQueue, type ReadableQueue } from './readable-queue.js';
import { TransportError } from './errors.js';

/** Options shared by memory connections and the memory transport. */
export interface MemoryConnectionOptions {
  /** Delay of every chunk, in ms (default 0: delivered synchronously). */
  readonly latencyMs?: number;
  /** Split writes into chunks of at most this many bytes (default: no splitting). */
  readonly chunkSize?: number;
  /** Bytes in flight + unread at the peer above which `write` waits (default 256 KiB). */
  readonly highWaterMark?: number;
}

interface End {
  readonly queue: ReadableQueue;
  inFlight: number;
  drainWaiters: Array<{ resolve(): void; reject(e: unknown): void }>;
}

/** A connected pair of in-memory connections: what one writes, the other reads. */
export function createMemoryConnectionPair(
  options: MemoryConnectionOptions = {},
  names: readonly [string, string] = ['memory:a', 'memory:b'],
): [Connection, Connection] {
  const latency = options.latencyMs ?? 0;
  const chunkSize = options.chunkSize ?? Infinity;
  const high = options.highWaterMark ?? 256 * 1024;
  let closedFlag = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));

  const makeEnd = (): End => {
    const end: End = {
      inFlight: 0,
      drainWaiters: [],
      queue: createReadableQueue({ highWaterMark: high, lowWaterMark: high / 2, onLow: () => wake(end) }),
    };
    return end;
  };
  const wake = (end: End): void => {
    if (end.inFlight + end.queue.buffered >= high) return;
    for (const w of end.drainWaiters.splice(0)) w.resolve();
  };
  const ends = [makeEnd(), makeEnd()] as const;

  const shutdown = (localIndex: 0 | 1, err?: Error): void => {
    if (closedFlag) return;
    closedFlag = true;
    const local = ends[localIndex];
    const remote = ends[1 - localIndex]!;
    // Local: unread data is dropped; a pending reader sees `err` or the end.
    if (err) local.queue.fail(err);
    else local.queue.clear();
    const rejectAll = (e: End): void => {
      for (const w of e.drainWaiters.splice(0)) w.reject(new TransportError('TRANSPORT_CLOSED', 'connection closed'));
    };
    rejectAll(local);
    rejectAll(remote);
    // Remote: everything written before the close arrives, then the end.
    const finish = (): void => {
      remote.queue.end();
      resolveClosed();
    };
    if (latency > 0) setTimeout(finish, latency);
    else finish();
  };

  const make = (index: 0 | 1): Connection => {
    const target = ends[1 - index]!;
    const deliver = (chunk: Uint8Array): void => {
      if (latency <= 0) {
        target.queue.push(chunk);
        return;
      }
      target.inFlight += chunk.length;
      setTimeout(() => {
        target.inFlight -= chunk.length;
        target.queue.push(chunk);
        wake(target);
      }, latency);
    };
    return {
      kind: 'memory',
      remoteAddress: names[1 - index]!,
      readable: ends[index].queue,
      closed,
      write(data) {
        if (closedFlag) return Promise.reject(new TransportError('TRANSPORT_CLOSED', 'connection closed'));
        for (let at = 0; at < data.length; at += chunkSize) deliver(data.subarray(at, Math.min(data.length, at + chunkSize)));
        if (target.inFlight + target.queue.buffered < high) return Promise.resolve();
        return new Promise((resolve, reject) => target.drainWaiters.push({ resolve, reject }));
      },
      close(err) {
        shutdown(index, err);
      },
    };
  };
  return [make(0), make(1)];
}

/** A namespace of memory listeners; transports sharing a network can dial each other. */
export interface MemoryNetwork {
  readonly listeners: Map<string, (conn: Connection) => void>;
}

/** Creates an empty memory network. */
export function createMemoryNetwork(): MemoryNetwork {
  return { listeners: new Map() };
}

/** Options of {@link createMemoryTransport}. */
export interface MemoryTransportOptions extends MemoryConnectionOptions {
  /** Network to listen on and dial into (default: one network shared by the whole process). */
  readonly network?: MemoryNetwork;
}

const defaultNetwork = createMemoryNetwork();
let nextPort = 1;

/**
 * A Transport whose addresses are any strings (`memory:peer-1`); `listen` on `name:0` picks a
 * free numbered address. Dialing an address nobody listens on fails with `TRANSPORT_DIAL_FAILED`.
 */
export function createMemoryTransport(options: MemoryTransportOptions = {}): Transport {
  const network = options.network ?? defaultNetwork;
  return {
    kind: 'memory',
    async dial(address, dialOptions) {
      if (dialOptions?.signal?.aborted) throw new TransportError('TRANSPORT_ABORTED', 'dial aborted', { cause: dialOptions.signal.reason });
      const accept = network.listeners.get(address);
      if (!accept) throw new TransportError('TRANSPORT_DIAL_FAILED', `nobody listens on ${address}`);
      const [mine, theirs] = createMemoryConnectionPair(options, [`memory-dialer:${nextPort++}`, address]);
      accept(theirs);
      return mine;
    },
    async listen(address, onConnection) {
      let bound = address;
      let port = 0;
      const m = /^(.*):0$/.exec(address);
      if (m) {
        port = nextPort++;
        bound = `${m[1]}:${port}`;
      } else {
        const p = /:(\d+)$/.exec(address);
        port = p ? Number(p[1]) : 0;
      }
      if (network.listeners.has(bound)) throw new TransportError('TRANSPORT_LISTEN_FAILED', `${bound} is in use`);
      network.listeners.set(bound, onConnection);
      const listener: Listener = {
        address: bound,
        port,
        async close() {
          if (network.listeners.get(bound) === onConnection) network.listeners.delete(bound);
        },
      };
      return listener;
    },
  };
}
