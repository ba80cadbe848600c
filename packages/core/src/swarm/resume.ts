/**
 * @module swarm/resume — finds the pieces already present and valid in storage at start.
 *
 * Pieces that touch a file that is missing or shorter than the piece needs are skipped without
 * reading (the fast path for a fresh download); the others are read and hashed through the
 * verifier (the hash pool), a few at a time so memory stays at a handful of pieces.
 */
import type { Bitfield } from '../bitfield/bitfield.js';
import type { Storage, StorageFile } from '../storage/storage.js';
import type { PieceLayout } from './piece-layout.js';
import type { PieceVerifier } from './piece-verifier.js';

/** Returns the current on-disk length of a file (0 when missing). */
export type FileProbe = (file: StorageFile) => Promise<number>;

/** Pieces hashed concurrently while checking. */
const CHECK_WINDOW = 4;

/** Marks valid pieces in `have`; returns how many pieces and bytes were valid. */
export async function checkExistingPieces(opts: {
  layout: PieceLayout;
  files: readonly StorageFile[];
  storage: Storage;
  verify: PieceVerifier;
  have: Bitfield;
  probe?: FileProbe;
  signal?: AbortSignal;
}): Promise<{ pieces: number; bytes: number }> {
  const { layout, files, storage, verify, have, probe, signal } = opts;
  const candidates = await candidatePieces(layout, files, probe);
  let pieces = 0;
  let bytes = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    // One buffer per worker, reused: the verifier is done with it once it resolves.
    let buf: Uint8Array | undefined;
    while (next < candidates.length) {
      if (signal?.aborted) return;
      const index = candidates[next++]!;
      const size = layout.size(index);
      let data: Uint8Array;
      if (storage.readInto) {
        if (!buf || buf.length < size) buf = new Uint8Array(Math.max(size, layout.pieceLength));
        data = buf.subarray(0, size);
        await storage.readInto(layout.offset(index), data);
      } else {
        data = await storage.read(layout.offset(index), size);
      }
      if (await verify(index, data, signal)) {
        have.set(index);
        pieces++;
        bytes += layout.size(index);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHECK_WINDOW, candidates.length) }, worker));
  return { pieces, bytes };
}

/** Pieces whose every file is present and long enough (all pieces when no probe is given). */
async function candidatePieces(layout: PieceLayout, files: readonly StorageFile[], probe?: FileProbe): Promise<number[]> {
  const ok = new Uint8Array(layout.pieceCount).fill(1);
  if (probe) {
    for (const f of files) {
      if (f.pad || f.length === 0) continue;
      const have = await probe(f);
      if (have >= f.length) continue;
      // Bytes from `have` to the end of this file are missing: their pieces cannot be valid.
      const first = Math.floor((f.offset + Math.max(0, have)) / layout.pieceLength);
      const last = Math.floor((f.offset + f.length - 1) / layout.pieceLength);
      for (let i = first; i <= last && i < layout.pieceCount; i++) ok[i] = 0;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < layout.pieceCount; i++) if (ok[i] && layout.size(i) > 0) out.push(i);
  return out;
}
