/**
 * @module swarm/swarm — one torrent's swarm: peers, metadata, pieces, choking, discovery.
 *
 * The swarm owns the state shared by all peers of a torrent (our bitfield, the request
 * scheduler, the upload server, storage) and the connections themselves. Wire messages are
 * dispatched by message-handler.ts; completed pieces are checked by piece-completion.ts; the
 * periodic work (rechoke, request timeouts, pipeline depth, progress) is in swarm-tick.ts;
 * torrent set-up in torrent-init.ts, peer attach and read loop in peer-attach.ts, file
 * priorities and the streaming cursor in selection-state.ts.
 * I/O goes only through Connection, Storage, HashPool and PeerDiscovery.
 */
import { bytesToHex } from '../bencode/bytes.js';
import type { Bitfield } from '../bitfield/bitfield.js';
import type { Storage } from '../storage/storage.js';
import type { Connection } from '../transport/transport.js';
import { bytesEqual } from '../wire/handshake.js';
import { resolveLimits, type WireLimits } from '../wire/limits.js';
import type { HandshakeMessage } from '../wire/messages.js';
import type { ByteReader } from './byte-reader.js';
import { Emitter } from './emitter.js';
import { SwarmError } from './errors.js';
import { handshakeHashes } from './handshake-io.js';
import { MetadataFetcher } from './metadata-fetcher.js';
import type { PieceLayerFetcher } from './piece-layers.js';
import type { SwarmOptions } from './options.js';
import type { PeerConnection } from './peer-connection.js';
import { fillRequests, updateInterest } from './request-flow.js';
import { formatPeerId, generatePeerId } from './peer-id.js';
import type { PieceLayout } from './piece-layout.js';
import type { PieceVerifier } from './piece-verifier.js';
import { RateMeter } from './rate-meter.js';
import type { RequestScheduler } from './request-scheduler.js';
import { runDiscovery } from './discovery.js';
import { SwarmTicker, updateChokes } from './swarm-tick.js';
import { listenAddressOf, PeerDialer } from './peer-dialer.js';
import { CHOKER_DEFAULTS, createChoker, type Choker } from '../choker/choker.js';
import { systemClock, type Clock, type SwarmEvents, type SwarmStats, type SwarmTorrent } from './types.js';
import { UploadServer } from './upload-server.js';
import { readRange, type SequentialFrom } from './file-selection.js';
import { SelectionState } from './selection-state.js';
import { initTorrent } from './torrent-init.js';
import { acceptInbound, attachPeer } from './peer-attach.js';

/** One torrent's swarm. Create, `start()`, listen to `events`, `stop()`. */
export class Swarm {
  /** Events for the UI (progress, done, peer-banned, …). */
  readonly events = new Emitter<SwarmEvents>();
  readonly peerId: Uint8Array;
  readonly clock: Clock;
  /** @internal Clock time at construction; request times are kept relative to it. */
  readonly epoch: number;
  readonly limits: WireLimits;
  /** @internal */ readonly opts: SwarmOptions;
  /** @internal */ readonly abort = new AbortController();
  /** @internal */ readonly peers = new Set<PeerConnection>();
  /** @internal */ torrent: SwarmTorrent | null = null;
  /** @internal */ layout: PieceLayout | null = null;
  /** @internal */ have: Bitfield | null = null;
  /** @internal */ scheduler: RequestScheduler | null = null;
  /** @internal */ verifier: PieceVerifier | null = null;
  /** @internal */ storage: Storage | null = null;
  /** @internal */ fetcher: MetadataFetcher | null = null;
  /** @internal v2 magnets: piece layers still being fetched (BEP 52) before the download starts. */
  layers: PieceLayerFetcher | null = null;
  /** @internal */ readonly upload: UploadServer;
  /** @internal */ readonly down = new RateMeter();
  /** @internal */ readonly up = new RateMeter();
  /** @internal */ verifiedBytes = 0;
  /** @internal */ resumedBytes = 0;
  /** @internal */ doneEmitted = false;
  /** @internal */ readonly banned = new Set<string>();
  /** @internal Upload slots (core choker: tit-for-tat, optimistic unchoke, immediate unchoke). */
  readonly choker: Choker<PeerConnection>;
  /** @internal Outbound connections: candidates, limits, redial rules. */
  readonly dialer: PeerDialer = new PeerDialer(this);
  /** @internal File priorities and the streaming cursor. */
  readonly selection: SelectionState;
  readonly #hashes: Uint8Array[];
  #ticker: SwarmTicker | null = null;
  #started = false;
  #stopped: Promise<void> | null = null;

  constructor(opts: SwarmOptions) {
    if (!opts.torrent && !opts.magnet) throw new TypeError('Swarm needs a torrent or a magnet');
    if (!opts.torrent && !opts.parseInfo) throw new TypeError('Swarm with a magnet needs parseInfo');
    this.opts = opts;
    this.peerId = opts.peerId ?? generatePeerId();
    this.clock = opts.clock ?? systemClock;
    this.epoch = this.clock.now();
    this.limits = resolveLimits(opts.limits);
    this.selection = new SelectionState(this, opts.filePriorities ?? []);
    this.#hashes = handshakeHashes(opts.torrent ?? opts.magnet!);
    if (this.#hashes.length === 0) throw new SwarmError('SWARM_BAD_TORRENT', 'torrent has no info-hash');
    this.choker = createChoker<PeerConnection>({
      slots: opts.uploadSlots ?? CHOKER_DEFAULTS.slots,
      ...(opts.random ? { random: opts.random } : {}),
    });
    this.upload = new UploadServer({
      storage: () => this.storage,
      layout: () => this.layout,
      ...(opts.uploadGate ? { gate: opts.uploadGate } : {}),
      maxPeerRequests: this.limits.maxPeerRequests,
      signal: this.abort.signal,
      clock: this.clock,
      onSent: (peer, bytes) => {
        const now = this.clock.now();
        peer.up.add(bytes, now);
        peer.abuse.answersSinceUnchoke++;
        this.up.add(bytes, now);
      },
    });
    opts.signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /** 20-byte handshake hashes this swarm answers to (for routing inbound peers). */
  get handshakeHashes(): readonly Uint8Array[] {
    return this.#hashes;
  }

  /** True once every selected piece is verified (every piece, unless files were skipped). */
  get complete(): boolean {
    if (!this.have) return false;
    return this.scheduler ? this.scheduler.complete : this.have.hasAll();
  }

  /**
   * Per-file priorities, indexed like `torrent.files` (0 = skip, 1 = normal, higher first;
   * missing entries are normal). Set before start (also `opts.filePriorities`), before the
   * metadata of a magnet arrives, or at any time while downloading; see file-selection.ts.
   */
  get filePriorities(): readonly number[] {
    return this.selection.priorities;
  }

  /** Replace every file's priority (see {@link filePriorities}). */
  setFilePriorities(priorities: readonly number[]): void {
    this.selection.setAll(priorities);
  }

  /** Change one file's priority (0 skips it). */
  setFilePriority(file: number, priority: number): void {
    this.selection.setOne(file, priority);
  }

  /** The piece sequential picking starts from, or null (rarest first). */
  get sequential(): number | null {
    return this.selection.sequential;
  }

  /**
   * Streaming: request pieces in order from a file (and offset) or a byte of the torrent,
   * wrapping around; `null` returns to rarest first. Needs the metadata (ignored before).
   */
  streamFrom(from: SequentialFrom | null): void {
    this.selection.streamFrom(from);
  }

  /**
   * Read verified bytes of the torrent byte space, waiting for the pieces that are missing (a
   * streaming reader; while streaming, the sequential cursor jumps to the first missing piece).
   */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    return readRange(this, offset, length, signal);
  }

  /** Aborted when the swarm stops. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Current transfer figures. */
  stats(): SwarmStats {
    const now = this.clock.now();
    return {
      downloaded: this.down.total,
      uploaded: this.up.total,
      verified: this.verifiedBytes,
      resumed: this.resumedBytes,
      length: this.layout?.totalBytes ?? 0,
      wanted: this.scheduler?.wantedBytes ?? this.layout?.totalBytes ?? 0,
      wantedVerified: this.scheduler?.wantedVerifiedBytes() ?? this.verifiedBytes,
      downloadRate: Math.round(this.down.rate(now)),
      uploadRate: Math.round(this.up.rate(now)),
      peers: this.peers.size,
      piecesDone: this.have?.count() ?? 0,
      pieceCount: this.layout?.pieceCount ?? 0,
    };
  }

  /** Load metadata (if known), check existing data, then start discovery and timers. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    if (this.opts.torrent) {
      await this.initTorrent(this.opts.torrent);
    } else {
      this.fetcher = new MetadataFetcher(this.opts.magnet!, this.opts.hash);
    }
    if (this.abort.signal.aborted) return;
    this.#ticker = new SwarmTicker(this);
    this.#ticker.start();
    for (const d of this.opts.discovery ?? []) void runDiscovery(this, d);
  }

  /** @internal Set up storage, layout and scheduler for a known torrent; see torrent-init.ts. */
  initTorrent(t: SwarmTorrent): Promise<void> {
    return initTorrent(this, t);
  }

  /** Queue a peer address (`host:port`) to dial, e.g. from a tracker or a magnet's `x.pe`. */
  addPeer(address: string): void {
    if (this.abort.signal.aborted || !this.opts.dial) return;
    this.dialer.add(address);
  }

  /**
   * Take a connection opened outside the swarm's dialer (WebRTC, relay tunnel): we send our
   * handshake first and read theirs, as for a dialled TCP peer. The transport does not matter.
   */
  addConnection(conn: Connection): void {
    this.dialer.adopt(conn);
  }

  /** Whether a peer with this 20-byte peer id is connected (any transport). */
  hasPeer(peerId: Uint8Array): boolean {
    return [...this.peers].some((p) => bytesEqual(p.peerId, peerId));
  }

  /** @internal Dial queued candidates while under the connection limit. */
  connectMore(): void {
    this.dialer.connectMore();
  }

  /** Take an inbound connection whose handshake (for one of {@link handshakeHashes}) was read by the host. */
  acceptInbound(conn: Connection, hs: HandshakeMessage, reader: ByteReader): void {
    acceptInbound(this, conn, hs, reader);
  }

  /** @internal Attach a handshaken connection; returns why it was refused, or null. See peer-attach.ts. */
  attach(conn: Connection, hs: HandshakeMessage, reader: ByteReader, direction: 'in' | 'out'): string | null {
    return attachPeer(this, conn, hs, reader, direction);
  }

  /** @internal Drop a peer and give its outstanding requests back to the scheduler. */
  removePeer(peer: PeerConnection, reason?: string): void {
    if (!this.peers.delete(peer)) return;
    peer.close(reason);
    // Only a full copy has nothing to trade with a seed: a partial selection may grow again.
    // Skip where the peer listens, also for an inbound peer (its BEP 10 `p`): the next tracker
    // reply lists it there, and dialling it would only open a link that "both complete" closes.
    const listen = this.have?.hasAll() && peer.have?.hasAll() ? listenAddressOf(peer) : null;
    if (listen) this.dialer.skip(listen);
    this.scheduler?.removePeer(peer, peer.have);
    peer.outstanding.clear();
    this.fetcher?.release(peer);
    this.layers?.release(peer);
    this.events.emit('peer-closed', { address: peer.address, ...(reason ? { reason } : {}) });
    for (const p of this.peers) this.fillRequests(p);
    updateChokes(this); // a slot may have been freed
    this.connectMore();
  }

  /** @internal Ban a peer that sent bad data: close it and refuse its id and address from now on. */
  ban(peer: PeerConnection, reason: string): void {
    this.banned.add(bytesToHex(peer.peerId));
    this.banned.add(peer.address);
    this.events.emit('peer-banned', { address: peer.address, peerId: formatPeerId(peer.peerId), reason });
    this.removePeer(peer, `banned: ${reason}`);
  }

  /** @internal Send interested/not-interested when our interest changes (BEP 3); see request-flow.ts. */
  updateInterest(peer: PeerConnection): void {
    updateInterest(this, peer);
  }

  /** @internal Top up our request pipeline to `peer`; see request-flow.ts. */
  fillRequests(peer: PeerConnection, minBatch = 1): void {
    fillRequests(this, peer, minBatch);
  }

  /** @internal Every selected piece is verified: flush storage, tell the UI, stop wanting anything. */
  async finish(): Promise<void> {
    if (this.doneEmitted) return;
    this.doneEmitted = true;
    try {
      await this.storage?.flush();
    } catch (err) {
      this.events.emit('error', new SwarmError('SWARM_STORAGE_FAILED', 'flush failed', { cause: err }));
      return;
    }
    // The selection grew while flushing (applySelection reset doneEmitted): not done after all.
    if (!this.complete) return;
    for (const peer of [...this.peers]) {
      this.updateInterest(peer);
      // Two seeders have nothing to trade (BEP 3 practice): let the other side go.
      if (this.have?.hasAll() && peer.have?.hasAll()) this.removePeer(peer, 'both complete');
    }
    this.events.emit('done', this.stats());
  }

  /** Stop: close peers, announce `stopped`, flush and close storage. Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    this.#ticker?.stop();
    this.abort.abort(new SwarmError('SWARM_STOPPED', 'swarm stopped'));
    for (const peer of [...this.peers]) this.removePeer(peer, 'stopping');
    await Promise.allSettled((this.opts.discovery ?? []).map((d) => runDiscovery.stopped(this, d)));
    try {
      await this.storage?.flush();
    } finally {
      await this.storage?.close();
    }
  }
}
