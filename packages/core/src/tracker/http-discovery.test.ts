/** @module tracker/http-discovery.test — the HTTP tracker fits the swarm's PeerDiscovery; address text. */
import { expect, expectTypeOf, it } from 'vitest';
import type { PeerDiscovery } from '../swarm/options.js';
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
