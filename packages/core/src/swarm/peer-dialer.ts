/**
 * @module swarm/peer-dialer — outbound connections of a swarm: queued candidate addresses (from
 * trackers, magnet `x.pe`, hints), the connection limit, the BEP 3 handshake on dial, and the
 * redial rules (failed addresses wait, our own address and seeds met while complete are skipped).
 */
import { formatHostPort, parseHostPort } from '../transport/address.js';
import type { Connection } from '../transport/transport.js';
import { bytesEqual } from '../wire/handshake.js';
import { ByteReader } from './byte-reader.js';
import { SwarmError } from './errors.js';
import { ourHandshake, readHandshake } from './handshake-io.js';
import type { PeerConnection } from './peer-connection.js';
import type { Swarm } from './swarm.js';

/** Default connection limit per torrent. */
export const DEFAULT_MAX_PEERS = 50;
/** A failed address is not dialled again for this long. */
const REDIAL_AFTER_MS = 30_000;

/**
 * The address `peer` accepts connections at: a dialled peer's own address; for an inbound TCP
 * peer, the host it came from with the listen port of its BEP 10 handshake (`p`), since its
 * source port is an ephemeral one. Null when unknown (no `p` yet, or not TCP: data-channel and
 * tunnel peers are not dialled at a host and port).
 */
export function listenAddressOf(peer: PeerConnection): string | null {
  if (peer.direction === 'out') return peer.address;
  const port = peer.ext.listenPort;
  if (port === undefined || peer.conn.kind !== 'tcp') return null;
  let host: string;
  try {
    host = parseHostPort(peer.address).host;
  } catch {
    return null; // a transport address that is not host:port has no listen address to match
  }
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; trackers list them as a.b.c.d.
  if (host.startsWith('::ffff:') && host.includes('.')) host = host.slice(7);
  return formatHostPort(host, port);
}

/** Dials peers for one swarm. */
export class PeerDialer {
  readonly #s: Swarm;
  readonly #connecting = new Set<string>();
  readonly #candidates = new Set<string>();
  readonly #failedAt = new Map<string, number>();
  /**
   * Addresses not dialled again: ourselves, and where a peer listens (dialled, or inbound with
   * BEP 10 `p`) when its link closed with both of us complete (Swarm.removePeer).
   */
  readonly #skip = new Set<string>();

  constructor(s: Swarm) {
    this.#s = s;
  }

  /** Connections being dialled right now. */
  get connecting(): number {
    return this.#connecting.size;
  }

  /** Queue an address and dial if under the limit. */
  add(address: string): void {
    this.#candidates.add(address);
    this.connectMore();
  }

  /** Never dial `address` again. */
  skip(address: string): void {
    this.#skip.add(address);
  }

  /** Dial queued candidates while under the connection limit. */
  connectMore(): void {
    const s = this.#s;
    if (!s.opts.dial || s.signal.aborted) return;
    // Seeders dial too: some clients (Transmission) never dial loopback/LAN peers a tracker
    // gives them, so a seeder that waited to be dialled would never serve them.
    const max = s.opts.maxPeers ?? DEFAULT_MAX_PEERS;
    const now = s.clock.now();
    if (this.#candidates.size === 0) return;
    // Peers we are connected to, by the address they listen at: an inbound peer that a tracker
    // also lists is not dialled a second time (the second link would only be refused as a
    // duplicate once both handshakes are done, BEP 10 `p`).
    const connected = new Set<string>();
    for (const p of s.peers) {
      connected.add(p.address);
      const listen = listenAddressOf(p);
      if (listen) connected.add(listen);
    }
    for (const address of this.#candidates) {
      if (s.peers.size + this.#connecting.size >= max) return;
      this.#candidates.delete(address);
      if (this.#connecting.has(address) || s.banned.has(address) || this.#skip.has(address)) continue;
      if (connected.has(address)) continue;
      const failed = this.#failedAt.get(address);
      if (failed !== undefined && now - failed < REDIAL_AFTER_MS) continue;
      void this.#dial(address);
    }
  }

  /** Handshake (ours first) on a connection opened elsewhere and attach it. */
  adopt(conn: Connection): void {
    const s = this.#s;
    if (s.signal.aborted || s.peers.size >= (s.opts.maxPeers ?? DEFAULT_MAX_PEERS)) {
      conn.close();
      return;
    }
    void this.#dial(conn.remoteAddress, conn);
  }

  async #dial(address: string, opened?: Connection): Promise<void> {
    const s = this.#s;
    this.#connecting.add(address);
    let conn: Connection | undefined = opened;
    try {
      conn ??= await s.opts.dial!(address, s.signal);
      // Everything we keep past a pull is copied (ByteReader, frame decoder, piece buffers).
      conn.borrowReads?.();
      const reader = new ByteReader(conn.readable);
      await conn.write(ourHandshake(s.handshakeHashes[0]!, s.peerId));
      const hs = await readHandshake(conn, reader, s.clock);
      if (!s.handshakeHashes.some((h) => bytesEqual(h, hs.infoHash))) {
        throw new SwarmError('SWARM_UNKNOWN_INFO_HASH', `${address} answered with another info-hash`);
      }
      // Never dial our own listen address again (trackers list us among the peers).
      if (s.attach(conn, hs, reader, 'out') === 'connected to ourselves' && !opened) this.#skip.add(address);
    } catch (err) {
      if (!opened) this.#failedAt.set(address, s.clock.now());
      conn?.close();
      if (!s.signal.aborted) s.events.emit('warning', { message: `dial ${address}: ${(err as Error).message}`, cause: err });
    } finally {
      this.#connecting.delete(address);
    }
  }
}
