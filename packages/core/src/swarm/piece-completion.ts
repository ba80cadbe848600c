/**
 * @module swarm/piece-completion — what happens when the last block of a piece arrives:
 * verify it (v1 SHA-1 / v2 merkle, via the hash pool), write it, send HAVE to every peer at
 * once (BEP 3: every downloader is also a seeder), or — on a hash failure — throw the piece
 * away and blame the peers that sent it. A peer that alone supplied a bad piece, or that
 * contributed to several bad pieces, is banned.
 */
import type { ActivePiece } from './request-scheduler.js';
import { SwarmError } from './errors.js';
import type { Swarm } from './swarm.js';

/** Strikes (shared bad pieces) after which a contributing peer is banned. */
const MAX_STRIKES = 2;

/** Verify and store a piece whose blocks are all in. */
export async function onPieceComplete(s: Swarm, piece: ActivePiece): Promise<void> {
  const { index, buffer } = piece;
  let ok: boolean;
  try {
    // No signal: verification is short, and one abort listener per piece would pile up.
    ok = await s.verifier!(index, buffer);
  } catch (err) {
    if (s.signal.aborted) return;
    s.scheduler?.onPieceFailed(index);
    s.events.emit('warning', { message: `hashing piece ${index} failed: ${(err as Error).message}`, cause: err });
    for (const peer of s.peers) s.fillRequests(peer);
    return;
  }
  if (s.signal.aborted) return;
  if (!ok) {
    s.scheduler?.onPieceFailed(index);
    const sole = piece.contributors.size === 1;
    for (const peer of piece.contributors) {
      peer.strikes++;
      if (sole || peer.strikes >= MAX_STRIKES) {
        s.ban(peer, `piece ${index} failed its hash check (${sole ? 'sole contributor' : `${peer.strikes} bad pieces`})`);
      }
    }
    for (const peer of s.peers) s.fillRequests(peer);
    return;
  }
  try {
    await s.storage!.write(s.layout!.offset(index), buffer);
  } catch (err) {
    s.scheduler?.onPieceFailed(index);
    const e = new SwarmError('SWARM_STORAGE_FAILED', `writing piece ${index} failed: ${(err as Error).message}`, { cause: err });
    s.events.emit('error', e);
    void s.stop();
    return;
  }
  for (const { peer, ref } of s.scheduler?.onPieceVerified(index) ?? []) {
    // Endgame copies still outstanding elsewhere are no longer needed (BEP 3 cancel).
    if (peer.release(`${ref.index}:${ref.begin}`)) peer.send({ type: 'cancel', ...ref });
  }
  if (!s.have!.set(index)) return;
  s.verifiedBytes += piece.size;
  for (const peer of s.peers) {
    peer.send({ type: 'have', index });
    if (peer.amInterested) s.updateInterest(peer);
  }
  s.events.emit('piece', { index });
  if (s.complete) await s.finish();
}
