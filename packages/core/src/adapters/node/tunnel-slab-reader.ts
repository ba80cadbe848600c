/**
 * @module adapters/node/tunnel-slab-reader — reads a busy tunnel socket into recycled 4 MiB slabs,
 * up to 1 MiB per read, instead of a fresh 64 KiB buffer per read. Used by the relay's circuits
 * (apps/relay/src/tunnel/circuit.ts) and by the peers' Node wire (tunnel-wire.ts).
 *
 * Why: Node allocates a new ArrayBuffer for every socket read. The kernel copies each read into
 * fresh pages (page faults and zeroing, counted as system time) and at hundreds of MB/s that
 * external memory triggers a scavenge and a mark-compact every ~64 MiB ("external memory
 * pressure" in --trace-gc). Measured on loopback (512 MiB, one receiving socket): 0.87 ms/MiB
 * of CPU with `data` events, 0.24–0.41 reading 64 KiB at a time into one reused buffer, 0.14–0.21
 * reading 256 KiB at a time (a quarter of the read calls). Session 6: up to 1 MiB per read into
 * 4 MiB slabs (a tunnel message is up to 1 MiB + 1 KiB, and loopback hands over what is queued)
 * took the listening peer from 1.72–1.8 to 1.41–1.48 ms/MiB in the tunnel bench (the relay
 * unchanged within the noise; three alternations, load 3–7; docs/tunnel.md). Here reads land in slabs (net's
 * `onread` with a buffer generator, installed on a socket through the symbols net keeps on
 * every Socket). Readers keep slices of the slabs, so a slab is reused only once every slice of
 * it has been released: each holder (a chunk being parsed, a stashed chunk, a frame piece until
 * its write completed, a record body until it is decrypted) retains it and releases it once. A
 * slice never released only keeps its slab from being reused (it is then garbage collected like
 * any buffer), never corrupts anything. Memory: free slabs are pooled across all sockets (at most
 * 16 MiB); a socket reading into slabs holds one (4 MiB), so sockets switch to slabs only once
 * they carry bulk data.
 */
import type { Socket } from 'node:net';

/** Bytes per slab (exported for tests). */
export const SLAB_BYTES = 4 * 1024 * 1024;
/** Largest read: loopback delivers up to the socket's receive buffer per call (one whole 1 MiB message, often). */
const READ_MAX = 1024 * 1024;
/** A slab with less room than this left is retired (the next read goes into a fresh one). */
const READ_MIN = 64 * 1024;
/** Free slabs kept for reuse, shared by all sockets (more are left to the GC): at most 16 MiB. */
const MAX_FREE = 4;

interface Slab {
  buf: Buffer;
  off: number;
  refs: number;
  retired: boolean;
}

// Shared by all sockets, so memory kept for reuse is bounded however many circuits exist; each
// reading socket holds only its current slab.
const byBuffer = new WeakMap<ArrayBufferLike, Slab>();
const free: Slab[] = [];

function takeSlab(): Slab {
  const reused = free.pop();
  if (reused) return reused;
  const slab = { buf: Buffer.allocUnsafeSlow(SLAB_BYTES), off: 0, refs: 0, retired: false };
  byBuffer.set(slab.buf.buffer, slab);
  return slab;
}

function recycle(slab: Slab): void {
  if (!slab.retired || slab.refs > 0) return;
  slab.retired = false;
  slab.off = 0;
  if (free.length < MAX_FREE) free.push(slab);
}

/** Reference counts of slab slices (no-ops for other buffers). */
export const slabHolder = {
  /** One more holder of `b`'s slab. */
  retain(b: Uint8Array): void {
    const slab = byBuffer.get(b.buffer);
    if (slab) slab.refs++;
  },
  /** A holder of `b`'s slab is done with it. */
  release(b: Uint8Array): void {
    const slab = byBuffer.get(b.buffer);
    if (!slab) return;
    slab.refs--;
    recycle(slab);
  },
};

/** The slab a socket reads into next. */
export class SlabReader {
  private current: Slab = takeSlab();

  /** The region the next read goes into. */
  next(): Buffer {
    if (this.current.off + READ_MIN > SLAB_BYTES) {
      const old = this.current;
      old.retired = true;
      recycle(old);
      this.current = takeSlab();
    }
    return this.current.buf.subarray(this.current.off, Math.min(this.current.off + READ_MAX, SLAB_BYTES));
  }

  /** `nread` bytes were read into the region from {@link next}: the chunk, retained once for the caller. */
  read(nread: number): Buffer {
    const c = this.current;
    const chunk = c.buf.subarray(c.off, c.off + nread);
    c.off += nread;
    c.refs++;
    return chunk;
  }

  retain(b: Uint8Array): void {
    slabHolder.retain(b);
  }

  release(b: Uint8Array): void {
    slabHolder.release(b);
  }

  /** The socket is closed (it reads no more): its current slab goes back to the pool once its slices are released. */
  close(): void {
    this.current.retired = true;
    recycle(this.current);
  }
}

type SocketSymbols = { kBuffer: symbol; kBufferCb: symbol; kBufferGen: symbol };

function socketSymbols(socket: Socket): SocketSymbols | undefined {
  const found: Partial<SocketSymbols> = {};
  for (const s of Object.getOwnPropertySymbols(socket)) {
    if (s.description === 'kBuffer' || s.description === 'kBufferCb' || s.description === 'kBufferGen') found[s.description] = s;
  }
  return found.kBuffer && found.kBufferCb && found.kBufferGen ? (found as SocketSymbols) : undefined;
}

/**
 * Makes `socket` read into slabs of `slabs` and hand each chunk (retained once) to `onChunk`.
 * Returns false, changing nothing, where this Node's net internals are not as expected or the
 * socket is TLS (then the socket keeps emitting `data`).
 */
export function readIntoSlabs(socket: Socket, slabs: SlabReader, onChunk: (chunk: Buffer) => void): boolean {
  const sym = socketSymbols(socket);
  const handle = (socket as unknown as { _handle?: { useUserBuffer?: (b: Buffer) => void } })._handle;
  if (!sym || typeof handle?.useUserBuffer !== 'function' || (socket as { encrypted?: boolean }).encrypted) return false;
  const s = socket as unknown as Record<symbol, unknown>;
  if (s[sym.kBuffer] !== null) return false; // already reading into a user buffer
  const first = slabs.next();
  s[sym.kBuffer] = first;
  s[sym.kBufferCb] = (nread: number) => onChunk(slabs.read(nread));
  s[sym.kBufferGen] = () => slabs.next();
  handle.useUserBuffer(first);
  return true;
}
