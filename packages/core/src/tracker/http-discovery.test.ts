/** @module tracker/http-discovery.test — the HTTP tracker fits the swarm's PeerDiscovery; address text. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, expectTypeOf, it } from 'vitest';
import type { PeerDiscovery } from '../swarm/options.js';
import { encode } from '../bencode/encode.js';
import { httpTrackerDiscovery, peerAddressText } from './http-discovery.js';

it('is assignable to the swarm PeerDiscovery interface', () => {
  const d = httpTrackerDiscovery('http://127.0.0.1:1/announce');
  expectTypeOf(d).toMatchTypeOf<PeerDiscovery>();
  expect(d.name).toBe('http://127.0.0.1:1/announce');
});

it('brackets IPv6 addresses', () => {
  expect(peerAddressText({ ip: '2001:db8::1', port: 80, family: 6 })).toBe('[2001:db8::1]:80');
  expect(peerAddressText({ ip: '10.0.0.1', port: 6881, family: 4 })).toBe('10.0.0.1:6881');
});

it('rejects a failing announce with a typed error (connection refused on a closed port)', async () => {
  const d = httpTrackerDiscovery('http://127.0.0.1:1/announce', { timeoutMs: 3000 });
  const params = { infoHash: new Uint8Array(20), peerId: new Uint8Array(20), port: 1, uploaded: 0, downloaded: 0, left: 0 };
  await expect(d.announce(params, AbortSignal.timeout(5000))).rejects.toMatchObject({ name: 'TrackerError', code: 'TRACKER_NETWORK' });
});

it('gives the swarm no tunnel-only peer (port 0) as a TCP address', async () => {
  const pid = new Uint8Array(20).fill(7);
  const body = encode({ interval: 60, peers: [{ 'peer id': pid, ip: '10.0.0.1', port: 0 }, { 'peer id': pid, ip: '10.0.0.2', port: 6881 }] });
  // A real HTTP tracker answer (what seedling-relay sends for a page and a TCP peer).
  const server = createServer((_req, res) => res.end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const d = httpTrackerDiscovery(`http://127.0.0.1:${(server.address() as AddressInfo).port}/announce`, { timeoutMs: 5000 });
    const params = { infoHash: new Uint8Array(20), peerId: new Uint8Array(20), port: 1, uploaded: 0, downloaded: 0, left: 0 };
    expect((await d.announce(params, AbortSignal.timeout(5000))).peers).toEqual(['10.0.0.2:6881']);
  } finally {
    server.close();
  }
});
