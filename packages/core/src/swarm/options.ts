/** @module swarm/options — configuration of a {@link Swarm} and its discovery interface. */
import type { StorageFactory } from '../storage/storage.js';
import type { Connection } from '../transport/transport.js';
import type { WireLimits } from '../wire/limits.js';
import type { HashBackend } from './piece-verifier.js';
import type { FileProbe } from './resume.js';
import type { Clock, SwarmTorrent } from './types.js';
import type { RateGate } from './upload-server.js';

/** What a tracker (or any other peer source) is told on announce (BEP 3). */
export interface AnnounceParams {
  /** The 20-byte handshake hash (v1 info-hash, or the truncated v2 one for pure v2). */
  infoHash: Uint8Array;
  peerId: Uint8Array;
  port: number;
  uploaded: number;
  downloaded: number;
  left: number;
  event?: 'started' | 'completed' | 'stopped';
}

/** A peer source: an HTTP/WebSocket tracker client, a relay, a static list. */
export interface PeerDiscovery {
  /** Human-readable name for warnings (e.g. the tracker URL). */
  readonly name: string;
  /** Announce and return peer addresses (`host:port`) and the suggested re-announce interval (s). */
  announce(params: AnnounceParams, signal: AbortSignal): Promise<{ peers: string[]; interval?: number }>;
}

/** Options of {@link Swarm}. */
export interface SwarmOptions {
  /** The torrent, when known (.torrent file, or seeding). */
  torrent?: SwarmTorrent;
  /** For magnet links: the info-hash(es) to fetch metadata for (BEP 9), and peers from `x.pe`. */
  magnet?: { infoHashV1?: Uint8Array; infoHashV2?: Uint8Array };
  /** Turns a fetched, hash-checked info dict into a torrent (required with `magnet`). */
  parseInfo?: (info: Uint8Array) => SwarmTorrent;
  /** Creates the storage once the file list is known. */
  storage: StorageFactory;
  /** Hashing for verification (a worker pool preferably). */
  hash: HashBackend;
  /** On-disk file sizes, to skip hashing pieces of missing/short files on resume. */
  probe?: FileProbe;
  /** Dials a peer address; without it the swarm only accepts inbound peers. */
  dial?: (address: string, signal: AbortSignal) => Promise<Connection>;
  /** Trackers and other peer sources. */
  discovery?: readonly PeerDiscovery[];
  /** Our 20-byte peer id (default: generated `-SD0100-…`). */
  peerId?: Uint8Array;
  /** Our listening port, announced to trackers and in the BEP 10 handshake. */
  port?: number;
  /** Connection limit per torrent (default 50). */
  maxPeers?: number;
  /** Upload slots (default 8). */
  uploadSlots?: number;
  /** Upload/download rate caps (token buckets); unlimited when absent. */
  uploadGate?: RateGate;
  downloadGate?: RateGate;
  /**
   * Per-file priorities, indexed like the torrent's files: 0 = skip, 1 = normal (default),
   * higher first (up to 255). Changeable later with `Swarm.setFilePriorities`.
   */
  filePriorities?: readonly number[];
  /** Hash existing data on start (default true). */
  checkExisting?: boolean;
  /** Treat every piece as present without checking (data just hashed to create the torrent). */
  assumeComplete?: boolean;
  clock?: Clock;
  random?: () => number;
  /** Stops the swarm when aborted. */
  signal?: AbortSignal;
  limits?: Partial<WireLimits>;
  /** Client name sent as `v` in the extension handshake. */
  clientName?: string;
}
