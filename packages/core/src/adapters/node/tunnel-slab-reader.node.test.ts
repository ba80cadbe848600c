/**
 * @module adapters/node/tunnel-slab-reader.node.test — a slab is handed out again only after every slice of it was
 * released; a real accepted socket reads into slabs, byte-identical, and reuses them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SLAB_BYTES, SlabReader, readIntoSlabs } from './tunnel-slab-reader.js';

const QUARTER = SLAB_BYTES / 4;

/** Simulates `n` reads of `size` bytes; returns the chunks (each retained once). */
function readN(slabs: SlabReader, n: number, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    slabs.next();
    out.push(slabs.read(size));
  }
  return out;
}

describe('SlabReader', () => {
  it('does not reuse a slab while any slice of it is held, and reuses it once all are released', () => {
    const slabs = new SlabReader();
    const first = readN(slabs, 16, QUARTER); // fills four slabs
    const held = first[3]!.subarray(100, 200);
    slabs.retain(held); // e.g. a frame piece waiting for its write
    for (const c of first) slabs.release(c);
    const second = readN(slabs, 16, QUARTER); // retires the first slab: still held
    expect(second.every((c) => c.buffer !== first[0]!.buffer)).toBe(true);
    for (const c of second) slabs.release(c);
    slabs.release(held);
    const third = readN(slabs, 17, QUARTER);
    expect(third.some((c) => c.buffer === first[0]!.buffer)).toBe(true); // reused after the last release
  });

  it('a partly filled slab is not reused under its current reader; short reads continue in it', () => {
    const slabs = new SlabReader();
    const a = readN(slabs, 3, 1000);
    expect(a[1]!.byteOffset).toBe(a[0]!.byteOffset + 1000);
    expect(a[2]!.buffer).toBe(a[0]!.buffer);
  });

  it('an accepted socket reads into slabs: 64 MiB byte-identical, slabs reused', async () => {
    const total = 64 * 1024 * 1024;
    const block = randomBytes(1024 * 1024);
    const buffers = new Set<ArrayBufferLike>();
    const done = new Promise<{ bytes: number; sha: string }>((resolve, reject) => {
      const server = createServer((sock: Socket) => {
        const slabs = new SlabReader();
        const hash = createHash('sha256');
        let bytes = 0;
        const installed = readIntoSlabs(sock, slabs, (chunk) => {
          buffers.add(chunk.buffer);
          hash.update(chunk);
          bytes += chunk.length;
          slabs.release(chunk);
        });
        if (!installed) reject(new Error('not installed'));
        sock.on('end', () => {
          server.close();
          resolve({ bytes, sha: hash.digest('hex') });
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const c = connect((server.address() as { port: number }).port, '127.0.0.1', async () => {
          for (let i = 0; i < total / block.length; i++) if (!c.write(block)) await new Promise((r) => c.once('drain', r));
          c.end();
        });
      });
    });
    const expected = createHash('sha256');
    for (let i = 0; i < total / block.length; i++) expected.update(block);
    const got = await done;
    expect(got.bytes).toBe(total);
    expect(got.sha).toBe(expected.digest('hex'));
    expect(buffers.size).toBeLessThanOrEqual(3); // 256 slabs' worth of reads through a few slabs
  });
});
