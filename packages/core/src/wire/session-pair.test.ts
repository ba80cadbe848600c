/** @module wire/session-pair.test — tests. */
/**
 * Two PeerSessions talking through the real codec and FrameDecoder (the three layers wired
 * together the way a swarm does), with writes re-chunked at odd sizes.
 */
import { describe, expect, it } from 'vitest';
import { Bitfield } from '../bitfield/index.js';
import { encodeMessage } from './encode.js';
import { FrameDecoder } from './frame-decoder.js';
import type { TorrentGeometry } from './limits.js';
import { PeerSession } from './peer-session.js';
import type { SessionEvent } from './session-types.js';
import { encodeUtMetadata, METADATA_PIECE_LENGTH, metadataPieceCount, UT_METADATA } from './ut-metadata.js';

const BLOCK = 16384;
const infoHash = new Uint8Array(20).fill(0xaa);
const content = Uint8Array.from({ length: 3 * 32768 - 5000 }, (_, i) => (i * 131 + 7) & 0xff);
const geometry: TorrentGeometry = { pieceCount: 3, pieceLength: 32768, totalLength: content.length };
const metadata = Uint8Array.from({ length: 40000 }, (_, i) => (i * 17) & 0xff);

interface End {
  session: PeerSession;
  decoder: FrameDecoder;
}

/** Move everything `from` queued to `to`, in chunks of `chunk` bytes; return `to`'s events. */
function pump(from: End, to: End, chunk: number): SessionEvent[] {
  const frames = from.session.flush(0).map(encodeMessage);
  const bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let o = 0;
  for (const f of frames) {
    bytes.set(f, o);
    o += f.length;
  }
  const events: SessionEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const msg of to.decoder.push(bytes.subarray(i, i + chunk))) events.push(...to.session.receive(msg, 0));
  }
  return events;
}

function end(g: TorrentGeometry | undefined, peerId: number): End {
  const session = new PeerSession(g ? { geometry: g } : {});
  session.sendHandshake(infoHash, new Uint8Array(20).fill(peerId));
  return { session, decoder: new FrameDecoder({ infoHashes: [infoHash], ...(g ? { geometry: g } : {}) }) };
}

describe('two sessions over the codec', () => {
  it('a leecher downloads every block from a seeder (BEP 3 + 6 + 10)', () => {
    const seeder = end(geometry, 1);
    const leecher = end(geometry, 2);
    const got = new Uint8Array(content.length);
    let received = 0;
    const onSeeder = (evs: SessionEvent[]): void => {
      for (const ev of evs) {
        if (ev.type === 'handshake') {
          seeder.session.sendExtensionHandshake({ v: 'seed' });
          seeder.session.sendPieces(Bitfield.full(geometry.pieceCount));
        }
        if (ev.type === 'interest-changed' && ev.peerInterested) seeder.session.unchoke();
        if (ev.type === 'request') {
          const at = ev.index * geometry.pieceLength + ev.begin;
          expect(seeder.session.sendPiece(ev.index, ev.begin, content.subarray(at, at + ev.length))).toBe(true);
        }
      }
    };
    const onLeecher = (evs: SessionEvent[]): void => {
      for (const ev of evs) {
        if (ev.type === 'bitfield') {
          expect(ev.all).toBe(true); // BEP 6 have-all, since both sides are fast
          leecher.session.interested();
        }
        if (ev.type === 'choke-changed' && !ev.peerChoking) {
          for (let p = 0; p < geometry.pieceCount; p++) {
            const len = p === 2 ? content.length - 2 * geometry.pieceLength : geometry.pieceLength;
            for (let b = 0; b < len; b += BLOCK) {
              expect(leecher.session.request({ index: p, begin: b, length: Math.min(BLOCK, len - b) }, 0)).toBe(true);
            }
          }
        }
        if (ev.type === 'block') {
          got.set(ev.block, ev.index * geometry.pieceLength + ev.begin);
          received += ev.block.length;
        }
        expect(ev.type).not.toBe('unrequested-block');
      }
    };
    for (let round = 0; round < 6; round++) {
      onSeeder(pump(leecher, seeder, 1 + ((round * 977) % 5000)));
      onLeecher(pump(seeder, leecher, 3 + ((round * 1231) % 7000)));
    }
    expect(received).toBe(content.length);
    expect(Buffer.from(got).equals(Buffer.from(content))).toBe(true);
    expect(leecher.session.peerPieces?.hasAll()).toBe(true);
    expect(leecher.session.remoteExtensions?.v).toBe('seed');
    expect(leecher.session.ownRequests()).toEqual([]);
  });

  it('a magnet leecher fetches metadata over ut_metadata, then validates the bitfield (BEP 9)', () => {
    const seeder = end(geometry, 1);
    const leecher = end(undefined, 2);
    const pieces: Uint8Array[] = [];
    const onSeeder = (evs: SessionEvent[]): void => {
      for (const ev of evs) {
        if (ev.type === 'handshake') {
          seeder.session.sendExtensionHandshake({ metadataSize: metadata.length });
          seeder.session.sendPieces(Bitfield.fromBytes(new Uint8Array([0xa0]), 3));
        }
        if (ev.type === 'metadata' && ev.message.msgType === 'request') {
          const at = ev.message.piece * METADATA_PIECE_LENGTH;
          const data = metadata.subarray(at, at + METADATA_PIECE_LENGTH);
          const payload = encodeUtMetadata({ msgType: 'data', piece: ev.message.piece, totalSize: metadata.length, data });
          expect(seeder.session.sendExtended(UT_METADATA, payload)).toBe(true);
        }
      }
    };
    const onLeecher = (evs: SessionEvent[]): void => {
      for (const ev of evs) {
        if (ev.type === 'handshake') leecher.session.sendExtensionHandshake();
        if (ev.type === 'bitfield') expect(ev.bitfield).toBeNull(); // piece count unknown yet
        if (ev.type === 'extension-handshake') {
          for (let p = 0; p < metadataPieceCount(ev.handshake.metadataSize ?? 0); p++) {
            leecher.session.sendExtended(UT_METADATA, encodeUtMetadata({ msgType: 'request', piece: p }));
          }
        }
        if (ev.type === 'metadata' && ev.message.msgType === 'data') pieces[ev.message.piece] = ev.message.data.slice();
      }
    };
    for (let round = 0; round < 4; round++) {
      onSeeder(pump(leecher, seeder, 7 + round * 1000));
      onLeecher(pump(seeder, leecher, 11 + round * 333));
    }
    const joined = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    pieces.reduce((o, p) => (joined.set(p, o), o + p.length), 0);
    expect(Buffer.from(joined).equals(Buffer.from(metadata))).toBe(true);
    leecher.session.setGeometry(geometry);
    leecher.decoder.setGeometry(geometry);
    expect(leecher.session.peerPieces?.toArray()).toEqual([0, 2]);
  });
});
