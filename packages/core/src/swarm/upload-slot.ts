/**
 * @module swarm/upload-slot — how the upload server lays out a pool slot: a chunk of a piece
 * (up to 1 MiB) stored as ready BEP 3 `piece` messages, [header, block] after [header, block],
 * so blocks leave as views of the slot with no copy or allocation per block.
 */
import type { Storage } from '../storage/storage.js';
import { PIECE_HEADER_LENGTH } from '../wire/encode.js';
import { MessageId } from '../wire/message-id.js';
import type { BlockRef } from '../wire/messages.js';
import type { PieceLayout } from './piece-layout.js';

/** BEP 3 request granularity; blocks on this grid get the header stored in their slot. */
export const BLOCK = 16384;

/** Where a request lies: the pool key of its chunk, the chunk's start in the piece and its length. */
export interface Location {
  key: number;
  start: number;
  length: number;
}

/** Bytes of one block's whole `piece` message in a slot: header, then the block. */
export const FRAME = PIECE_HEADER_LENGTH + BLOCK;

/**
 * Fill `loc` for `ref` (chunks of `chunkBytes`); false unless it is a whole block on the 16 KiB
 * grid (every request clients send; others take the fresh-buffer path).
 */
export function locate(layout: PieceLayout, chunkBytes: number, ref: BlockRef, loc: Location): boolean {
  const chunk = Math.floor(ref.begin / chunkBytes);
  loc.start = chunk * chunkBytes;
  loc.length = Math.min(chunkBytes, layout.wireSize(ref.index) - loc.start);
  loc.key = ref.index * Math.ceil(layout.pieceLength / chunkBytes) + chunk;
  const at = ref.begin - loc.start;
  return at % BLOCK === 0 && at < loc.length && ref.length === Math.min(BLOCK, loc.length - at);
}

/**
 * Lay out `length` wire bytes of piece `index` from `start` in `out` as whole BEP 3 `piece`
 * messages, one per 16 KiB block: [header, block] after [header, block]. One read puts the
 * data after the room the headers need, then each block moves down by the headers before it
 * (front to back, so no block overwrites one not yet moved). v2: zeros past a file's end.
 */
export async function fillSlot(storage: Storage, layout: PieceLayout, index: number, start: number, length: number, out: Uint8Array): Promise<void> {
  const blocks = Math.ceil(length / BLOCK);
  const data = blocks * PIECE_HEADER_LENGTH;
  const real = Math.max(0, Math.min(length, layout.size(index) - start));
  const offset = layout.offset(index) + start;
  if (real > 0) {
    if (storage.readInto) await storage.readInto(offset, out.subarray(data, data + real));
    else out.set(await storage.read(offset, real), data);
  }
  if (real < length) out.fill(0, data + real, data + length);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let k = 0; k < blocks; k++) {
    const size = Math.min(BLOCK, length - k * BLOCK);
    const h = k * FRAME;
    const src = data + k * BLOCK;
    if (src !== h + PIECE_HEADER_LENGTH) out.copyWithin(h + PIECE_HEADER_LENGTH, src, src + size);
    view.setUint32(h, 9 + size);
    out[h + 4] = MessageId.Piece;
    view.setUint32(h + 5, index);
    view.setUint32(h + 9, start + k * BLOCK);
  }
}
