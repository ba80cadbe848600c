/**
 * @module picker/file-priority — per-file selection mapped onto pieces. A piece is as important
 * as the most important file it overlaps: a piece shared by a skipped and a selected file must
 * still be downloaded, or the selected file cannot be completed. Pad files (BEP 47) never count.
 */
import type { PickerFile } from './types.js';

/**
 * Piece priorities (0 = skip, 1 = normal, higher first; clamped to 0..255) for per-file
 * `priorities` (same order as `files`; missing entries count as 1).
 * `pieceOffset(i)` gives piece i's start in the byte space (default `i * pieceLength`).
 */
export function piecePrioritiesFromFiles(
  files: readonly PickerFile[],
  priorities: readonly number[],
  pieceCount: number,
  pieceLength: number,
): Uint8Array {
  const out = new Uint8Array(pieceCount);
  files.forEach((f, i) => {
    if (f.pad || f.length === 0) return;
    const p = Math.max(0, Math.min(255, Math.floor(priorities[i] ?? 1)));
    if (p === 0) return;
    const first = Math.floor(f.offset / pieceLength);
    const last = Math.min(pieceCount - 1, Math.floor((f.offset + f.length - 1) / pieceLength));
    for (let k = first; k <= last; k++) if (out[k]! < p) out[k] = p;
  });
  return out;
}
