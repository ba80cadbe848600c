/**
 * @module tunnel/secure-connection.fuzz.test — mutation fuzzing of encrypted tunnel records.
 * One frame of an honest stream (DATA, WINDOW or FIN records) is mutated on the wire: a bit
 * flip, a changed type or length byte, a truncation, extra bytes, a duplicate or a drop. The
 * reader must never deliver a byte that was not sent: it gets a prefix of the data and then a
 * TunnelError (DECRYPT_FAILED, PROTOCOL_ERROR or TRUNCATED), and it never hangs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecureConnection } from './secure-connection.js';
import { memoryWebSocketPair, tunnelKeyPair } from './memory-websocket.test-support.js';
import { SocketPort } from './websocket.js';


type Mutation = { kind: 'flip' | 'type' | 'length' | 'truncate' | 'extend' | 'duplicate' | 'drop'; at: number; value: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip', 'type', 'length', 'truncate', 'extend', 'duplicate', 'drop'),
  at: fc.nat(),
  value: fc.integer({ min: 1, max: 255 }),
});

function mutate(f: Uint8Array, m: Mutation): Uint8Array[] {
  const at = m.at % Math.max(1, f.length);
  switch (m.kind) {
    case 'flip':
      f[at]! ^= 1 << (m.value % 8);
      return [f];
    case 'type':
      f[0]! ^= m.value;
      return [f];
    case 'length':
      f[1 + (m.at % 3)]! ^= m.value;
      return [f];
    case 'truncate':
      return [f.subarray(0, at)];
    case 'extend':
      return [new Uint8Array([...f, ...new Uint8Array(m.value).fill(m.value)])];
    case 'duplicate':
      return [f, f.slice()];
    case 'drop':
      return [];
  }
}

const OK_CODES = ['DECRYPT_FAILED', 'PROTOCOL_ERROR', 'TRUNCATED'];

describe('SecureConnection under mutated records', () => {
  it('delivers only a prefix of what was sent, then a typed error; never garbage, never a hang', async () => {
    const [ka, kb] = await tunnelKeyPair();
    let runs = 0;
    let failed = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200_000 }), fc.nat(), mutation, async (size, frameSeed, m) => {
        const [sa, sb] = memoryWebSocketPair();
        // Fresh connections per case (the keys' nonces restart at zero with each connection).
        const a = new SecureConnection(new SocketPort(sa), ka, 'b');
        const b = new SecureConnection(new SocketPort(sb), kb, 'a');
        const data = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
        // WINDOW, then the DATA records (one full record per frame here); FIN usually rides with the last.
        const frames = 1 + Math.ceil(size / 65536);
        const target = frameSeed % frames;
        sa.rewrite = (f, n) => (n === target ? mutate(f, m) : [f]);
        void a.write(data).then(() => a.close(), () => undefined);
        const got: number[] = [];
        let error: unknown = null;
        let timer: NodeJS.Timeout | undefined;
        const read = (async () => {
          for await (const chunk of b.readable) got.push(...chunk);
        })().catch((e: unknown) => (error = e));
        const hung = await Promise.race([read.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 5000)))]);
        clearTimeout(timer);
        a.close();
        b.close();
        expect(hung).toBe(false);
        // Never a byte that was not sent.
        expect(got.length).toBeLessThanOrEqual(data.length);
        for (let i = 0; i < got.length; i++) if (got[i] !== data[i]) expect.fail(`byte ${i} differs from what was sent`);
        runs++;
        if (error !== null) failed++;
        if (error === null) {
          // A clean end is only possible when the mutation missed every frame (target past the last).
          expect(got.length).toBe(data.length);
        } else {
          expect((error as { name?: string }).name).toBe('TunnelError');
          expect(OK_CODES).toContain((error as { code?: string }).code);
        }
      }),
      { numRuns: Number(process.env.TUNNEL_FUZZ_RUNS ?? 150) },
    );
    // Most cases hit a real frame (the rest aimed past the last one): the check is exercised.
    expect(failed).toBeGreaterThan(runs / 2);
  }, 120_000);
});
