/**
 * @module tests/web/lib/blob-storage-entry — page bundle: reads through core's blob storage
 * (picked files as Blobs) with and without its read worker, exposed as
 * `window.runBlobStorageCheck()`; returns one line per mismatch (empty when all reads agree).
 */
import { createBlobStorage } from '../../../packages/core/src/adapters/browser/blob-storage.js';
import type { StorageFile } from '../../../packages/core/src/storage/storage.js';

async function check(): Promise<string[]> {
  const problems: string[] = [];
  // Three files and a BEP 47 pad file between the first two (the pad reads as zeros).
  const sizes = [300_001, 65_536, 1_000_000];
  const blobsBytes = sizes.map((n) => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i += 65_536) crypto.getRandomValues(b.subarray(i, Math.min(n, i + 65_536)));
    return b;
  });
  const pad = 93_215;
  const files: StorageFile[] = [
    { path: ['a.bin'], length: sizes[0]!, offset: 0 },
    { path: ['.pad', String(pad)], length: pad, offset: sizes[0]!, pad: true },
    { path: ['b.bin'], length: sizes[1]!, offset: sizes[0]! + pad },
    { path: ['c.bin'], length: sizes[2]!, offset: sizes[0]! + pad + sizes[1]! },
  ];
  const total = sizes[0]! + pad + sizes[1]! + sizes[2]!;
  const expected = new Uint8Array(total);
  expected.set(blobsBytes[0]!, 0);
  expected.set(blobsBytes[1]!, files[2]!.offset);
  expected.set(blobsBytes[2]!, files[3]!.offset);
  const sources = ['a.bin', 'b.bin', 'c.bin'].map((name, i) => ({ path: [name], blob: new Blob([blobsBytes[i]!]) }));
  const ranges: Array<[number, number]> = [
    [0, 16_384], // inside one file (the worker's buffer is returned as is)
    [290_000, 200_000], // a.bin, the pad, b.bin, c.bin
    [sizes[0]! + 10, 1000], // inside the pad: zeros
    [files[3]!.offset + 999_000, 1000], // the last bytes
    [0, total], // everything
  ];
  for (const worker of [true, false]) {
    const storage = await createBlobStorage(sources, { worker })(files);
    // Concurrent reads, as an upload server issues them.
    const got = await Promise.all(ranges.map(([o, n]) => storage.read(o, n)));
    got.forEach((bytes, i) => {
      const [o, n] = ranges[i]!;
      const want = expected.subarray(o, o + n);
      if (bytes.length !== n) problems.push(`worker=${worker} ${o}+${n}: ${bytes.length} bytes`);
      else if (bytes.some((x, j) => x !== want[j])) problems.push(`worker=${worker} ${o}+${n}: bytes differ`);
    });
    // In order, one range after the other (a seeder serving one peer): the storage reads ahead
    // of this reader, and every range must still be the one asked for, the short last one too.
    const step = 65_536;
    for (let o = 0; o < total; o += step) {
      const n = Math.min(step, total - o);
      const bytes = await storage.read(o, n);
      const want = expected.subarray(o, o + n);
      if (bytes.length !== n) problems.push(`worker=${worker} in order ${o}+${n}: ${bytes.length} bytes`);
      else if (bytes.some((x, j) => x !== want[j])) problems.push(`worker=${worker} in order ${o}+${n}: bytes differ`);
    }
    // Backwards after the run: no range read ahead may stand in for another.
    for (let o = total - step; o >= 0; o -= 3 * step) {
      const bytes = await storage.read(o, step);
      if (bytes.some((x, j) => x !== expected[o + j])) problems.push(`worker=${worker} backwards ${o}: bytes differ`);
    }
    await storage.close();
    const after = await storage.read(0, 10).then(
      () => 'resolved',
      (err: { code?: string }) => err.code ?? 'no code',
    );
    if (after !== 'STORAGE_CLOSED') problems.push(`worker=${worker} read after close: ${after}`);
  }
  return problems;
}

(globalThis as unknown as { runBlobStorageCheck: typeof check }).runBlobStorageCheck = check;
