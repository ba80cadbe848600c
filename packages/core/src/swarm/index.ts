/**
 * @module swarm — the swarm engine: peers, piece picking, choking, verification, metadata.
 * @example
 * const swarm = new Swarm({ torrent, storage: createMemoryStorage(), hash: { hasher }, dial });
 * host.add(swarm);
 * swarm.events.on('done', () => console.log('complete'));
 * await swarm.start();
 * swarm.addPeer('127.0.0.1:6881');
 */
export { Swarm } from './swarm.js';
export { SwarmHost } from './swarm-host.js';
export { SwarmError } from './errors.js';
export { FILE_PRIORITY } from './file-selection.js';
export type { SequentialFrom } from './file-selection.js';
export type { SwarmErrorCode } from './errors.js';
export type { AnnounceParams, PeerDiscovery, SwarmOptions } from './options.js';
export type { Clock, SwarmEvents, SwarmStats, SwarmTorrent } from './types.js';
export { systemClock } from './types.js';
export type { RateGate } from './upload-server.js';
export type { HashBackend } from './piece-verifier.js';
export type { FileProbe } from './resume.js';
export { generatePeerId, formatPeerId, PEER_ID_PREFIX } from './peer-id.js';
export { createPieceLayout, BLOCK_SIZE } from './piece-layout.js';
export type { PieceLayout } from './piece-layout.js';
export { torrentFromMetainfo } from './from-metainfo.js';
export { checkExistingPieces } from './resume.js';
export { createPieceVerifier } from './piece-verifier.js';
export type { PieceVerifier } from './piece-verifier.js';
