/** @module tunnel/tunnel-stats — counters of the tunnel endpoint and per-IP usage accounting. */
import type { TunnelStatus } from './control.js';

/** A snapshot of the tunnel endpoint's counters. */
export interface TunnelStats {
  /** Circuits opened since start. */
  circuitsOpened: number;
  /** Refusals since start, by status. */
  refused: Partial<Record<Exclude<TunnelStatus, 'OK'>, number>>;
  /** Bytes forwarded since start (both directions). */
  bytesRelayed: number;
  /** Reservations held now. */
  reservations: number;
  /** Circuits requested and not yet accepted, now. */
  circuitsPending: number;
  /** Circuits open now. */
  circuitsOpen: number;
  /** Bytes the relay holds queued toward peers now (all circuits). */
  queuedBytes: number;
}

/** The mutable counters behind {@link TunnelStats}. */
export function createTunnelStats(): Pick<TunnelStats, 'circuitsOpened' | 'refused' | 'bytesRelayed'> {
  return { circuitsOpened: 0, refused: {}, bytesRelayed: 0 };
}

/** Usage of one client IP. */
export interface IpCounts {
  connections: number;
  reservations: number;
  circuits: number;
}

/** Per-IP usage; entries are dropped once they fall back to zero, so the map stays bounded by live use. */
export class PerIpCounts {
  private readonly map = new Map<string, IpCounts>();

  /** The counts of `ip` (created at zero). */
  get(ip: string): IpCounts {
    let c = this.map.get(ip);
    if (!c) {
      c = { connections: 0, reservations: 0, circuits: 0 };
      this.map.set(ip, c);
    }
    return c;
  }

  /** Drops `ip` when all its counts are zero. */
  prune(ip: string): void {
    const c = this.map.get(ip);
    if (c && c.connections <= 0 && c.reservations <= 0 && c.circuits <= 0) this.map.delete(ip);
  }
}
