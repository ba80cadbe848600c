/** @module tracker/types — values shared by the HTTP and WebSocket tracker clients. */

/** BEP 3 announce events; `update` (or none) is a regular re-announce. */
export type AnnounceEvent = 'started' | 'completed' | 'stopped' | 'update';

/** A peer's TCP address from a tracker (BEP 3 dict, BEP 23 compact IPv4, BEP 7 compact IPv6). */
export interface PeerAddress {
  /** Textual IP (`192.0.2.1`, `2001:db8::1`). */
  readonly ip: string;
  readonly port: number;
  readonly family: 4 | 6;
  /** 20-byte peer id when the tracker sent one (non-compact responses only). */
  readonly peerId?: Uint8Array;
}

/** Transfer counters sent with every announce (BEP 3). */
export interface AnnounceStats {
  uploaded: number;
  downloaded: number;
  /** Bytes still needed; 0 for a seeder. */
  left: number;
}

/** A decoded announce response. */
export interface AnnounceResponse {
  /** Seconds until the next regular announce (BEP 3 `interval`). */
  readonly interval: number;
  /** Seconds the client must wait at least between announces (`min interval`), if given. */
  readonly minInterval?: number;
  /** Seeders / leechers in the swarm, if given. */
  readonly complete?: number;
  readonly incomplete?: number;
  /** Peers (IPv4 and IPv6 together). */
  readonly peers: PeerAddress[];
  /** BEP 3 `tracker id` to send back on later announces. */
  readonly trackerId?: string;
  /** BEP 3 `warning message`. */
  readonly warning?: string;
}

/** BEP 48 scrape counts of one torrent. */
export interface ScrapeEntry {
  readonly complete: number;
  readonly incomplete: number;
  readonly downloaded: number;
}
