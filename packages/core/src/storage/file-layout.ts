/**
 * @module storage/file-layout — maps a range of the torrent's byte space onto file segments.
 * Shared by every Storage implementation so they agree on spanning, pads (BEP 47) and the gaps
 * between pure-v2 files (BEP 52 aligns each file to a piece boundary).
 */
import type { StorageFile } from './storage.js';
import { StorageError } from './errors.js';

/** One contiguous part of a read or write that lands in a single file. */
export interface FileSegment {
  /** Index into the file list given to {@link createFileLayout}. */
  readonly fileIndex: number;
  /** Offset inside that file. */
  readonly fileOffset: number;
  /** Offset inside the caller's buffer. */
  readonly bufferOffset: number;
  readonly length: number;
}

/** The validated placement of a torrent's files. */
export interface FileLayout {
  readonly files: readonly StorageFile[];
  /** End of the last file: the size of the torrent byte space. */
  readonly totalLength: number;
  /**
   * Segments of `[offset, offset + length)` that fall into files, in order. Bytes in pad files
   * and in gaps between files have no segment: they read as zeros and writes to them are dropped.
   * Throws `STORAGE_OUT_OF_RANGE` when the range leaves the byte space.
   */
  segments(offset: number, length: number): FileSegment[];
}

/**
 * Validates `files` (non-negative integer lengths and offsets, no overlaps) and builds the lookup.
 * Files may come in any order; lookups binary-search the files sorted by offset.
 */
export function createFileLayout(files: readonly StorageFile[]): FileLayout {
  const order: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    if (!Number.isSafeInteger(f.length) || f.length < 0 || !Number.isSafeInteger(f.offset) || f.offset < 0) {
      throw new StorageError('STORAGE_BAD_LAYOUT', `file ${i} has an invalid offset or length`);
    }
    if (f.length > 0) order.push(i);
  }
  order.sort((a, b) => files[a]!.offset - files[b]!.offset);
  let totalLength = 0;
  for (const i of order) {
    const f = files[i]!;
    if (f.offset < totalLength) throw new StorageError('STORAGE_BAD_LAYOUT', `file ${i} overlaps the previous file`);
    totalLength = f.offset + f.length;
  }
  for (const f of files) totalLength = Math.max(totalLength, f.offset + f.length);
  const starts = order.map((i) => files[i]!.offset);

  return {
    files,
    totalLength,
    segments(offset, length) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > totalLength) {
        throw new StorageError('STORAGE_OUT_OF_RANGE', `range ${offset}+${length} is outside 0..${totalLength}`);
      }
      const out: FileSegment[] = [];
      const end = offset + length;
      // Last file starting at or before `offset` (it may end before it: then the range starts in a gap).
      let lo = 0;
      let hi = starts.length - 1;
      let k = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= offset) { k = mid; lo = mid + 1; } else hi = mid - 1;
      }
      for (; k < order.length; k++) {
        const fileIndex = order[k]!;
        const f = files[fileIndex]!;
        if (f.offset >= end) break;
        const from = Math.max(offset, f.offset);
        const to = Math.min(end, f.offset + f.length);
        if (to <= from || f.pad) continue;
        out.push({ fileIndex, fileOffset: from - f.offset, bufferOffset: from - offset, length: to - from });
      }
      return out;
    },
  };
}
