/**
 * @module swarm/torrent-init — set a swarm up for a known torrent (from a .torrent, or when a
 * magnet's metadata arrives, BEP 9): storage, piece layout, verifier, resume check, scheduler,
 * and the catch-up of peers that connected before the metadata was known.
 */
import { Bitfield } from '../bitfield/bitfield.js';
import { applySelection } from './file-selection.js';
import type { PeerConnection } from './peer-connection.js';
import { createPieceLayout } from './piece-layout.js';
import { createPieceVerifier } from './piece-verifier.js';
import { RequestScheduler } from './request-scheduler.js';
import { checkExistingPieces } from './resume.js';
import type { Swarm } from './swarm.js';
import type { SwarmTorrent } from './types.js';

/** Set up storage, layout and scheduler for a known torrent, and check existing data. */
export async function initTorrent(s: Swarm, t: SwarmTorrent): Promise<void> {
  const layout = createPieceLayout(t);
  const have = new Bitfield(t.pieceCount);
  const verifier = createPieceVerifier(t, layout, s.opts.hash);
  const storage = await s.opts.storage(t.files);
  if (s.abort.signal.aborted) {
    await storage.close();
    return;
  }
  s.storage = storage;
  s.layout = layout;
  s.verifier = verifier;
  if (s.opts.assumeComplete) {
    have.setAll();
    s.resumedBytes = s.verifiedBytes = layout.totalBytes;
    s.events.emit('checked', { piecesValid: t.pieceCount, bytesValid: layout.totalBytes });
  } else if (s.opts.checkExisting !== false) {
    const found = await checkExistingPieces({
      layout,
      files: t.files,
      storage,
      verify: verifier,
      have,
      signal: s.abort.signal,
      ...(s.opts.probe ? { probe: s.opts.probe } : {}),
    });
    s.resumedBytes = found.bytes;
    s.verifiedBytes = found.bytes;
    s.events.emit('checked', { piecesValid: found.pieces, bytesValid: found.bytes });
  }
  s.torrent = t;
  s.have = have;
  s.scheduler = new RequestScheduler(layout, have, s.opts.random);
  if (s.selection.hasPriorities) applySelection(s);
  s.events.emit('metadata', t);
  for (const peer of s.peers) onMetadataForPeer(s, peer);
  if (s.complete) void s.finish();
}

/** After metadata arrives: apply the peer's early have messages and re-evaluate interest. */
function onMetadataForPeer(s: Swarm, peer: PeerConnection): void {
  const t = s.torrent!;
  peer.decoder.setGeometry({ pieceCount: t.pieceCount, pieceLength: t.pieceLength, totalLength: s.layout!.wireLength });
  const pending = peer.pendingHave;
  peer.pendingHave = null;
  let bits: Bitfield;
  try {
    bits = pending?.all ? Bitfield.full(t.pieceCount) : pending?.bits ? Bitfield.fromBytes(pending.bits, t.pieceCount) : new Bitfield(t.pieceCount);
  } catch (err) {
    // A bitfield that arrived before the metadata and turns out to have the wrong length or
    // spare bits set (BEP 3: "Clients may drop the connection"): drop this peer, not the download.
    s.removePeer(peer, `${(err as Error).name}: ${(err as Error).message}`);
    return;
  }
  for (const i of pending?.indices ?? []) if (i < t.pieceCount) bits.set(i);
  peer.have = bits;
  s.scheduler!.addAvailability(bits);
  // We told this peer have-none (or nothing) before we knew the torrent; announce what we hold now.
  for (let i = s.have!.nextSet(0); i >= 0; i = s.have!.nextSet(i + 1)) peer.send({ type: 'have', index: i });
  s.updateInterest(peer);
}
