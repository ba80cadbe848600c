/**
 * @module swarm/piece-completion — what happens when the last block of a piece arrives:
 * verify it (v1 SHA-1 / v2 merkle, via the hash pool), write it, send HAVE to every peer at
 * once (BEP 3: every downloader is also a seeder), or — on a hash failure — throw the piece
 * away and blame the peers that sent it. A peer that alone supplied a bad piece is banned. When
 * several peers contributed, who lied is found once the piece verifies on a later attempt
 * (smart ban, smart-ban.ts): only peers whose blocks differ from the verified ones are banned.
 */
import { blockMessage } from '../wire/block-message.js';
import type { ActivePiece } from './request-scheduler.js';
import { SwarmError } from './errors.js';
import { encodeMessage } from '../wire/encode.js';
import { blockKey, type PeerConnection } from './peer-connection.js';
import { SmartBan, blockDigests } from './smart-ban.js';
import type { Swarm } from './swarm.js';

/** Each swarm's records of failed pieces (kept here so the swarm's own state stays as it is). */
const smartBans = new WeakMap<Swarm, SmartBan<PeerConnection>>();

/** The smart-ban records of `s` (created on first use). */
export function smartBanOf(s: Swarm): SmartBan<PeerConnection> {
  let sb = smartBans.get(s);
  if (!sb) smartBans.set(s, (sb = new SmartBan<PeerConnection>()));
  return sb;
}

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
    await onPieceFailed(s, piece);
    return;
  }
  if (smartBanOf(s).has(index) && !(await judgeLiars(s, piece))) return;
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
    if (peer.release(blockKey(ref.index, ref.begin))) peer.send(blockMessage('cancel', ref));
  }
  if (!s.have!.set(index)) return;
  s.verifiedBytes += piece.size;
  for (const peer of s.peers) {
    // A peer that has the piece gains nothing from hearing it now (it cannot want it from us):
    // its HAVE rides along with the next message we send it (requests, keep-alive) instead of
    // costing a write of its own; one per piece, on loopback, was 4 writes per MiB.
    if (peer.have?.get(index)) peer.sendLazy(encodeMessage({ type: 'have', index }));
    // Others lack it: it may wait up to SOON_MS for our next write to them (peer-connection.ts).
    else peer.sendSoon(encodeMessage({ type: 'have', index }));
    if (peer.amInterested) s.updateInterest(peer);
  }
  s.events.emit('piece', { index });
  if (s.complete) await s.finish();
}

/**
 * A piece failed its hash check. Its sole contributor is banned; with several contributors,
 * nobody is blamed yet: who sent which block, and its digest, is recorded for the smart ban,
 * and the piece is downloaded again, from one peer at a time.
 */
async function onPieceFailed(s: Swarm, piece: ActivePiece): Promise<void> {
  const { index, buffer, senders } = piece;
  if (piece.contributors.size === 1) {
    const [peer] = piece.contributors;
    peer!.strikes++;
    banOnce(s, peer!, `piece ${index} failed its hash check (sole contributor)`);
  } else {
    try {
      // Before the buffer is released (it is reused for the next piece).
      const digests = await blockDigests(s.opts.hash, buffer);
      const blocks = [];
      for (const [begin, peer] of senders) {
        peer.strikes++;
        const digest = digests.get(begin);
        if (digest !== undefined) blocks.push({ begin, peer, digest });
      }
      smartBanOf(s).record(index, blocks);
      // The retry comes whole from one peer: it verifies (and shows who lied) or has a sole sender.
      s.scheduler?.markSuspect(index);
    } catch (err) {
      if (!s.signal.aborted) s.events.emit('warning', { message: `hashing the blocks of failed piece ${index} failed: ${(err as Error).message}`, cause: err });
    }
  }
  if (s.signal.aborted) return;
  s.scheduler?.onPieceFailed(index);
  for (const peer of s.peers) s.fillRequests(peer);
}

/**
 * Piece `piece` verified after failing before: ban every peer whose earlier block differs from
 * the verified one, and clear the strikes of those whose blocks all matched. Returns false when
 * the swarm stopped meanwhile.
 */
async function judgeLiars(s: Swarm, piece: ActivePiece): Promise<boolean> {
  const sb = smartBanOf(s);
  let good: Map<number, string>;
  try {
    good = await blockDigests(s.opts.hash, piece.buffer);
  } catch (err) {
    sb.drop(piece.index);
    if (!s.signal.aborted) s.events.emit('warning', { message: `hashing the blocks of piece ${piece.index} failed: ${(err as Error).message}`, cause: err });
    return !s.signal.aborted;
  }
  if (s.signal.aborted) return false;
  const { liars, honest } = sb.resolve(piece.index, (begin) => good.get(begin));
  for (const peer of honest) peer.strikes = 0;
  for (const [peer, begin] of liars) {
    banOnce(s, peer, `piece ${piece.index} failed its hash check: block ${begin} from this peer differs from the verified piece (smart ban)`);
  }
  return true;
}

/** Ban `peer` unless it is already banned (several of its pieces can fail, or be judged, at once). */
function banOnce(s: Swarm, peer: PeerConnection, reason: string): void {
  if (peer.closed && s.banned.has(peer.address)) return;
  s.ban(peer, reason);
}
