/** @module swarm/registry.test — expiry, limits and sampling of the swarm registry. */
import { describe, expect, it } from 'vitest';
import type { SignalSocket } from './peer-record.js';
import { SwarmRegistry } from './registry.js';
import { sample } from './swarm.js';

const limits = { maxSwarms: 3, maxPeers: 100, maxPeersPerSwarm: 50, maxSwarmsPerSocket: 2, peerTtlMs: 1000 };
const ih = (n: number) => String.fromCharCode(n).repeat(20);
const pid = (n: number) => `peer${String(n).padStart(16, '0')}`;
const sock = (): SignalSocket => ({ records: null, isOpen: () => true });

describe('SwarmRegistry', () => {
  it('expires peers that do not re-announce within the TTL and removes empty swarms', () => {
    const r = new SwarmRegistry(limits);
    r.announceTcp({ infoHash: ih(1), peerId: pid(1), event: 'started', left: 5 }, '10.0.0.1', 1, 0);
    r.announceTcp({ infoHash: ih(1), peerId: pid(2), event: 'started', left: 5 }, '10.0.0.2', 1, 900);
    const s = sock();
    r.announceWs({ infoHash: ih(2), peerId: pid(3), event: 'started', left: 0 }, s, 0);
    expect(r.sweep(1500)).toBe(2);
    expect(r.peerCount).toBe(1);
    expect(r.get(ih(2))).toBeUndefined();
    expect(s.records).toEqual([]);
    expect(r.get(ih(1))?.incomplete).toBe(1);
    expect(r.sweep(2000)).toBe(1);
    expect(r.swarms.size).toBe(0);
  });

  it('enforces swarms per socket, total swarms and total peers', () => {
    const r = new SwarmRegistry(limits);
    const s = sock();
    expect('refused' in r.announceWs({ infoHash: ih(1), peerId: pid(1), event: 'started', left: 1 }, s)).toBe(false);
    expect('refused' in r.announceWs({ infoHash: ih(2), peerId: pid(1), event: 'started', left: 1 }, s)).toBe(false);
    expect(r.announceWs({ infoHash: ih(3), peerId: pid(1), event: 'started', left: 1 }, s)).toMatchObject({ refused: 'swarm_limit' });
    // Re-announcing a joined swarm is always allowed.
    expect('refused' in r.announceWs({ infoHash: ih(2), peerId: pid(1), event: 'update', left: 0 }, s)).toBe(false);
    r.announceTcp({ infoHash: ih(3), peerId: pid(2), event: 'started', left: 1 }, '10.0.0.1', 1);
    expect(r.announceTcp({ infoHash: ih(4), peerId: pid(2), event: 'started', left: 1 }, '10.0.0.1', 1)).toMatchObject({ refused: 'swarm_limit' });
    const small = new SwarmRegistry({ ...limits, maxPeers: 1 });
    small.announceTcp({ infoHash: ih(1), peerId: pid(1), event: 'started', left: 1 }, '10.0.0.1', 1);
    expect(small.announceTcp({ infoHash: ih(1), peerId: pid(2), event: 'started', left: 1 }, '10.0.0.1', 1)).toMatchObject({ refused: 'peer_limit' });
  });

  it('leaveAll drops only the socket part of a peer that also has a TCP address', () => {
    const r = new SwarmRegistry(limits);
    const s = sock();
    r.announceWs({ infoHash: ih(1), peerId: pid(1), event: 'started', left: 1 }, s);
    r.announceTcp({ infoHash: ih(1), peerId: pid(1), event: 'started', left: 1 }, '10.0.0.1', 9);
    r.leaveAll(s);
    const sw = r.get(ih(1));
    expect([sw?.size, sw?.ws.length, sw?.tcp.length, r.peerCount]).toEqual([1, 0, 1, 1]);
  });
});

describe('sample', () => {
  it('returns k distinct records without the excluded one', () => {
    const r = new SwarmRegistry({ ...limits, maxPeersPerSwarm: 1000, maxPeers: 1000 });
    for (let i = 0; i < 500; i++) r.announceTcp({ infoHash: ih(1), peerId: pid(i), event: 'started', left: 1 }, '10.0.0.1', i + 1);
    const sw = r.get(ih(1))!;
    const self = sw.peers.get(pid(7))!;
    for (const k of [0, 1, 10, 80, 300, 499, 600]) {
      const got = sample(sw.tcp, k, self);
      expect(got.length).toBe(Math.min(k, 499));
      expect(new Set(got).size).toBe(got.length);
      expect(got).not.toContain(self);
    }
  });
});
