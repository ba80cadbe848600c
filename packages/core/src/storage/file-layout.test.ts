import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StorageFile } from './storage.js';
import { createFileLayout } from './file-layout.js';
import { createMemoryStorage } from './memory-storage.js';

/** Random layouts: files with gaps (v2 alignment) and pads, plus random writes and reads. */
const scenario = fc
  .array(fc.record({ gap: fc.nat(300), length: fc.nat(2000), pad: fc.boolean() }), { minLength: 1, maxLength: 8 })
  .chain((specs) => {
    let offset = 0;
    const files: StorageFile[] = specs.map((s, i) => {
      offset += s.gap;
      const f: StorageFile = { path: [`f${i}`], length: s.length, offset, ...(s.pad ? { pad: true } : {}) };
      offset += s.length;
      return f;
    });
    const total = Math.max(1, offset);
    const range = fc.nat(total - 1).chain((from) => fc.record({ from: fc.constant(from), length: fc.nat(total - from) }));
    return fc.record({
      files: fc.constant(files),
      writes: fc.array(fc.record({ r: range, seed: fc.nat(255) }), { maxLength: 10 }),
      reads: fc.array(range, { minLength: 1, maxLength: 5 }),
    });
  });

describe('file layout', () => {
  it('segments cover exactly the non-pad file bytes of a range, in order', () => {
    fc.assert(
      fc.property(scenario, ({ files, reads }) => {
        const layout = createFileLayout(files);
        for (const { from, length } of reads) {
          if (from + length > layout.totalLength) continue;
          const covered = new Uint8Array(length);
          let last = -1;
          for (const seg of layout.segments(from, length)) {
            const f = files[seg.fileIndex]!;
            expect(f.pad).toBeFalsy();
            expect(seg.bufferOffset).toBeGreaterThan(last);
            last = seg.bufferOffset;
            expect(f.offset + seg.fileOffset).toBe(from + seg.bufferOffset);
            expect(seg.fileOffset + seg.length).toBeLessThanOrEqual(f.length);
            for (let k = 0; k < seg.length; k++) covered[seg.bufferOffset + k]! += 1;
          }
          // One assertion per read, not per byte (per-byte expects made this test take ~10 s).
          const wrong: number[] = [];
          for (let k = 0; k < length; k++) {
            const pos = from + k;
            const inFile = files.some((f) => !f.pad && pos >= f.offset && pos < f.offset + f.length);
            if (covered[k] !== (inFile ? 1 : 0)) wrong.push(pos);
          }
          expect(wrong).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('memory storage matches a flat model where pads and gaps stay zero', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ files, writes, reads }) => {
        const layout = createFileLayout(files);
        const model = new Uint8Array(layout.totalLength);
        const real = (pos: number): boolean => files.some((f) => !f.pad && pos >= f.offset && pos < f.offset + f.length);
        const s = await createMemoryStorage()(files);
        for (const { r, seed } of writes) {
          if (r.from + r.length > layout.totalLength) continue;
          const data = new Uint8Array(r.length).map((_, k) => (seed + k * 7) & 255 || 1);
          await s.write(r.from, data);
          for (let k = 0; k < r.length; k++) if (real(r.from + k)) model[r.from + k] = data[k]!;
        }
        for (const { from, length } of reads) {
          if (from + length > layout.totalLength) continue;
          expect(await s.read(from, length)).toEqual(model.subarray(from, from + length));
        }
      }),
      { numRuns: 150 },
    );
  });
});
