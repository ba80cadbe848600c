/** @module swarm/swarm — the peers of one info-hash, indexed for O(1) join, leave and sampling. */
import { PeerRecord } from './peer-record.js';

/** The peers of one info-hash. Counts follow BEP 48 (complete, incomplete, downloaded). */
export class Swarm {
  /** peer_id (binary string) → record. */
  readonly peers = new Map<string, PeerRecord>();
  /** Records with a TCP address. */
  readonly tcp: PeerRecord[] = [];
  /** Records with a live signaling socket. */
  readonly ws: PeerRecord[] = [];
  complete = 0;
  incomplete = 0;
  /** Completed events seen (BEP 48 `downloaded`). */
  downloaded = 0;

  /** @param infoHash 20-byte info-hash as a binary string. */
  constructor(readonly infoHash: string) {}

  /** Peer records in this swarm. */
  get size(): number {
    return this.peers.size;
  }

  /** Adds a new record (counted as complete or incomplete). */
  add(peerId: string, complete: boolean): PeerRecord {
    const rec = new PeerRecord(peerId, this);
    rec.complete = complete;
    if (complete) this.complete++;
    else this.incomplete++;
    this.peers.set(peerId, rec);
    return rec;
  }

  /** Marks a record complete; `event` counts a BEP 3 `completed` event as a download. */
  markComplete(rec: PeerRecord, event: boolean): void {
    if (event) this.downloaded++;
    if (rec.complete) return;
    rec.complete = true;
    this.complete++;
    this.incomplete--;
  }

  /** Gives the record a TCP address. */
  setTcp(rec: PeerRecord, ip: string, port: number, expires: number): void {
    rec.ip = ip;
    rec.port = port;
    rec.tcpExpires = expires;
    if (rec.tcpIndex < 0) rec.tcpIndex = this.tcp.push(rec) - 1;
  }

  /** Gives the record a signaling socket. */
  setWs(rec: PeerRecord, socket: PeerRecord['socket'], expires: number): void {
    rec.socket = socket;
    rec.wsExpires = expires;
    if (rec.wsIndex < 0) rec.wsIndex = this.ws.push(rec) - 1;
  }

  /** Removes the TCP part; returns true when the whole record is gone. */
  dropTcp(rec: PeerRecord): boolean {
    if (rec.tcpIndex >= 0) {
      swapRemove(this.tcp, rec.tcpIndex, 'tcpIndex');
      rec.tcpIndex = -1;
      rec.ip = null;
    }
    return this.dropIfEmpty(rec);
  }

  /** Removes the WebSocket part; returns true when the whole record is gone. */
  dropWs(rec: PeerRecord): boolean {
    if (rec.wsIndex >= 0) {
      swapRemove(this.ws, rec.wsIndex, 'wsIndex');
      rec.wsIndex = -1;
      rec.socket = null;
    }
    return this.dropIfEmpty(rec);
  }

  private dropIfEmpty(rec: PeerRecord): boolean {
    if (rec.tcpIndex >= 0 || rec.wsIndex >= 0) return false;
    if (this.peers.get(rec.peerId) !== rec) return true;
    this.peers.delete(rec.peerId);
    if (rec.complete) this.complete--;
    else this.incomplete--;
    return true;
  }
}

function swapRemove(arr: PeerRecord[], i: number, key: 'tcpIndex' | 'wsIndex'): void {
  const last = arr.pop() as PeerRecord;
  if (i < arr.length) {
    arr[i] = last;
    last[key] = i;
  }
}

/**
 * Up to `k` distinct random records from `arr`, skipping `exclude`. Rejection sampling keeps
 * an announce O(k) even in a swarm of thousands.
 */
export function sample(arr: readonly PeerRecord[], k: number, exclude: PeerRecord | null): PeerRecord[] {
  const n = arr.length;
  const out: PeerRecord[] = [];
  if (k <= 0 || n === 0) return out;
  if (n <= 2 * k) {
    for (const r of arr) if (r !== exclude) out.push(r);
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      const t = out[i] as PeerRecord;
      out[i] = out[j] as PeerRecord;
      out[j] = t;
    }
    out.length = Math.min(out.length, k);
    return out;
  }
  const seen = new Set<number>();
  while (out.length < k) {
    const i = Math.floor(Math.random() * n);
    if (seen.has(i)) continue;
    seen.add(i);
    const r = arr[i] as PeerRecord;
    if (r !== exclude) out.push(r);
  }
  return out;
}
