/**
 * @module swarm/peer-attach — turn a handshaken connection (inbound or dialled) into a swarm
 * peer: refuse ourselves, banned and duplicate peers, greet, and run the read loop that
 * dispatches wire messages (message-handler.ts) until the connection ends.
 */
import { bytesToHex } from '../bencode/bytes.js';
import type { Connection } from '../transport/transport.js';
import { bytesEqual, readReserved } from '../wire/handshake.js';
import type { HandshakeMessage } from '../wire/messages.js';
import type { ByteReader } from './byte-reader.js';
import { ourHandshake } from './handshake-io.js';
import { handleMessage } from './message-handler.js';
import { PeerConnection } from './peer-connection.js';
import { DEFAULT_MAX_PEERS } from './peer-dialer.js';
import { greetPeer } from './peer-greeting.js';
import { formatPeerId } from './peer-id.js';
import type { Swarm } from './swarm.js';

/** Answer an inbound handshake (read by the host) and attach the connection. */
export function acceptInbound(s: Swarm, conn: Connection, hs: HandshakeMessage, reader: ByteReader): void {
  const max = s.opts.maxPeers ?? DEFAULT_MAX_PEERS;
  if (s.abort.signal.aborted || s.peers.size >= max) {
    conn.close();
    return;
  }
  void conn.write(ourHandshake(hs.infoHash, s.peerId)).then(
    () => attachPeer(s, conn, hs, reader, 'in'),
    () => conn.close(),
  );
}

/** Direct transports, where `direction` means the same on both ends (who dialled whom). */
const DIALLED_KINDS: ReadonlySet<string> = new Set(['tcp', 'memory']);

/**
 * How far apart two handshakes of one pair may complete and still count as a simultaneous dial.
 * Dials crossing on the wire complete within milliseconds of each other on both ends, later
 * ones seconds after: the two ends agree on either side of this bound.
 */
const SIMULTANEOUS_MS = 1500;

/** -1, 0 or 1: `a` against `b`, byte by byte. */
function compareIds(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

/**
 * Whether our side opened `conn`: on direct transports, whether we dialled it (`direction`
 * means the same on both ends); on adopted links (WebRTC), what the connection says
 * (`initiator`: we made the offer). Undefined when nobody can tell: every adopted link arrives
 * as `'out'` on both ends, and tunnel links do not say who opened them.
 */
function openedByUs(conn: Connection, direction: 'in' | 'out'): boolean | undefined {
  return DIALLED_KINDS.has(conn.kind) ? direction === 'out' : conn.initiator;
}

/**
 * Two peers that dial each other at once end up with two connections, and each side used to
 * keep whichever handshake it finished first: when the two sides picked different ones, each
 * closed the one the other kept and the pair lost its link. Both sides now keep the same one:
 * the connection opened by the lower peer id (as libtorrent does for TCP), so whichever arrives
 * second replaces the first when it is that one. This covers direct transports (TCP, memory:
 * who dialled) and WebRTC links (who made the offer: two tabs can each answer the other's
 * offer, e.g. a re-announce's offer racing a link being set up). Relay-tunnel links do not say
 * who opened them and keep "first one wins", as do two links opened by the same side.
 */
function keepsNew(s: Swarm, existing: PeerConnection, conn: Connection, theirId: Uint8Array, direction: 'in' | 'out'): boolean {
  if (existing.conn.kind !== conn.kind) return false;
  const oldOurs = openedByUs(existing.conn, existing.direction);
  const newOurs = openedByUs(conn, direction);
  if (oldOurs === undefined || newOurs === undefined || oldOurs === newOurs) return false;
  // A late second link (say after a re-announce: an inbound peer's address is not its listen
  // address) meets an established link on both ends: keep that one, never restart a transfer.
  if (existing.connectedAt !== undefined && s.clock.now() - existing.connectedAt > SIMULTANEOUS_MS) return false;
  const weAreLower = compareIds(s.peerId, theirId) < 0;
  return newOurs === weAreLower;
}

/** Attach a handshaken connection; returns why it was refused, or null. */
export function attachPeer(s: Swarm, conn: Connection, hs: HandshakeMessage, reader: ByteReader, direction: 'in' | 'out'): string | null {
  const idHex = bytesToHex(hs.peerId);
  const existing = [...s.peers].find((p) => bytesEqual(p.peerId, hs.peerId));
  const reason = bytesEqual(hs.peerId, s.peerId)
    ? 'connected to ourselves'
    : s.banned.has(idHex) || s.banned.has(conn.remoteAddress)
      ? 'banned'
      : s.abort.signal.aborted
        ? 'stopped'
        : existing && !keepsNew(s, existing, conn, hs.peerId, direction)
          ? 'duplicate connection'
          : null;
  if (reason) {
    conn.close();
    return reason;
  }
  if (existing) s.removePeer(existing, 'duplicate connection (the one opened by the lower peer id is kept)');
  const flags = readReserved(hs.reserved);
  const peer = new PeerConnection({ conn, peerId: hs.peerId, reserved: flags, direction, limits: s.limits });
  peer.connectedAt = s.clock.now();
  peer.lastHeardAt = peer.connectedAt;
  s.peers.add(peer);
  greetPeer(s, peer);
  s.events.emit('peer', { address: peer.address, peerId: formatPeerId(peer.peerId), direction, transport: conn.kind });
  void readLoop(s, peer, reader);
  return null;
}

async function readLoop(s: Swarm, peer: PeerConnection, reader: ByteReader): Promise<void> {
  let reason: string | undefined;
  try {
    for await (const chunk of reader.rest()) {
      if (peer.closed) break;
      peer.lastHeardAt = s.clock.now();
      for (const msg of peer.decoder.push(chunk)) {
        const waiting = handleMessage(s, peer, msg);
        if (waiting) await waiting;
        if (peer.closed) break;
      }
    }
    reason = 'connection closed by peer';
  } catch (err) {
    reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  s.removePeer(peer, reason);
}
