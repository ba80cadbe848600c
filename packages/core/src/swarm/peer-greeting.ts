/**
 * @module swarm/peer-greeting — the first messages we send after the handshake: our BEP 10
 * extension handshake (ut_metadata with `metadata_size`, `reqq`, `v`, `p`), then what we have:
 * BEP 6 have-all / have-none when the peer supports the fast extension, else a BEP 3 bitfield
 * (omitted when we have nothing). Before a magnet's metadata arrives we know no piece count,
 * so we send have-none (fast peers) or nothing.
 */
import { Bitfield } from '../bitfield/bitfield.js';
import { encodeExtensionHandshake } from './extension-protocol.js';
import type { PeerConnection } from './peer-connection.js';
import type { Swarm } from './swarm.js';

/** Send our greeting to a freshly attached peer. */
export function greetPeer(s: Swarm, peer: PeerConnection): void {
    if (peer.extended) {
      peer.sendExtended(
        0,
        encodeExtensionHandshake({
          reqq: s.limits.maxPeerRequests,
          client: s.opts.clientName ?? 'Seedling 0.1.0',
          ...(s.torrent ? { metadataSize: s.torrent.infoBytes.length } : {}),
          ...(s.opts.port ? { port: s.opts.port } : {}),
        }),
      );
    }
    if (s.have && s.torrent) {
      peer.decoder.setGeometry({ pieceCount: s.torrent.pieceCount, pieceLength: s.torrent.pieceLength, totalLength: s.layout!.wireLength });
      peer.pendingHave = null;
      peer.have = new Bitfield(s.torrent.pieceCount);
      if (peer.fast && s.have.hasAll()) peer.send({ type: 'have-all' });
      else if (peer.fast && s.have.hasNone()) peer.send({ type: 'have-none' });
      else if (!s.have.hasNone()) peer.send({ type: 'bitfield', bits: s.have.toBytes() });
    } else if (peer.fast) {
      peer.send({ type: 'have-none' });
    }
}
