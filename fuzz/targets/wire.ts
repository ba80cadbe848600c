/**
 * @module fuzz/targets/wire — the peer wire stream: FrameDecoder (handshake, length prefixes,
 * bodies, split at random offsets) feeding a PeerSession state machine. Every byte stream ends
 * in messages or a WireProtocolError; the decoder never buffers more than one frame, whose
 * length is bounded by maxFrameLength before any allocation.
 */
import fc from 'fast-check';
import { encodeMessage } from '../../packages/core/src/wire/encode.js';
import { FrameDecoder } from '../../packages/core/src/wire/frame-decoder.js';
import { encodeHandshake, makeReserved } from '../../packages/core/src/wire/handshake.js';
import type { WireMessage } from '../../packages/core/src/wire/messages.js';
import { PeerSession } from '../../packages/core/src/wire/peer-session.js';
import { Rng } from '../engine.js';
import { expectTyped, utf8, type FuzzTarget } from '../target.js';

const INFO_HASH = new Uint8Array(20).fill(0xab);
const geometry = { pieceCount: 20, pieceLength: 32768, totalLength: 19 * 32768 + 100 };

const idx = fc.integer({ min: 0, max: 22 });
const ref = fc.record({ index: idx, begin: fc.constantFrom(0, 16384), length: fc.constantFrom(1, 100, 16384) });
const message: fc.Arbitrary<WireMessage> = fc.oneof(
  fc.constantFrom<WireMessage>({ type: 'keep-alive' }, { type: 'choke' }, { type: 'unchoke' }, { type: 'interested' }, { type: 'not-interested' }, { type: 'have-all' }, { type: 'have-none' }),
  idx.map((index): WireMessage => ({ type: 'have', index })),
  idx.map((index): WireMessage => ({ type: 'allowed-fast', index })),
  fc.constant<WireMessage>({ type: 'bitfield', bits: Uint8Array.of(0xff, 0x0f, 0xf0) }),
  ref.map((r): WireMessage => ({ type: 'request', ...r })),
  ref.map((r): WireMessage => ({ type: 'cancel', ...r })),
  ref.map((r): WireMessage => ({ type: 'reject', ...r })),
  ref.map((r): WireMessage => ({ type: 'piece', index: r.index, begin: r.begin, block: new Uint8Array(Math.min(r.length, 200)) })),
  fc.constantFrom('d1:md11:ut_metadatai1e6:ut_pexi2ee4:reqqi50ee', 'd8:msg_typei0e5:piecei0ee', 'd8:msg_typei1e5:piecei0e10:total_sizei99ee').map(
    (s): WireMessage => ({ type: 'extended', extId: s.startsWith('d1:m') ? 0 : 1, payload: utf8(s) }),
  ),
);

function stream(msgs: WireMessage[]): Uint8Array {
  const parts = [encodeHandshake({ reserved: makeReserved({ fast: true, extended: true }), infoHash: INFO_HASH, peerId: utf8('-XX0001-abcdefghijkl') }), ...msgs.map(encodeMessage)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The wire target. The first input byte seeds the chunking; the rest is the byte stream. */
export const wireTarget: FuzzTarget = {
  name: 'wire',
  seeds() {
    const gen = fc.sample(fc.array(message, { maxLength: 12 }), { numRuns: 300, seed: 11 });
    return gen.map((msgs, i) => {
      const s = stream(msgs);
      const out = new Uint8Array(s.length + 1);
      out[0] = i & 0xff;
      out.set(s, 1);
      return out;
    });
  },
  run(input, codes) {
    if (input.length === 0) return false;
    const rng = new Rng(input[0]! + 1);
    const bytes = input.subarray(1);
    const knowGeometry = (input[0]! & 1) === 0;
    const decoder = new FrameDecoder({ infoHashes: [INFO_HASH], ...(knowGeometry ? { geometry } : {}) });
    const session = new PeerSession(knowGeometry ? { geometry } : {});
    return expectTyped(() => {
      let o = 0;
      while (o < bytes.length) {
        const n = 1 + rng.below(Math.min(bytes.length - o, 300));
        for (const msg of decoder.push(bytes.subarray(o, o + n))) {
          session.receive(msg, o);
          if (msg.type === 'piece' || msg.type === 'request') session.unchoke();
        }
        session.flush(o);
        o += n;
      }
    }, ['WireProtocolError'], codes);
  },
};
