/**
 * @module fuzz/targets/tracker — HTTP tracker replies (announce and scrape, the core client's
 * parser) and WebSocket tracker messages (the relay's parseWsMessage and the core client's
 * decodeTrackerMessage). HTTP replies parse or throw a TrackerError; the WebSocket parsers never
 * throw and always return a tagged result.
 */
import { encode } from '../../packages/core/src/bencode/encode.js';
import { parseAnnounceResponse, parseScrapeResponse } from '../../packages/core/src/tracker/http-codec.js';
import { decodeTrackerMessage } from '../../packages/core/src/tracker/ws-incoming.js';
import { parseWsMessage } from '../../apps/relay/src/ws/messages.js';
import { check, expectTyped, FuzzFinding, latin1, utf8, type FuzzTarget } from '../target.js';

const d = (o: Record<string, unknown>): Uint8Array => encode(new Map(Object.entries(o)) as never);
const ID = 'A'.repeat(20);

/** The HTTP tracker reply target. */
export const httpTrackerTarget: FuzzTarget = {
  name: 'tracker-http',
  seeds() {
    return [
      d({ interval: 1800, 'min interval': 60, complete: 3, incomplete: 1, peers: Uint8Array.of(127, 0, 0, 1, 0x1a, 0xe1, 10, 0, 0, 2, 0, 80) }),
      d({ interval: 900, peers: [new Map<string, unknown>([['ip', utf8('127.0.0.1')], ['port', 6881], ['peer id', new Uint8Array(20)]])], peers6: new Uint8Array(18).fill(1) }),
      d({ 'failure reason': utf8('unregistered torrent') }),
      d({ interval: 60, 'warning message': utf8('slow down'), 'tracker id': utf8('xyz'), peers: new Uint8Array(0) }),
      d({ files: new Map([[latin1(new Uint8Array(20).fill(0xaa)), new Map([['complete', 1], ['incomplete', 2], ['downloaded', 3]])]]) }),
    ];
  },
  run(input, codes) {
    const a = expectTyped(() => void parseAnnounceResponse(input), ['TrackerError'], codes);
    const s = expectTyped(() => void parseScrapeResponse(input), ['TrackerError'], codes);
    return a || s;
  },
};

/** The WebSocket tracker message target (relay and client side). */
export const wsTrackerTarget: FuzzTarget = {
  name: 'tracker-ws',
  seeds() {
    return [
      { action: 'announce', info_hash: ID, peer_id: 'B'.repeat(20), event: 'started', left: 10, numwant: 5, offers: [{ offer_id: 'C'.repeat(20), offer: { type: 'offer', sdp: 'v=0' } }] },
      { action: 'announce', info_hash: ID, peer_id: 'B'.repeat(20), answer: { type: 'answer', sdp: 'v=0' }, to_peer_id: 'D'.repeat(20), offer_id: 'C'.repeat(20) },
      { action: 'scrape', info_hash: [ID, 'E'.repeat(20)] },
      { action: 'announce', info_hash: ID, complete: 1, incomplete: 2, interval: 120 },
      { action: 'scrape', files: { [ID]: { complete: 1, incomplete: 0, downloaded: 5 } } },
      { 'failure reason': 'nope', action: 'announce', info_hash: ID },
    ].map((m) => utf8(JSON.stringify(m)));
  },
  run(input, codes) {
    const text = latin1(input);
    const r = parseWsMessage(text, 10);
    check(typeof r === 'object' && r !== null && ('error' in r || r.action === 'announce' || r.action === 'scrape'), 'relay parseWsMessage returns a tagged result');
    const kind = 'error' in r ? 'relay:bad' : `relay:${r.action}`;
    codes.set(kind, (codes.get(kind) ?? 0) + 1);
    let m: ReturnType<typeof decodeTrackerMessage>;
    try {
      m = decodeTrackerMessage(text, 'B'.repeat(20), 1024 * 1024);
    } catch (err) {
      throw new FuzzFinding(`decodeTrackerMessage threw: ${String(err)}`, { cause: err });
    }
    check(typeof m.kind === 'string', 'decodeTrackerMessage returns a kind');
    codes.set(`client:${m.kind}`, (codes.get(`client:${m.kind}`) ?? 0) + 1);
    return !('error' in r) || m.kind !== 'invalid';
  },
};
