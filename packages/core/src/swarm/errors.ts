/** @module swarm/errors — typed errors raised by the swarm engine. */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link SwarmError}:
 * - `SWARM_STOPPED`: the swarm was stopped or aborted while an operation was pending.
 * - `SWARM_BAD_TORRENT`: the torrent description is inconsistent (piece count, hashes, layout).
 * - `SWARM_METADATA_MISMATCH`: metadata from peers does not hash to the magnet's info-hash (BEP 9).
 * - `SWARM_METADATA_INVALID`: metadata hashed right but could not be parsed.
 * - `SWARM_HANDSHAKE_TIMEOUT`: a peer did not complete the BEP 3 handshake in time.
 * - `SWARM_UNKNOWN_INFO_HASH`: an inbound peer asked for a torrent we do not serve.
 * - `SWARM_SELF_CONNECTION`: we dialled ourselves (same peer id).
 * - `SWARM_PEER_BANNED`: a peer sent data that failed verification and was dropped.
 * - `SWARM_STORAGE_FAILED`: reading or writing piece data failed.
 * - `SWARM_BAD_SELECTION`: a file index or byte range outside the torrent, or a read of data
 *   no selected file needs (file-selection.ts).
 */
export type SwarmErrorCode =
  | 'SWARM_STOPPED'
  | 'SWARM_BAD_TORRENT'
  | 'SWARM_METADATA_MISMATCH'
  | 'SWARM_METADATA_INVALID'
  | 'SWARM_HANDSHAKE_TIMEOUT'
  | 'SWARM_UNKNOWN_INFO_HASH'
  | 'SWARM_SELF_CONNECTION'
  | 'SWARM_PEER_BANNED'
  | 'SWARM_STORAGE_FAILED'
  | 'SWARM_BAD_SELECTION';

/** An error from the swarm engine; match on `code`. */
export class SwarmError extends SeedlingError<SwarmErrorCode> {
  constructor(code: SwarmErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SwarmError';
  }
}
