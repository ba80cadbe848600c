/** @module storage/storage — where piece data lives (files on disk, OPFS, memory). */

/**
 * One file of a torrent, placed in the torrent's byte space. For v1/hybrid the files sit back to
 * back in info-dict order (BEP 47 pad files included, marked `pad` and never written); for pure
 * v2 each file starts at a piece boundary (BEP 52).
 */
export interface StorageFile {
  /** Sanitised path components, relative to the download root (never `..`, never absolute). */
  readonly path: readonly string[];
  readonly length: number;
  /** Offset of the file's first byte in the torrent byte space. */
  readonly offset: number;
  /** BEP 47 padding: reads as zeros, writes are dropped. */
  readonly pad?: boolean;
}

/**
 * Positional byte storage addressed in the torrent's byte space. Reads and writes may span file
 * boundaries. Implementations never buffer whole files, and bound their open handles.
 */
export interface Storage {
  /** Reads exactly `length` bytes at `offset`; missing data reads as zeros. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: reads `out.length` bytes at `offset` into the caller's buffer (missing data reads
   * as zeros), so a loop reading a whole torrent (the resume check) reuses one buffer instead of
   * leaving a fresh one per piece for the GC.
   */
  readInto?(offset: number, out: Uint8Array): Promise<void>;
  write(offset: number, data: Uint8Array): Promise<void>;
  /** Makes written data durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Creates storage for a torrent's files under an adapter-specific root. */
export type StorageFactory = (files: readonly StorageFile[]) => Promise<Storage>;
