/** @module wire/peer-session.test — tests. */
import { describe, expect, it } from 'vitest';
import { Bitfield } from '../bitfield/index.js';
import { encodeExtensionHandshake } from './extension-handshake.js';
import { makeReserved } from './handshake.js';
import type { WireMessage } from './messages.js';
import { PeerSession } from './peer-session.js';
import type { PeerSessionOptions } from './session-types.js';
import { encodeUtMetadata } from './ut-metadata.js';

const geometry = { pieceCount: 10, pieceLength: 32768, totalLength: 9 * 32768 + 100 };
const id = new Uint8Array(20).fill(7);

function session(peerFlags: { fast?: boolean; extended?: boolean }, options: PeerSessionOptions = { geometry }): PeerSession {
  const s = new PeerSession(options);
  s.receive({ type: 'handshake', reserved: makeReserved(peerFlags), infoHash: id, peerId: id }, 0);
  return s;
}
const types = (msgs: WireMessage[]): string[] => msgs.map((m) => m.type);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};
const b = (index: number, begin = 0, length = 16384) => ({ index, begin, length });

describe('PeerSession choke and interest', () => {
  it('starts choked/not interested and sends transitions only on change', () => {
    const s = session({});
    expect([s.state.amChoking, s.state.amInterested, s.state.peerChoking, s.state.peerInterested]).toEqual([true, false, true, false]);
    s.interested();
    s.interested();
    s.unchoke();
    s.unchoke();
    s.notInterested();
    expect(types(s.flush(5))).toEqual(['interested', 'unchoke', 'not-interested']);
    expect(s.state.lastSentAt).toBe(5);
    expect(s.flush(6)).toEqual([]);
  });

  it('reports peer choke/interest changes, not repeats', () => {
    const s = session({});
    expect(s.receive({ type: 'unchoke' }, 1)).toEqual([{ type: 'choke-changed', peerChoking: false, dropped: [] }]);
    expect(s.receive({ type: 'unchoke' }, 2)).toEqual([]);
    expect(s.receive({ type: 'interested' }, 3)).toEqual([{ type: 'interest-changed', peerInterested: true }]);
    expect(s.state.peerInterested).toBe(true);
    expect(s.state.lastReceivedAt).toBe(3);
  });

  it('refuses messages before the handshake', () => {
    expect(codeOf(() => new PeerSession().receive({ type: 'unchoke' }, 0))).toBe('WIRE_UNEXPECTED_MESSAGE');
  });
});

describe('PeerSession our requests', () => {
  it('only requests when unchoked, records time, matches blocks', () => {
    const s = session({});
    expect(s.request(b(1), 10)).toBe(false); // choked
    s.receive({ type: 'unchoke' }, 11);
    expect(s.request(b(1), 12)).toBe(true);
    expect(s.request(b(1), 13)).toBe(false); // duplicate
    expect(s.flush(13)).toEqual([{ type: 'request', index: 1, begin: 0, length: 16384 }]);
    const block = new Uint8Array(16384);
    expect(s.receive({ type: 'piece', index: 1, begin: 0, block }, 20)).toEqual([
      { type: 'block', index: 1, begin: 0, block, requestedAt: 12 },
    ]);
    expect(s.ownRequests()).toEqual([]);
  });

  it('flags unrequested blocks, and blocks that crossed a cancel', () => {
    const s = session({});
    s.receive({ type: 'unchoke' }, 0);
    s.request(b(2), 0);
    expect(s.cancel(b(2))).toBe(true);
    expect(s.cancel(b(2))).toBe(false);
    expect(types(s.flush(0))).toEqual(['request', 'cancel']);
    const block = new Uint8Array(16384);
    expect(s.receive({ type: 'piece', index: 2, begin: 0, block }, 1)[0]).toMatchObject({ type: 'unrequested-block', reason: 'cancelled' });
    expect(s.receive({ type: 'piece', index: 3, begin: 0, block }, 1)[0]).toMatchObject({ type: 'unrequested-block', reason: 'unknown' });
    // A block of another length than requested is not the requested block.
    s.request(b(4), 2);
    expect(s.receive({ type: 'piece', index: 4, begin: 0, block: new Uint8Array(100) }, 3)[0]?.type).toBe('unrequested-block');
  });

  it('without the fast extension a choke drops our pending requests (BEP 3)', () => {
    const s = session({});
    s.receive({ type: 'unchoke' }, 0);
    s.request(b(1), 0);
    s.request(b(1, 16384), 0);
    const [ev] = s.receive({ type: 'choke' }, 1);
    expect(ev).toEqual({ type: 'choke-changed', peerChoking: true, dropped: [b(1), b(1, 16384)] });
    expect(s.ownRequests()).toEqual([]);
  });

  it('with the fast extension requests survive a choke until rejected (BEP 6)', () => {
    const s = session({ fast: true });
    s.receive({ type: 'unchoke' }, 0);
    s.request(b(1), 0);
    expect(s.receive({ type: 'choke' }, 1)).toEqual([{ type: 'choke-changed', peerChoking: true, dropped: [] }]);
    expect(s.ownRequests().length).toBe(1);
    expect(s.receive({ type: 'reject', ...b(1) }, 2)).toEqual([{ type: 'rejected', ...b(1) }]);
    expect(s.ownRequests()).toEqual([]);
  });

  it('allowed-fast pieces may be requested while choked', () => {
    const s = session({ fast: true });
    expect(s.canRequest(5)).toBe(false);
    s.receive({ type: 'allowed-fast', index: 5 }, 0);
    expect(s.canRequest(5)).toBe(true);
    expect(s.canRequest(6)).toBe(false);
  });

  it('respects the pipeline limit (min of our cap and the peer reqq)', () => {
    const s = session({ extended: true }, { geometry, limits: { maxOwnRequests: 3 } });
    s.receive({ type: 'unchoke' }, 0);
    const ok = [0, 1, 2, 3].map((i) => s.request(b(i), 0));
    expect(ok).toEqual([true, true, true, false]);
    const t = session({ extended: true });
    t.receive({ type: 'extended', extId: 0, payload: encodeExtensionHandshake({ m: new Map(), reqq: 2 }) }, 0);
    t.receive({ type: 'unchoke' }, 0);
    expect([0, 1, 2].map((i) => t.request(b(i), 0))).toEqual([true, true, false]);
  });

  it('reports timed-out requests by the caller clock', () => {
    const s = session({});
    s.receive({ type: 'unchoke' }, 0);
    s.request(b(1), 100);
    s.request(b(2), 500);
    expect(s.timedOutRequests(1000, 600)).toEqual([b(1)]);
  });

  it('refuses BEP 6 messages when the fast extension is not negotiated', () => {
    const s = session({});
    expect(codeOf(() => s.receive({ type: 'reject', ...b(1) }, 0))).toBe('WIRE_UNEXPECTED_MESSAGE');
    expect(codeOf(() => session({}).receive({ type: 'have-all' }, 0))).toBe('WIRE_UNEXPECTED_MESSAGE');
  });
});

describe('PeerSession peer requests', () => {
  it('emits requests when unchoked and serves only pending ones', () => {
    const s = session({});
    s.unchoke();
    expect(s.receive({ type: 'request', ...b(3) }, 0)).toEqual([{ type: 'request', ...b(3) }]);
    expect(s.sendPiece(3, 0, new Uint8Array(16384))).toBe(true);
    expect(s.sendPiece(3, 0, new Uint8Array(16384))).toBe(false);
    expect(types(s.flush(0))).toEqual(['unchoke', 'piece']);
  });

  it('a cancel removes the request; with BEP 6 it is answered by a reject', () => {
    const plain = session({});
    plain.unchoke();
    plain.receive({ type: 'request', ...b(3) }, 0);
    expect(plain.receive({ type: 'cancel', ...b(3) }, 0)).toEqual([{ type: 'request-cancelled', ...b(3) }]);
    expect(plain.sendPiece(3, 0, new Uint8Array(16384))).toBe(false);
    expect(types(plain.flush(0))).toEqual(['unchoke']);
    const fast = session({ fast: true });
    fast.unchoke();
    fast.receive({ type: 'request', ...b(3) }, 0);
    fast.receive({ type: 'cancel', ...b(3) }, 0);
    expect(fast.flush(0)).toEqual([{ type: 'unchoke' }, { type: 'reject', ...b(3) }]);
  });

  it('choking a fast peer rejects its pending requests except allowed-fast pieces (BEP 6)', () => {
    const s = session({ fast: true });
    s.allowFast(4);
    s.unchoke();
    s.receive({ type: 'request', ...b(3) }, 0);
    s.receive({ type: 'request', ...b(4) }, 0);
    s.flush(0);
    expect(s.choke()).toEqual([b(3)]);
    expect(s.flush(1)).toEqual([{ type: 'choke' }, { type: 'reject', ...b(3) }]);
    expect(s.sendPiece(4, 0, new Uint8Array(16384))).toBe(true);
    // While choked: a normal request is rejected, an allowed-fast one accepted.
    expect(s.receive({ type: 'request', ...b(5) }, 2)).toEqual([]);
    expect(s.receive({ type: 'request', ...b(4, 16384) }, 2)).toEqual([{ type: 'request', ...b(4, 16384) }]);
    expect(types(s.flush(2))).toEqual(['piece', 'reject']);
  });

  it('choking a peer without the fast extension drops its requests silently (BEP 3)', () => {
    const s = session({});
    s.unchoke();
    s.receive({ type: 'request', ...b(3) }, 0);
    s.flush(0);
    expect(s.choke()).toEqual([b(3)]);
    expect(s.flush(1)).toEqual([{ type: 'choke' }]);
    expect(s.receive({ type: 'request', ...b(3) }, 2)).toEqual([]);
    expect(s.flush(2)).toEqual([]);
  });

  it('rejectRequest answers with reject only under BEP 6', () => {
    const s = session({ fast: true });
    s.unchoke();
    s.receive({ type: 'request', ...b(3) }, 0);
    s.rejectRequest(b(3));
    expect(s.flush(0)).toEqual([{ type: 'unchoke' }, { type: 'reject', ...b(3) }]);
  });

  it('a request flood beyond the limit is a typed error', () => {
    const s = session({}, { geometry, limits: { maxPeerRequests: 4 } });
    s.unchoke();
    for (let i = 0; i < 4; i++) s.receive({ type: 'request', ...b(i) }, 0);
    expect(codeOf(() => s.receive({ type: 'request', ...b(5) }, 0))).toBe('WIRE_TOO_MANY_REQUESTS');
    const f = session({ fast: true }, { geometry, limits: { maxPeerRequests: 4 } });
    for (let i = 0; i < 4; i++) f.receive({ type: 'request', ...b(i) }, 0); // choked: 4 rejects queued
    expect(codeOf(() => f.receive({ type: 'request', ...b(5) }, 0))).toBe('WIRE_TOO_MANY_REQUESTS');
  });
});

describe('PeerSession piece sets', () => {
  it('tracks bitfield then haves, and refuses a second bitfield', () => {
    const s = session({});
    const bits = Bitfield.fromBytes(new Uint8Array([0x80, 0x00]), 10);
    expect(s.receive({ type: 'bitfield', bits: bits.bytes }, 0)[0]).toMatchObject({ type: 'bitfield', all: false });
    expect(s.peerHas(0)).toBe(true);
    expect(s.receive({ type: 'have', index: 9 }, 0)).toEqual([{ type: 'have', index: 9 }]);
    expect(s.receive({ type: 'have', index: 9 }, 0)).toEqual([]);
    expect(s.peerPieces?.toArray()).toEqual([0, 9]);
    expect(codeOf(() => s.receive({ type: 'bitfield', bits: bits.bytes }, 0))).toBe('WIRE_UNEXPECTED_MESSAGE');
  });

  it('defers validation until the geometry is known (magnet)', () => {
    const s = session({ fast: true }, {});
    expect(s.receive({ type: 'bitfield', bits: new Uint8Array([0xff, 0xf0]) }, 0)[0]).toMatchObject({ bitfield: null });
    s.receive({ type: 'have', index: 3 }, 0);
    expect(s.peerHas(3)).toBe(false);
    expect(codeOf(() => s.setGeometry(geometry))).toBe('WIRE_BAD_BITFIELD'); // 12 bits set, 10 pieces
    const ok = session({}, {});
    ok.receive({ type: 'bitfield', bits: new Uint8Array([0xff, 0xc0]) }, 0);
    ok.setGeometry(geometry);
    expect(ok.peerPieces?.hasAll()).toBe(true);
  });

  it('have-all / have-none and sendPieces pick the BEP 6 form', () => {
    const s = session({ fast: true });
    expect(s.receive({ type: 'have-all' }, 0)[0]).toMatchObject({ all: true });
    expect(s.peerPieces?.count()).toBe(10);
    s.sendPieces(Bitfield.full(10));
    s.sendPieces(new Bitfield(10));
    const plain = session({});
    plain.sendPieces(new Bitfield(10));
    plain.sendPieces(Bitfield.fromBytes(new Uint8Array([0x40, 0]), 10));
    expect(types(s.flush(0))).toEqual(['have-all', 'have-none']);
    expect(plain.flush(0)).toEqual([{ type: 'bitfield', bits: new Uint8Array([0x40, 0]) }]);
  });
});

describe('PeerSession extensions (BEP 10 / 9)', () => {
  it('stores the peer handshake and routes ut_metadata by our advertised id', () => {
    const s = session({ extended: true });
    s.sendExtensionHandshake({ metadataSize: 500 });
    const [ours] = s.flush(0);
    expect(ours?.type === 'extended' && Buffer.from(ours.payload).toString('latin1')).toBe(
      'd1:md11:ut_metadatai1e6:ut_pexi2ee13:metadata_sizei500e4:reqqi256ee',
    );
    const theirs = encodeExtensionHandshake({ m: new Map([['ut_metadata', 7]]), metadataSize: 20000 });
    expect(s.receive({ type: 'extended', extId: 0, payload: theirs }, 0)[0]?.type).toBe('extension-handshake');
    expect(s.remoteExtensions?.metadataSize).toBe(20000);
    expect(s.sendExtended('ut_metadata', encodeUtMetadata({ msgType: 'request', piece: 0 }))).toBe(true);
    expect(s.sendExtended('ut_pex', new Uint8Array(0))).toBe(false);
    expect(s.flush(0)[0]).toMatchObject({ type: 'extended', extId: 7 });
    const incoming = encodeUtMetadata({ msgType: 'reject', piece: 1 });
    expect(s.receive({ type: 'extended', extId: 1, payload: incoming }, 0)).toEqual([
      { type: 'metadata', message: { msgType: 'reject', piece: 1 } },
    ]);
    expect(s.receive({ type: 'extended', extId: 9, payload: incoming }, 0)[0]).toMatchObject({ type: 'extended', name: undefined });
  });

  it('refuses extended messages without BEP 10, and oversized metadata_size', () => {
    expect(codeOf(() => session({}).receive({ type: 'extended', extId: 0, payload: new Uint8Array() }, 0))).toBe(
      'WIRE_UNEXPECTED_MESSAGE',
    );
    const s = session({ extended: true }, { limits: { maxMetadataSize: 1000 } });
    const big = encodeExtensionHandshake({ m: new Map(), metadataSize: 1001 });
    expect(codeOf(() => s.receive({ type: 'extended', extId: 0, payload: big }, 0))).toBe('WIRE_METADATA_TOO_LARGE');
  });
});
