/** @module wire/peer-session.fuzz.test — tests. */
/** Property: any sequence of well-formed messages yields events or a WireProtocolError, nothing else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeReserved } from './handshake.js';
import type { WireMessage } from './messages.js';
import { PeerSession } from './peer-session.js';

const geometry = { pieceCount: 20, pieceLength: 32768, totalLength: 19 * 32768 + 1 };
const idx = fc.integer({ min: 0, max: 25 });
const ref = fc.record({ index: idx, begin: fc.constantFrom(0, 16384, 32768), length: fc.constantFrom(1, 16384, 16385) });
const message: fc.Arbitrary<WireMessage> = fc.oneof(
  fc.constantFrom<WireMessage>(
    { type: 'keep-alive' },
    { type: 'choke' },
    { type: 'unchoke' },
    { type: 'interested' },
    { type: 'not-interested' },
    { type: 'have-all' },
    { type: 'have-none' },
  ),
  idx.map((index): WireMessage => ({ type: 'have', index })),
  idx.map((index): WireMessage => ({ type: 'allowed-fast', index })),
  idx.map((index): WireMessage => ({ type: 'suggest', index })),
  fc.uint8Array({ maxLength: 4 }).map((bits): WireMessage => ({ type: 'bitfield', bits })),
  ref.map((r): WireMessage => ({ type: 'request', ...r })),
  ref.map((r): WireMessage => ({ type: 'cancel', ...r })),
  ref.map((r): WireMessage => ({ type: 'reject', ...r })),
  ref.map((r): WireMessage => ({ type: 'piece', index: r.index, begin: r.begin, block: new Uint8Array(r.length) })),
  fc.record({ extId: fc.integer({ min: 0, max: 3 }), payload: fc.uint8Array({ maxLength: 40 }) }).map((e): WireMessage => ({ type: 'extended', ...e })),
  fc.constantFrom('d1:md11:ut_metadatai1eee', 'd8:msg_typei0e5:piecei0ee', 'd5:added6:\x01\x02\x03\x04\x05\x06e').map(
    (s): WireMessage => ({ type: 'extended', extId: s.startsWith('d1:m') ? 0 : s.includes('added') ? 2 : 1, payload: new Uint8Array(Buffer.from(s, 'latin1')) }),
  ),
);

describe('PeerSession fuzz', () => {
  it('never throws anything but a WireProtocolError', () => {
    fc.assert(
      fc.property(
        fc.record({ fast: fc.boolean(), extended: fc.boolean() }),
        fc.boolean(),
        fc.array(fc.oneof(message, fc.constantFrom('choke', 'unchoke', 'request', 'geometry')), { maxLength: 40 }),
        (flags, knowGeometry, steps) => {
          const s = new PeerSession(knowGeometry ? { geometry } : {});
          s.receive({ type: 'handshake', reserved: makeReserved(flags), infoHash: new Uint8Array(20), peerId: new Uint8Array(20) }, 0);
          try {
            for (const step of steps) {
              if (step === 'choke') s.choke();
              else if (step === 'unchoke') s.unchoke();
              else if (step === 'request') s.request({ index: 1, begin: 0, length: 16384 }, 0);
              else if (step === 'geometry') s.setGeometry(geometry);
              else for (const ev of s.receive(step, 1)) expect(typeof ev.type).toBe('string');
              s.flush(1);
            }
          } catch (err) {
            if ((err as Error).name !== 'WireProtocolError') throw err;
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
