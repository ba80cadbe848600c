/**
 * @module adapters/node/tunnel-wire — the tunnel's message path on Node's `ws` client sockets,
 * without `ws`'s copies (see tunnel/wire.ts for why).
 *
 * Sending: each message is one binary frame written by us on the socket `ws` opened: a header
 * with a fresh random 4-byte masking key (RFC 6455 §5.3; never all zero), then the parts the
 * record sender handed over, masked in place (they are fresh cipher output, nobody else holds
 * them; wasm SIMD kernel, see ws-mask.ts), in one writev. `ws` would copy every message to mask
 * it. Frames `ws` still writes itself (close, pong) are whole frames written from the same thread
 * between ours, never inside.
 * Receiving: the socket's reads go to a {@link TunnelFrameReader}, which hands records to the
 * connection as slices and control frames back to `ws`.
 * Inject with `dialViaRelay({ …, cipher: nodeTunnelCipher, wire: nodeTunnelWire })`.
 */
import { randomFillSync } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TunnelWire, TunnelWireFactory } from '../../tunnel/wire.js';
import { TunnelFrameReader } from './tunnel-frame-reader.js';
import { readIntoSlabs, SlabReader, slabHolder } from './tunnel-slab-reader.js';
import { encodeWsFrameHeader } from './ws-frame-header.js';
import { maskWebSocketPayload } from './ws-mask.js';

/** The parts of `ws`'s client WebSocket this file relies on. */
interface WsInternals {
  _isServer?: boolean;
  _socket?: Socket;
  _receiver?: { _bufferedBytes?: number; _fragments?: unknown[]; _state?: number };
}

/** Bytes a circuit receives before its socket reads into slabs. */
const SLABS_AFTER_BYTES = 1024 * 1024;

/** Random masking keys, drawn from a pool refilled in bulk (as `ws` does). */
const pool = Buffer.alloc(8192);
let poolOffset = pool.length;
function maskingKey(): Buffer {
  for (;;) {
    if (poolOffset + 4 > pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const key = Buffer.from(pool.subarray(poolOffset, poolOffset + 4));
    poolOffset += 4;
    if (key.readUInt32BE(0) !== 0) return key; // a zero key would leave the payload unmasked
  }
}

const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

/**
 * A {@link TunnelWireFactory} for Node's `ws` client sockets. Returns undefined for anything else
 * (a server-side socket, another WebSocket class), and reads through `ws` while its receiver holds
 * a partial frame (sending is direct either way).
 */
export const nodeTunnelWire: TunnelWireFactory = (ws, handlers, maxRecordBody, options) => {
  const unmasked = options?.unmasked === true;
  const w = ws as unknown as WsInternals;
  const socket = w._socket;
  if (w._isServer !== false || !socket || ws.readyState !== 1 || typeof socket.cork !== 'function') return undefined;
  const r = w._receiver;
  const listeners = socket.listeners('data') as ((this: Socket, chunk: Buffer) => void)[];
  const reads = r?._bufferedBytes === 0 && r._fragments?.length === 0 && r._state === 0 && listeners.length === 1 && !socket.isPaused();
  if (reads) {
    const wsOnData = listeners[0]!;
    const reader = new TunnelFrameReader(
      {
        record: handlers.record,
        error: handlers.error,
        control: (raw) => wsOnData.call(socket, raw),
        handOver: (rest) => wsOnData.call(socket, rest),
      },
      maxRecordBody,
      slabHolder,
    );
    // Once the circuit carries bulk data, reads land in recycled slabs, up to 1 MiB per read
    // (tunnel-slab-reader.ts: no fresh ArrayBuffer per 64 KiB read); idle circuits hold no slab.
    let received = 0;
    const onData = (chunk: Buffer): void => {
      reader.push(chunk);
      if ((received += chunk.length) < SLABS_AFTER_BYTES || socket.destroyed) return;
      socket.removeListener('data', onData);
      const slabs = new SlabReader();
      const installed = readIntoSlabs(socket, slabs, (c) => {
        reader.push(c);
        slabHolder.release(c);
      });
      if (!installed) {
        slabs.close();
        socket.on('data', (c: Buffer) => reader.push(c));
        return;
      }
      socket.once('close', () => slabs.close());
    };
    socket.removeListener('data', wsOnData);
    socket.on('data', onData);
  }
  const wire: TunnelWire = {
    reads,
    send(parts, bytes) {
      if (socket.destroyed || !socket.writable) return;
      socket.cork();
      if (unmasked) {
        // The relay reads this socket's data frames unmasked (its OK said so): no key, no XOR pass.
        socket.write(encodeWsFrameHeader(true, 2, bytes)); // FIN | binary
        for (const p of parts) socket.write(asBuffer(p));
      } else {
        const key = maskingKey();
        socket.write(encodeWsFrameHeader(true, 2, bytes, key)); // FIN | binary, masked
        let at = 0;
        for (const p of parts) {
          const b = asBuffer(p);
          maskWebSocketPayload(b, key, at);
          at += b.length;
          socket.write(b);
        }
      }
      socket.uncork();
    },
  };
  return wire;
};
