/**
 * @module swarm/registry — every swarm of the relay, shared by the HTTP tracker (BEP 3) and the
 * WebSocket tracker (WebTorrent protocol), with hard limits on swarms, peers and sockets.
 */
import type { PeerRecord, SignalSocket } from './peer-record.js';
import { Swarm, sample } from './swarm.js';

/** BEP 3 announce events ('' / undefined is a regular update). */
export type AnnounceEvent = 'started' | 'completed' | 'stopped' | 'update';

/** Limits the registry enforces (a subset of RelayConfig). */
export interface RegistryLimits {
  maxSwarms: number;
  maxPeers: number;
  maxPeersPerSwarm: number;
  maxSwarmsPerSocket: number;
  /** How long a peer stays without re-announcing (ms). */
  peerTtlMs: number;
}

/** Why an announce was refused; `reason` is sent as the BEP 3 `failure reason`. */
export interface Refusal {
  refused: 'swarm_limit' | 'peer_limit' | 'peer_id_in_use';
  reason: string;
}

/** A fields common to both announce kinds. */
export interface AnnounceInput {
  infoHash: string;
  peerId: string;
  event: AnnounceEvent;
  /** Bytes left; 0 means seeder. */
  left: number;
}

/** All swarms, keyed by info-hash (20-byte binary string). */
export class SwarmRegistry {
  readonly swarms = new Map<string, Swarm>();
  /** Peer records in all swarms. */
  peerCount = 0;

  constructor(readonly limits: RegistryLimits) {}

  /** The swarm of an info-hash, if any. */
  get(infoHash: string): Swarm | undefined {
    return this.swarms.get(infoHash);
  }

  /**
   * Applies an HTTP announce (BEP 3) from a peer at `ip:port` and returns the swarm and the
   * record (null after `stopped`), or a refusal.
   */
  announceTcp(a: AnnounceInput, ip: string, port: number, now = Date.now()): { swarm: Swarm; rec: PeerRecord | null } | Refusal {
    if (a.event === 'stopped') {
      const swarm = this.swarms.get(a.infoHash);
      const rec = swarm?.peers.get(a.peerId);
      if (swarm && rec) this.afterDrop(swarm, swarm.dropTcp(rec));
      return swarm ? { swarm, rec: null } : { swarm: new Swarm(a.infoHash), rec: null };
    }
    const got = this.join(a, null);
    if ('refused' in got) return got;
    got.swarm.setTcp(got.rec, ip, port, now + this.limits.peerTtlMs);
    return got;
  }

  /** Applies a WebSocket announce from `socket`; same contract as {@link announceTcp}. */
  announceWs(a: AnnounceInput, socket: SignalSocket, now = Date.now()): { swarm: Swarm; rec: PeerRecord | null } | Refusal {
    if (a.event === 'stopped') {
      const swarm = this.swarms.get(a.infoHash);
      const rec = swarm?.peers.get(a.peerId);
      if (swarm && rec && rec.socket === socket) this.leaveWs(rec);
      return { swarm: swarm ?? new Swarm(a.infoHash), rec: null };
    }
    const got = this.join(a, socket);
    if ('refused' in got) return got;
    const { swarm, rec } = got;
    if (rec.socket !== socket) {
      // An exact-size literal: most sockets join one swarm, and `[]` + push reserves 17 slots.
      if (!socket.records) socket.records = [rec];
      else socket.records.push(rec);
    }
    swarm.setWs(rec, socket, now + this.limits.peerTtlMs);
    return got;
  }

  /** Removes the WebSocket part of a record (socket closed, stopped, or expired). */
  leaveWs(rec: PeerRecord): void {
    const socket = rec.socket;
    if (socket?.records) {
      const i = socket.records.indexOf(rec);
      if (i >= 0) {
        const last = socket.records.pop() as PeerRecord;
        if (i < socket.records.length) socket.records[i] = last;
      }
    }
    this.afterDrop(rec.swarm, rec.swarm.dropWs(rec));
  }

  /** A closed socket leaves every swarm it joined. */
  leaveAll(socket: SignalSocket): void {
    const recs = socket.records;
    socket.records = null;
    if (!recs) return;
    for (const rec of recs) if (rec.socket === socket) this.afterDrop(rec.swarm, rec.swarm.dropWs(rec));
  }

  /** Drops parts not re-announced within the TTL; removes empty swarms. Returns records dropped. */
  sweep(now = Date.now()): number {
    const before = this.peerCount;
    // Map iteration tolerates deleting the current entry, so no copies of big maps are made.
    for (const swarm of this.swarms.values()) {
      for (const rec of swarm.peers.values()) {
        if (rec.tcpIndex >= 0 && rec.tcpExpires < now) this.afterDrop(swarm, swarm.dropTcp(rec));
        if (rec.wsIndex >= 0 && rec.wsExpires < now) this.leaveWs(rec);
      }
    }
    return before - this.peerCount;
  }

  private join(a: AnnounceInput, socket: SignalSocket | null): { swarm: Swarm; rec: PeerRecord } | Refusal {
    let swarm = this.swarms.get(a.infoHash);
    let rec = swarm?.peers.get(a.peerId);
    if (socket && rec?.socket && rec.socket !== socket && rec.socket.isOpen()) {
      return { refused: 'peer_id_in_use', reason: 'peer_id is in use by another connection' };
    }
    if (socket && !(rec && rec.socket === socket) && (socket.records?.length ?? 0) >= this.limits.maxSwarmsPerSocket) {
      return { refused: 'swarm_limit', reason: `too many swarms on this connection (max ${this.limits.maxSwarmsPerSocket})` };
    }
    if (!rec) {
      if (this.peerCount >= this.limits.maxPeers) return { refused: 'peer_limit', reason: 'tracker is full' };
      if (!swarm) {
        if (this.swarms.size >= this.limits.maxSwarms) return { refused: 'swarm_limit', reason: 'too many swarms' };
        swarm = new Swarm(a.infoHash);
        this.swarms.set(a.infoHash, swarm);
      }
      if (swarm.size >= this.limits.maxPeersPerSwarm) return { refused: 'peer_limit', reason: 'swarm is full' };
      rec = swarm.add(a.peerId, a.left === 0 || a.event === 'completed');
      this.peerCount++;
      if (a.event === 'completed') swarm.downloaded++;
    } else if (a.event === 'completed' || a.left === 0) {
      swarm!.markComplete(rec, a.event === 'completed' && !rec.complete);
    }
    return { swarm: swarm!, rec };
  }

  private afterDrop(swarm: Swarm, gone: boolean): void {
    if (gone) this.peerCount--;
    if (swarm.size === 0 && this.swarms.get(swarm.infoHash) === swarm) this.swarms.delete(swarm.infoHash);
  }

  /** Up to `k` TCP peers of a swarm for an HTTP client, never the asking peer itself. */
  tcpPeers(swarm: Swarm, k: number, self: PeerRecord | null): PeerRecord[] {
    return sample(swarm.tcp, k, self);
  }

  /** Up to `k` WebSocket peers of a swarm to receive offers, never the offerer itself. */
  wsPeers(swarm: Swarm, k: number, self: PeerRecord | null): PeerRecord[] {
    return sample(swarm.ws, k, self);
  }
}
