/**
 * @module swarm/upload-piece-cache — whole pieces read into fresh buffers for the upload server's
 * path without pool slots (connections that cannot report writes, or requests off the 16 KiB
 * grid), kept briefly because peers ask for a piece's blocks in a row (BEP 3).
 */
import type { Storage } from '../storage/storage.js';
import type { PieceLayout } from './piece-layout.js';

/** Pieces kept (least recently asked for dropped first). */
const CACHE_PIECES = 8;

/** A small LRU of piece reads (pending or done); failed reads are not kept. */
export class UploadPieceCache {
  readonly #storage: () => Storage | null;
  readonly #layout: () => PieceLayout | null;
  readonly #cache = new Map<number, Promise<Uint8Array>>();

  constructor(storage: () => Storage | null, layout: () => PieceLayout | null) {
    this.#storage = storage;
    this.#layout = layout;
  }

  /** Forget every cached piece (e.g. after storage changed). */
  clear(): void {
    this.#cache.clear();
  }

  /** Piece `index` on the wire: its bytes, zero-padded to its wire size (v2). */
  read(index: number): Promise<Uint8Array> {
    const cached = this.#cache.get(index);
    if (cached) {
      this.#cache.delete(index);
      this.#cache.set(index, cached);
      return cached;
    }
    const storage = this.#storage();
    const layout = this.#layout();
    if (!storage || !layout) return Promise.reject(new Error('no storage'));
    const size = layout.size(index);
    const wire = layout.wireSize(index);
    // v2: bytes past a file's end (up to the piece boundary) read as zeros for peers that pad.
    const p = storage.read(layout.offset(index), size).then((data) => {
      if (wire <= size) return data;
      const padded = new Uint8Array(wire);
      padded.set(data);
      return padded;
    });
    this.#cache.set(index, p);
    p.catch(() => this.#cache.delete(index));
    while (this.#cache.size > CACHE_PIECES) this.#cache.delete(this.#cache.keys().next().value!);
    return p;
  }
}
