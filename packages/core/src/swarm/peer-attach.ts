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

/** Attach a handshaken connection; returns why it was refused, or null. */
export function attachPeer(s: Swarm, conn: Connection, hs: HandshakeMessage, reader: ByteReader, direction: 'in' | 'out'): string | null {
  const idHex = bytesToHex(hs.peerId);
  const reason = bytesEqual(hs.peerId, s.peerId)
    ? 'connected to ourselves'
    : s.banned.has(idHex) || s.banned.has(conn.remoteAddress)
      ? 'banned'
      : [...s.peers].some((p) => bytesEqual(p.peerId, hs.peerId))
        ? 'duplicate connection'
        : s.abort.signal.aborted
          ? 'stopped'
          : null;
  if (reason) {
    conn.close();
    return reason;
  }
  const flags = readReserved(hs.reserved);
  const peer = new PeerConnection({ conn, peerId: hs.peerId, reserved: flags, direction, limits: s.limits });
  peer.connectedAt = s.clock.now();
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
