import { createHasher } from '@seedling/hasher-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hasher } from '../hash/hasher.js';
import { randomBytes } from '../testing/random.js';
import { decodeMetadataMessage, METADATA_PIECE_SIZE, MetadataMsgType } from './extension-protocol.js';
import { MetadataFetcher } from './metadata-fetcher.js';
import type { PeerConnection } from './peer-connection.js';

let hasher: Hasher;
beforeAll(async () => {
  hasher = await createHasher();
});

/** A stand-in peer that records the metadata pieces it is asked for. */
function fakePeer(metadataSize: number): { peer: PeerConnection; asked: number[] } {
  const asked: number[] = [];
  const peer = {
    closed: false,
    ext: { utMetadata: 3, metadataSize },
    sendExtended(_id: number, payload: Uint8Array): void {
      const msg = decodeMetadataMessage(payload);
      if (msg?.msgType === MetadataMsgType.Request) asked.push(msg.piece);
    },
  };
  return { peer: peer as unknown as PeerConnection, asked };
}

const data = (piece: number, bytes: Uint8Array) => ({ msgType: MetadataMsgType.Data, piece, totalSize: bytes.length, data: bytes });

describe('MetadataFetcher', () => {
  it('after a liar announcing a wrong size fails the hash check, the honest size is fetched', async () => {
    const info = randomBytes(1, 300);
    const fetcher = new MetadataFetcher({ infoHashV1: hasher.sha1(info) }, { hasher });
    const wrong = METADATA_PIECE_SIZE + 100;
    const liar = fakePeer(wrong);
    const honest = fakePeer(info.length);

    fetcher.request(liar.peer, 0);
    fetcher.request(honest.peer, 0);
    expect(fetcher.size).toBe(wrong);
    expect(honest.asked).toEqual([]); // disagrees with the copy in progress, whose source is open
    expect(await fetcher.onData(liar.peer, data(0, randomBytes(2, METADATA_PIECE_SIZE)))).toEqual({ kind: 'pending' });
    fetcher.request(liar.peer, 1);
    const r = await fetcher.onData(liar.peer, data(1, randomBytes(3, 100)));
    expect(r).toEqual({ kind: 'mismatch', peers: [liar.peer] });
    expect(fetcher.size).toBe(0);

    // The liar is not asked again (even before it is closed); the honest peer's size is taken.
    const before = liar.asked.length;
    fetcher.request(liar.peer, 2);
    expect(liar.asked.length).toBe(before);
    fetcher.request(honest.peer, 2);
    expect(fetcher.size).toBe(info.length);
    expect(honest.asked).toEqual([0]);
    expect(await fetcher.onData(honest.peer, data(0, info))).toEqual({ kind: 'complete', info });
  });

  it('switches to another size when every peer announcing the current one has gone', () => {
    const fetcher = new MetadataFetcher({ infoHashV1: new Uint8Array(20) }, { hasher });
    const first = fakePeer(5000);
    const second = fakePeer(7000);
    fetcher.request(first.peer, 0);
    fetcher.request(second.peer, 0);
    expect(fetcher.size).toBe(5000);
    expect(second.asked).toEqual([]);
    (first.peer as { closed: boolean }).closed = true;
    fetcher.release(first.peer);
    fetcher.request(second.peer, 1);
    expect(fetcher.size).toBe(7000);
    expect(second.asked).toEqual([0]);
  });
});
