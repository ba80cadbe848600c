/** @module tracker/http-codec.test — announce URLs and bencoded responses, with BEP byte vectors. */
import { describe, expect, it } from 'vitest';
import { encode } from '../bencode/encode.js';
import { decodeCompactPeers, encodeCompactPeers, formatIpv6 } from './compact-peers.js';
import { TrackerError } from './errors.js';
import { buildAnnounceUrl, parseAnnounceResponse, parseScrapeResponse, percentEncodeBytes, scrapeUrlFor } from './http-codec.js';

const ih = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
const pid = new TextEncoder().encode('-SD0001-abcdefghijkl');

describe('announce URL (BEP 3)', () => {
  it('percent-encodes every non-unreserved byte', () => {
    expect(percentEncodeBytes(Uint8Array.of(0x00, 0x41, 0x7e, 0x20, 0xff, 0x2d))).toBe('%00A~%20%FF-');
  });

  it('keeps existing query parameters and round-trips the binary ids', () => {
    const url = buildAnnounceUrl('http://t.example/announce?token=x', { infoHash: ih, peerId: pid, port: 6881, uploaded: 1, downloaded: 2, left: 3, event: 'started', numwant: 10 });
    expect(url.startsWith('http://t.example/announce?token=x&info_hash=')).toBe(true);
    const q = url.slice(url.indexOf('?') + 1);
    const raw = q.split('&').find((kv) => kv.startsWith('info_hash='))!.slice('info_hash='.length);
    const bytes = [...raw.matchAll(/%([0-9A-F]{2})|([^%])/g)].map((m) => (m[1] ? parseInt(m[1], 16) : m[2]!.charCodeAt(0)));
    expect(bytes).toEqual([...ih]);
    expect(q).toContain('port=6881&uploaded=1&downloaded=2&left=3&compact=1');
    expect(q).toContain('event=started');
    expect(q).toContain('numwant=10');
  });

  it('refuses wrong-length ids and non-HTTP URLs with typed errors', () => {
    const base = { peerId: pid, port: 1, uploaded: 0, downloaded: 0, left: 0 };
    expect(() => buildAnnounceUrl('http://t/announce', { ...base, infoHash: ih.subarray(1) })).toThrow(expect.objectContaining({ code: 'TRACKER_BAD_INPUT' }));
    expect(() => buildAnnounceUrl('udp://t:80/announce', { ...base, infoHash: ih })).toThrow(expect.objectContaining({ code: 'TRACKER_BAD_URL' }));
  });

  it('derives scrape URLs as BEP 48 says', () => {
    expect(scrapeUrlFor('http://example.com/announce', [])).toBe('http://example.com/scrape');
    expect(scrapeUrlFor('http://example.com/x/announce', [])).toBe('http://example.com/x/scrape');
    expect(scrapeUrlFor('http://example.com/announce.php', [])).toBe('http://example.com/scrape.php');
    expect(scrapeUrlFor('http://example.com/a', [])).toBeNull();
    expect(scrapeUrlFor('http://example.com/announce?x%064', [])).toBe('http://example.com/scrape?x%064');
    expect(scrapeUrlFor('http://example.com/x%064announce', [])).toBeNull();
    expect(scrapeUrlFor('http://example.com/announce?token=t', [ih])).toMatch(/^http:\/\/example\.com\/scrape\?token=t&info_hash=%00%0D/);
  });
});

describe('announce responses', () => {
  it('decodes compact IPv4 (BEP 23) and IPv6 (BEP 7) peers', () => {
    const body = encode({
      interval: 1800,
      'min interval': 60,
      complete: 3,
      incomplete: 4,
      peers: Uint8Array.of(10, 0, 0, 1, 0x1a, 0xe1, 192, 168, 1, 2, 0, 80),
      peers6: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1, 0xc8, 0xd5),
    });
    const r = parseAnnounceResponse(body);
    expect(r).toMatchObject({ interval: 1800, minInterval: 60, complete: 3, incomplete: 4 });
    expect(r.peers).toEqual([
      { ip: '10.0.0.1', port: 6881, family: 4 },
      { ip: '192.168.1.2', port: 80, family: 4 },
      { ip: '2001:db8::1', port: 51413, family: 6 },
    ]);
  });

  it('decodes the non-compact list of dicts', () => {
    const r = parseAnnounceResponse(encode({ interval: 60, peers: [{ 'peer id': pid, ip: '::1', port: 7 }, { ip: '1.2.3.4', port: 8 }] }));
    expect(r.peers).toEqual([
      { ip: '::1', port: 7, family: 6, peerId: pid },
      { ip: '1.2.3.4', port: 8, family: 4 },
    ]);
  });

  it('keeps a port-0 entry only with its peer id (a tunnel-only peer, for id lookups)', () => {
    const r = parseAnnounceResponse(encode({ interval: 60, peers: [{ 'peer id': pid, ip: '10.0.0.1', port: 0 }, { ip: '10.0.0.2', port: 0 }] }));
    expect(r.peers).toEqual([{ ip: '10.0.0.1', port: 0, family: 4, peerId: pid }]);
  });

  it('turns failure reason into TRACKER_FAILURE and junk into TRACKER_BAD_RESPONSE', () => {
    const fail = (() => {
      try {
        parseAnnounceResponse(encode({ 'failure reason': 'torrent not registered' }));
      } catch (e) {
        return e as TrackerError;
      }
    })();
    expect(fail?.code).toBe('TRACKER_FAILURE');
    expect(fail?.failureReason).toBe('torrent not registered');
    expect(() => parseAnnounceResponse(new TextEncoder().encode('<html>'))).toThrow(expect.objectContaining({ code: 'TRACKER_BAD_RESPONSE' }));
    expect(() => parseAnnounceResponse(encode({ peers: new Uint8Array(0) }))).toThrow(expect.objectContaining({ code: 'TRACKER_BAD_RESPONSE' }));
    expect(() => parseAnnounceResponse(encode({ interval: 1, peers: new Uint8Array(7) }))).toThrow(expect.objectContaining({ code: 'TRACKER_BAD_RESPONSE' }));
  });

  it('decodes scrape files keyed by hex info-hash', () => {
    const key = String.fromCharCode(...ih);
    const m = parseScrapeResponse(encode({ files: new Map([[key, { complete: 5, downloaded: 50, incomplete: 10 }]]) }));
    expect(m.get([...ih].map((b) => b.toString(16).padStart(2, '0')).join(''))).toEqual({ complete: 5, incomplete: 10, downloaded: 50 });
  });
});

describe('compact peers', () => {
  it('round-trips and formats IPv6 per RFC 5952', () => {
    const bytes = encodeCompactPeers([{ ip: Uint8Array.of(127, 0, 0, 1), port: 65535 }]);
    expect(decodeCompactPeers(bytes, 4)).toEqual([{ ip: '127.0.0.1', port: 65535, family: 4 }]);
    expect(formatIpv6(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))).toBe('::1');
    expect(formatIpv6(Uint8Array.of(0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1))).toBe('2001:db8:0:1::1');
    expect(formatIpv6(Uint8Array.of(0x20, 1, 0xd, 0xb8, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0))).toBe('2001:db8:1:1:1:1:1:0');
  });
});
