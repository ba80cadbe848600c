/**
 * @module wire/peer-session — the per-peer state machine of the wire protocol (BEP 3, 6, 10).
 *
 * No I/O and no timers: {@link PeerSession.receive} consumes decoded messages and returns
 * events; action methods (`choke`, `request`, `sendPiece`, …) queue outbound messages that the
 * caller drains with {@link PeerSession.flush} and writes. Time is passed in as `now`. The
 * swarm decides what to request and whom to choke; the session keeps the protocol honest.
 */
import { blockMessage } from './block-message.js';
import type { Bitfield } from '../bitfield/index.js';
import { WireProtocolError } from './errors.js';
import type { ExtensionHandshake } from './extension-handshake.js';
import { DEFAULT_LOCAL_EXTENSIONS, ExtensionRegistry } from './extension-registry.js';
import { makeReserved, readReserved } from './handshake.js';
import { checkMessageGeometry, resolveLimits, type TorrentGeometry, type WireLimits } from './limits.js';
import type { BlockRef, WireMessage } from './messages.js';
import { PeerPieces } from './peer-pieces.js';
import { OwnRequests } from './own-requests.js';
import { PeerRequests } from './peer-requests.js';
import type { PendingRequest } from './request-book.js';
import type { PeerSessionOptions, PeerSessionState, SessionEvent } from './session-types.js';

/** BEP 10: libtorrent's default `reqq` when the peer does not say. */
const DEFAULT_REQQ = 250;

/** State machine of one peer connection. */
export class PeerSession {
  /** Mutable state; exposed read-only through {@link PeerSession.state} and the getters. */
  private readonly st: PeerSessionState = {
    amChoking: true,
    amInterested: false,
    peerChoking: true,
    peerInterested: false,
    fast: false,
    extended: false,
    peerId: null,
    lastReceivedAt: 0,
    lastSentAt: 0,
  };
  private readonly limits: WireLimits;
  private geometry: TorrentGeometry | undefined;
  private readonly local: NonNullable<PeerSessionOptions['local']>;
  private readonly extensions: ExtensionRegistry;
  private handshaken = false;
  private readonly pieces: PeerPieces;
  private readonly own: OwnRequests;
  private readonly theirs: PeerRequests;
  private outbox: WireMessage[] = [];

  constructor(options: PeerSessionOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.geometry = options.geometry;
    this.local = options.local ?? { fast: true, extended: true };
    this.extensions = new ExtensionRegistry(options.localExtensions ?? DEFAULT_LOCAL_EXTENSIONS, this.limits);
    this.own = new OwnRequests(this.limits.maxOwnRequests);
    this.theirs = new PeerRequests(this.limits.maxPeerRequests);
    this.pieces = new PeerPieces(options.geometry, this.limits.maxBitfieldBytes * 8);
  }

  /** The session's state (read-only; change it through the action methods). */
  get state(): Readonly<PeerSessionState> {
    return this.st;
  }

  // ── outbound ────────────────────────────────────────────────────────────────────────────

  /** Take every queued outbound message (in order); `now` stamps `lastSentAt`. */
  flush(now: number): WireMessage[] {
    const out = this.outbox;
    this.outbox = [];
    this.theirs.flushed();
    if (out.length > 0) this.st.lastSentAt = now;
    return out;
  }

  /** Queue our BEP 3 handshake with the reserved bits of our `local` extensions. */
  sendHandshake(infoHash: Uint8Array, peerId: Uint8Array): void {
    this.outbox.push({ type: 'handshake', reserved: makeReserved(this.local), infoHash, peerId });
  }

  /** Queue our BEP 10 handshake: `m` from `localExtensions`, `reqq` = our request limit. */
  sendExtensionHandshake(fields: Omit<ExtensionHandshake, 'm' | 'reqq'> = {}): void {
    if (!this.st.extended) throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', 'peer does not support BEP 10');
    const payload = this.extensions.encodeLocalHandshake({ ...fields, reqq: this.limits.maxPeerRequests });
    this.outbox.push({ type: 'extended', extId: 0, payload });
  }

  /** Queue a BEP 10 message under the peer's id for `name`; false if the peer lacks it. */
  sendExtended(name: string, payload: Uint8Array): boolean {
    const extId = this.extensions.remoteId(name);
    if (!this.st.extended || !extId) return false;
    this.outbox.push({ type: 'extended', extId, payload });
    return true;
  }

  /** Announce our pieces: BEP 6 have-all/have-none when possible, else a bitfield. */
  sendPieces(have: Bitfield): void {
    if (this.st.fast && have.hasAll()) this.outbox.push({ type: 'have-all' });
    else if (this.st.fast && have.hasNone()) this.outbox.push({ type: 'have-none' });
    else if (!have.hasNone()) this.outbox.push({ type: 'bitfield', bits: have.toBytes() }); // BEP 3: may skip if empty
  }

  /** Announce a newly verified piece. */
  sendHave(index: number): void {
    this.outbox.push({ type: 'have', index });
  }

  /** Keep-alive (BEP 3: send one after ~2 minutes of silence; the caller decides when). */
  keepAlive(): void {
    this.outbox.push({ type: 'keep-alive' });
  }

  /** Express interest; no-op if unchanged. */
  interested(): void {
    if (!this.st.amInterested) this.outbox.push({ type: 'interested' });
    this.st.amInterested = true;
  }

  /** Withdraw interest; no-op if unchanged. */
  notInterested(): void {
    if (this.st.amInterested) this.outbox.push({ type: 'not-interested' });
    this.st.amInterested = false;
  }

  /**
   * Choke the peer. Its pending requests are answered with BEP 6 rejects when the fast
   * extension is on (except for pieces we allowed fast), silently dropped otherwise (BEP 3).
   * Returns the requests that will not be served.
   */
  choke(): BlockRef[] {
    if (this.st.amChoking) return [];
    this.st.amChoking = true;
    this.outbox.push({ type: 'choke' });
    const dropped = this.theirs.onChoke(this.st.fast);
    if (this.st.fast) for (const r of dropped) this.outbox.push(blockMessage('reject', r));
    return dropped;
  }

  /** Unchoke the peer; no-op if unchanged. */
  unchoke(): void {
    if (this.st.amChoking) this.outbox.push({ type: 'unchoke' });
    this.st.amChoking = false;
  }

  /** BEP 6: let the peer request `index` even while choked. */
  allowFast(index: number): void {
    if (this.st.fast && this.theirs.grantFast(index)) this.outbox.push({ type: 'allowed-fast', index });
  }

  /** BEP 6: suggest a piece to the peer (no-op without the fast extension). */
  suggest(index: number): void {
    if (this.st.fast) this.outbox.push({ type: 'suggest', index });
  }

  /** Requests we may still pipeline: min(our cap, the peer's reqq) minus outstanding. */
  requestSlots(): number {
    const reqq = this.extensions.remote?.reqq ?? DEFAULT_REQQ;
    return this.own.slots(reqq);
  }

  /** True if a request for `index` may be sent now (unchoked, or allowed fast, with a free slot). */
  canRequest(index: number): boolean {
    return (!this.st.peerChoking || (this.st.fast && this.own.isAllowedFast(index))) && this.requestSlots() > 0;
  }

  /** Queue a request; false (nothing queued) if not allowed now or already outstanding. */
  request(ref: BlockRef, now: number): boolean {
    if (!this.canRequest(ref.index) || !this.own.add(ref, now)) return false;
    this.outbox.push({ type: 'request', index: ref.index, begin: ref.begin, length: ref.length });
    return true;
  }

  /** Cancel one of our outstanding requests (e.g. end-game duplicate arrived elsewhere). */
  cancel(ref: BlockRef): boolean {
    if (!this.own.cancel(ref)) return false;
    this.outbox.push({ type: 'cancel', index: ref.index, begin: ref.begin, length: ref.length });
    return true;
  }

  /** Our outstanding requests older than `now - timeoutMs` (they stay outstanding). */
  timedOutRequests(now: number, timeoutMs: number): BlockRef[] {
    return this.own.olderThan(now - timeoutMs);
  }

  /** Our outstanding requests with their times. */
  ownRequests(): PendingRequest[] {
    return this.own.list();
  }

  /** The peer's outstanding requests to us. */
  peerRequests(): PendingRequest[] {
    return this.theirs.list();
  }

  /**
   * Serve a block the peer requested. False (nothing queued) if the request is no longer
   * pending: cancelled, or dropped by a choke meanwhile. `block` is sent as is, not copied.
   */
  sendPiece(index: number, begin: number, block: Uint8Array): boolean {
    if (!this.theirs.take({ index, begin, length: block.length })) return false;
    this.outbox.push({ type: 'piece', index, begin, block });
    return true;
  }

  /** Refuse a pending peer request (e.g. we lack the piece): BEP 6 reject, or drop silently. */
  rejectRequest(ref: BlockRef): void {
    if (this.theirs.take(ref) && this.st.fast) this.outbox.push(blockMessage('reject', ref));
  }

  /** Set the torrent shape (magnet metadata arrived); validates a bitfield received earlier. */
  setGeometry(geometry: TorrentGeometry): void {
    this.geometry = geometry;
    this.pieces.setGeometry(geometry);
  }

  /** The peer's pieces, once its piece set and the geometry are known. */
  get peerPieces(): Bitfield | null {
    return this.pieces.bitfield;
  }

  /** True if the peer is known to have piece `index`. */
  peerHas(index: number): boolean {
    return this.pieces.has(index);
  }

  /** The peer's BEP 10 handshake (extension ids, reqq, metadata_size), once received. */
  get remoteExtensions(): ExtensionHandshake | null {
    return this.extensions.remote;
  }

  // ── inbound ─────────────────────────────────────────────────────────────────────────────

  /**
   * Consume one decoded message (from {@link FrameDecoder}) and return what happened. Throws
   * {@link WireProtocolError} when the peer breaks the protocol: drop the connection then.
   */
  receive(msg: WireMessage, now: number): SessionEvent[] {
    this.st.lastReceivedAt = now;
    if (msg.type === 'handshake') return [this.onHandshake(msg.reserved, msg.infoHash, msg.peerId)];
    if (!this.handshaken) throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', `${msg.type} before the handshake`);
    // Also checked by a FrameDecoder that knows the geometry; repeated here (cheap) so a
    // session fed by a decoder without it still never accepts an out-of-range index.
    if (this.geometry) checkMessageGeometry(msg, this.geometry, this.limits);
    switch (msg.type) {
      case 'keep-alive':
        return [{ type: 'keep-alive' }];
      case 'choke':
      case 'unchoke': {
        const choking = msg.type === 'choke';
        if (choking === this.st.peerChoking) return [];
        this.st.peerChoking = choking;
        // BEP 3: a choke discards pending requests; BEP 6 keeps them until piece or reject.
        const dropped = choking && !this.st.fast ? this.own.dropAll() : [];
        return [{ type: 'choke-changed', peerChoking: choking, dropped }];
      }
      case 'interested':
      case 'not-interested': {
        const interested = msg.type === 'interested';
        if (interested === this.st.peerInterested) return [];
        this.st.peerInterested = interested;
        return [{ type: 'interest-changed', peerInterested: interested }];
      }
      case 'have':
        return this.pieces.have(msg.index) ? [{ type: 'have', index: msg.index }] : [];
      case 'bitfield':
        return [{ type: 'bitfield', bitfield: this.pieces.announce(msg.bits), all: false, none: false }];
      case 'have-all':
      case 'have-none': {
        this.requireFast(msg.type);
        const all = msg.type === 'have-all';
        return [{ type: 'bitfield', bitfield: this.pieces.announce(all ? 'all' : 'none'), all, none: !all }];
      }
      case 'request':
        return this.onRequest(msg, now);
      case 'cancel': {
        if (!this.theirs.take(msg)) return [];
        // BEP 6: with the fast extension every request gets exactly one answer, so a cancel is
        // answered with a reject.
        if (this.st.fast) this.outbox.push({ type: 'reject', index: msg.index, begin: msg.begin, length: msg.length });
        return [{ type: 'request-cancelled', index: msg.index, begin: msg.begin, length: msg.length }];
      }
      case 'piece':
        return [this.own.onBlock(msg.index, msg.begin, msg.block)];
      case 'reject': {
        this.requireFast(msg.type);
        // A reject crossing our cancel is normal; one for a request never made is ignored.
        if (!this.own.onReject(msg)) return [];
        return [{ type: 'rejected', index: msg.index, begin: msg.begin, length: msg.length }];
      }
      case 'suggest':
        this.requireFast(msg.type);
        return [{ type: 'suggest', index: msg.index }];
      case 'allowed-fast':
        this.requireFast(msg.type);
        return this.own.allowFast(msg.index) ? [{ type: 'allowed-fast', index: msg.index }] : [];
      case 'port':
        return [{ type: 'port', port: msg.port }];
      case 'extended':
        return this.onExtended(msg.extId, msg.payload);
      case 'hash-request':
      case 'hashes':
      case 'hash-reject':
        return [{ type: 'hash-message', message: msg }];
    }
  }

  private onHandshake(reserved: Uint8Array, infoHash: Uint8Array, peerId: Uint8Array): SessionEvent {
    if (this.handshaken) throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', 'second handshake');
    this.handshaken = true;
    const peer = readReserved(reserved);
    this.st.fast = Boolean(this.local.fast) && peer.fast;
    this.st.extended = Boolean(this.local.extended) && peer.extended;
    this.st.peerId = peerId;
    return { type: 'handshake', infoHash, peerId, fast: this.st.fast, extended: this.st.extended, v2: Boolean(this.local.v2) && peer.v2 };
  }

  private onRequest(ref: BlockRef, now: number): SessionEvent[] {
    const r = { index: ref.index, begin: ref.begin, length: ref.length };
    const verdict = this.theirs.onRequest(r, now, this.st.amChoking, this.st.fast);
    if (verdict === 'reject') this.outbox.push(blockMessage('reject', r));
    return verdict === 'accept' ? [{ type: 'request', ...r }] : [];
  }

  private onExtended(extId: number, payload: Uint8Array): SessionEvent[] {
    if (!this.st.extended) throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', 'extended message without BEP 10');
    return this.extensions.receive(extId, payload);
  }

  private requireFast(type: string): void {
    // BEP 6: receiving these without the fast extension negotiated is a protocol violation.
    if (!this.st.fast) throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', `${type} without the fast extension`);
  }
}
