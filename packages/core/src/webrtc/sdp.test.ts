/** @module webrtc/sdp.test — candidate extraction, injection and remote address formatting. */
import { describe, expect, it } from 'vitest';
import { isLoopbackCandidate, sdpCandidates, sdpFilterCandidates, sdpRemoteAddress, sdpWithCandidates } from './sdp.js';

const BASE = 'v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n';
const HOST = 'candidate:1 1 UDP 2114977791 127.0.0.1 56681 typ host';
const TCP = 'candidate:2 1 tcp 1518214911 192.0.2.2 42663 typ host tcptype passive';
const V6 = 'candidate:3 1 udp 2122265343 fd00::2 36978 typ host generation 0';

describe('sdp helpers', () => {
  it('lists the a=candidate values', () => {
    expect(sdpCandidates(`${BASE}a=${HOST}\r\na=${TCP}\r\n`)).toEqual([HOST, TCP]);
    expect(sdpCandidates(BASE)).toEqual([]);
  });

  it('appends missing candidates once, keeping the line ending', () => {
    const once = sdpWithCandidates(BASE, [HOST, TCP]);
    expect(once).toBe(`${BASE}a=${HOST}\r\na=${TCP}\r\n`);
    expect(sdpWithCandidates(once, [HOST, TCP])).toBe(once);
    expect(sdpWithCandidates('v=0\nm=application 9 x\n', [HOST])).toBe(`v=0\nm=application 9 x\na=${HOST}\n`);
  });

  it('formats the remote address, preferring UDP, bracketing IPv6', () => {
    expect(sdpRemoteAddress(`${BASE}a=${TCP}\r\na=${HOST}\r\n`)).toBe('127.0.0.1:56681');
    expect(sdpRemoteAddress(`${BASE}a=${TCP}\r\n`)).toBe('192.0.2.2:42663');
    expect(sdpRemoteAddress(`${BASE}a=${V6}\r\n`)).toBe('[fd00::2]:36978');
    expect(sdpRemoteAddress(BASE)).toBe('webrtc');
    expect(sdpRemoteAddress(`${BASE}a=candidate:1 1 udp\r\n`)).toBe('webrtc');
  });

  it('drops rejected candidates and recognises loopback ones', () => {
    const sdp = `${BASE}a=${TCP}\r\na=${HOST}\r\na=${V6}\r\na=end-of-candidates\r\n`;
    expect(sdpFilterCandidates(sdp, isLoopbackCandidate)).toBe(`${BASE}a=${HOST}\r\na=end-of-candidates\r\n`);
    expect(sdpFilterCandidates(sdp, () => true)).toBe(sdp);
    expect(isLoopbackCandidate('candidate:9 1 udp 1 ::1 5000 typ host')).toBe(true);
    expect(isLoopbackCandidate(V6)).toBe(false);
  });
});
