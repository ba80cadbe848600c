/**
 * @module swarm/message-handler — what the swarm does with each wire message from a peer
 * (BEP 3 core messages, BEP 6 fast extension, BEP 10 extended messages, BEP 9 ut_metadata).
 * Protocol violations throw {@link WireProtocolError}; the read loop then drops the peer.
 */
import { blockMessage } from '../wire/block-message.js';
import { Bitfield } from '../bitfield/bitfield.js';
import { WireProtocolError } from '../wire/errors.js';
import type { BlockRef, WireMessage, WireMessageOf } from '../wire/messages.js';
import { PieceLayerFetcher, serveHashRequest } from './piece-layers.js';
import type { SwarmTorrent } from './types.js';
import { decodeExtensionHandshake, decodeMetadataMessage, MetadataMsgType, UT_METADATA_LOCAL_ID } from './extension-protocol.js';
import { serveMetadata } from './metadata-fetcher.js';
import { blockKey, type PeerConnection } from './peer-connection.js';
import { onChokedRequest, onOverflowRequest, onUnrequestedBlock } from './peer-abuse.js';
import { onPieceComplete } from './piece-completion.js';
import { updateChokes } from './swarm-tick.js';
import type { Swarm } from './swarm.js';

/**
 * After a block arrives, requests are topped up only once this many slots are free, so they go
 * out in batches (one write, one picker pass) rather than one per block.
 */
const REFILL_BATCH = 64;
/** How long a piece a peer rejected (BEP 6) is asked of other peers only (upload-order.ts). */
const REJECT_AVOID_MS = 2000;

/**
 * Handle one decoded message from `peer`. Returns a promise only for the few messages that wait
 * (a capped download's rate gate, metadata and piece layers): the read loop awaits those and
 * runs through the rest without a microtask per message.
 */
export function handleMessage(s: Swarm, peer: PeerConnection, msg: WireMessage): Promise<void> | undefined {
  switch (msg.type) {
    case 'keep-alive':
    case 'port':
    case 'suggest':
    case 'handshake':
      return;
    case 'choke':
      peer.peerChoking = true;
      // BEP 6: with the fast extension a choke no longer discards requests; the peer rejects them.
      if (!peer.fast) dropOutstanding(s, peer);
      return;
    case 'unchoke':
      peer.peerChoking = false;
      s.fillRequests(peer);
      return;
    case 'interested':
      peer.peerInterested = true;
      updateChokes(s); // BEP 3: a newly interested peer gets a free slot at once
      return;
    case 'not-interested':
      peer.peerInterested = false;
      updateChokes(s);
      return;
    case 'have':
      onHave(s, peer, msg.index);
      return undefined;
    case 'bitfield':
      onBitfield(s, peer, msg.bits);
      return undefined;
    case 'have-all':
    case 'have-none':
      requireFast(peer, msg.type);
      onHaveAllNone(s, peer, msg.type === 'have-all');
      return undefined;
    case 'request':
      onRequest(s, peer, msg);
      return undefined;
    case 'cancel':
      s.upload.cancel(peer, msg);
      return;
    case 'piece':
      return onPiece(s, peer, msg.index, msg.begin, msg.block);
    case 'reject':
      requireFast(peer, 'reject');
      if (peer.release(blockKey(msg.index, msg.begin))) {
        // Ask another peer for this piece for a while (a capped seeder rejects pieces others hold).
        if (!peer.peerChoking) s.scheduler?.avoid(peer, msg.index, s.clock.now() + REJECT_AVOID_MS);
        s.scheduler?.onRequestDropped(peer, msg);
        s.fillRequests(peer);
      }
      return;
    case 'allowed-fast':
      requireFast(peer, 'allowed-fast');
      peer.allowedFast.add(msg.index);
      if (peer.peerChoking) s.fillRequests(peer);
      return;
    case 'extended':
      return onExtended(s, peer, msg.extId, msg.payload);
    case 'hash-request':
      serveHashRequest(peer, msg, s.torrent, s.opts.hash.hasher);
      return;
    case 'hashes':
      return onHashes(s, peer, msg);
    case 'hash-reject':
      s.layers?.release(peer);
      return;
    default:
      return; // unknown ids were already skipped by the frame decoder
  }
}

async function onHashes(s: Swarm, peer: PeerConnection, msg: WireMessageOf<'hashes'>): Promise<void> {
  const layers = s.layers;
  if (!layers) return;
  if (!layers.onHashes(peer, msg)) {
    s.ban(peer, 'sent a piece layer that does not hash to the pieces root (BEP 52)');
    return;
  }
  if (!layers.done) return;
  s.layers = null;
  await startDownload(s, layers.torrent());
}

/** Metadata (and, for v2 magnets, every piece layer) is known: set up storage and start. */
async function startDownload(s: Swarm, torrent: SwarmTorrent): Promise<void> {
  try {
    await s.initTorrent(torrent);
  } catch (err) {
    s.events.emit('error', err instanceof Error ? err : new Error(String(err)));
    void s.stop();
  }
}

function requireFast(peer: PeerConnection, type: string): void {
  if (!peer.fast) throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', `${type} without the fast extension (BEP 6)`);
}

function dropOutstanding(s: Swarm, peer: PeerConnection): void {
  for (const ref of peer.outstanding.values()) s.scheduler?.onRequestDropped(peer, ref);
  peer.releaseAll();
}

function onHave(s: Swarm, peer: PeerConnection, index: number): void {
  if (!peer.have) {
    peer.pendingHave?.indices.push(index);
    if ((peer.pendingHave?.indices.length ?? 0) > s.limits.maxBitfieldBytes * 8) {
      throw new WireProtocolError('WIRE_INDEX_OUT_OF_RANGE', 'too many have messages before metadata');
    }
    return;
  }
  if (index >= peer.have.pieceCount) throw new WireProtocolError('WIRE_INDEX_OUT_OF_RANGE', `have ${index}`);
  if (peer.have.set(index)) s.scheduler?.addOne(index);
  if (!peer.amInterested) s.updateInterest(peer);
  else s.fillRequests(peer);
}

function onBitfield(s: Swarm, peer: PeerConnection, bits: Uint8Array): void {
  if (!peer.have) {
    if (peer.pendingHave) peer.pendingHave.bits = bits.slice();
    return;
  }
  const incoming = Bitfield.fromBytes(bits, peer.have.pieceCount);
  s.scheduler?.removePeer(peer, peer.have);
  peer.releaseAll();
  peer.have = incoming;
  s.scheduler?.addAvailability(incoming);
  s.updateInterest(peer);
  // Both complete only when we hold every piece: with a file selection, `complete` means the
  // selected pieces, and a seed may still have pieces we will want if the selection grows.
  if (s.have?.hasAll() && incoming.hasAll()) s.removePeer(peer, 'both complete');
}

function onHaveAllNone(s: Swarm, peer: PeerConnection, all: boolean): void {
  if (!peer.have) {
    if (peer.pendingHave) peer.pendingHave.all = all;
    return;
  }
  const n = peer.have.pieceCount;
  s.scheduler?.removePeer(peer, peer.have);
  peer.releaseAll();
  peer.have = all ? Bitfield.full(n) : new Bitfield(n);
  s.scheduler?.addAvailability(peer.have);
  s.updateInterest(peer);
  if (s.have?.hasAll() && all) s.removePeer(peer, 'both complete');
}

function onRequest(s: Swarm, peer: PeerConnection, ref: BlockRef): void {
  const layout = s.layout;
  if (!layout || !s.have) throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', 'request before we have metadata');
  if (ref.index >= layout.pieceCount || ref.length === 0 || ref.length > s.limits.maxBlockLength || ref.begin + ref.length > layout.wireSize(ref.index)) {
    throw new WireProtocolError('WIRE_BAD_REQUEST', `bad request ${ref.index}:${ref.begin}+${ref.length}`);
  }
  const allowed = !peer.amChoking;
  if (!allowed || !s.have.get(ref.index)) {
    if (peer.fast) peer.send(blockMessage('reject', ref));
    const abuse = allowed ? null : onChokedRequest(peer, s.limits.maxPeerRequests);
    if (abuse) s.ban(peer, abuse);
    return;
  }
  if (!s.upload.enqueue(peer, ref)) {
    const abuse = onOverflowRequest(peer);
    if (abuse) s.ban(peer, abuse);
  }
}

function onPiece(s: Swarm, peer: PeerConnection, index: number, begin: number, block: Uint8Array): Promise<void> | undefined {
  const key = blockKey(index, begin);
  const now = s.clock.now();
  peer.down.add(block.length, now);
  peer.lastBlockAt = now;
  s.down.add(block.length, now);
  if (!peer.outstanding.delete(key)) {
    // Late (we cancelled or gave up on it) or never requested: dropped; the latter is abuse.
    if (peer.released.delete(key)) return;
    const abuse = onUnrequestedBlock(peer, block.length);
    if (abuse) s.ban(peer, abuse);
    return;
  }
  if (!s.scheduler) return undefined;
  const result = s.scheduler.onBlock(peer, index, begin, block);
  for (const other of result.duplicates) {
    // Endgame: the block arrived; cancel the copies still outstanding elsewhere (BEP 3).
    const ref = other.outstanding.get(key);
    if (!ref) continue;
    other.release(key);
    other.send({ type: 'cancel', index: ref.index, begin: ref.begin, length: ref.length });
  }
  if (result.complete) void onPieceComplete(s, result.complete);
  s.fillRequests(peer, REFILL_BATCH);
  // Download cap: not reading further from this peer until tokens are available throttles it
  // through the transport's backpressure.
  return s.opts.downloadGate?.take(block.length, s.signal);
}

async function onExtended(s: Swarm, peer: PeerConnection, extId: number, payload: Uint8Array): Promise<void> {
  if (!peer.extended) throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', 'extended message without BEP 10 support');
  if (extId === 0) {
    peer.ext = decodeExtensionHandshake(payload, s.limits.maxMetadataSize);
    s.fetcher?.request(peer, s.clock.now());
    return;
  }
  if (extId !== UT_METADATA_LOCAL_ID) return; // an extension we did not advertise: ignore
  const msg = decodeMetadataMessage(payload, s.limits.maxMetadataSize);
  if (!msg) return; // unknown msg_type: ignored (BEP 9)
  if (msg.msgType === MetadataMsgType.Request) {
    serveMetadata(peer, msg, s.torrent?.infoBytes ?? null);
    return;
  }
  const fetcher = s.fetcher;
  if (!fetcher || s.torrent) return;
  if (msg.msgType === MetadataMsgType.Reject) {
    fetcher.release(peer);
    return;
  }
  if (msg.msgType !== MetadataMsgType.Data) return;
  const result = await fetcher.onData(peer, msg);
  if (result.kind === 'pending') {
    fetcher.request(peer, s.clock.now());
    return;
  }
  if (result.kind === 'mismatch') {
    for (const p of result.peers) s.ban(p, 'sent metadata that does not match the info-hash (BEP 9)');
    return;
  }
  s.fetcher = null;
  let torrent: SwarmTorrent;
  try {
    torrent = s.opts.parseInfo!(result.info);
  } catch (err) {
    s.events.emit('error', err instanceof Error ? err : new Error(String(err)));
    void s.stop();
    return;
  }
  const hasher = s.opts.hash.hasher;
  const layers = hasher ? new PieceLayerFetcher(torrent, hasher) : null;
  if (layers && !layers.done) {
    // BEP 52: a v2 magnet's info dict has no piece layers; ask peers before downloading.
    s.layers = layers;
    for (const p of s.peers) layers.request(p);
    return;
  }
  await startDownload(s, torrent);
}
