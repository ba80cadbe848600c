/**
 * @module swarm/handshake-io — the BEP 3 handshake over a {@link Connection}: send ours, read
 * theirs (68 bytes) with a deadline, and the info-hash rules for v1, v2 and hybrid (BEP 52).
 */
import type { Connection } from '../transport/transport.js';
import { decodeHandshake, encodeHandshake, HANDSHAKE_LENGTH, makeReserved } from '../wire/handshake.js';
import type { HandshakeMessage } from '../wire/messages.js';
import { ByteReader } from './byte-reader.js';
import { SwarmError } from './errors.js';
import type { Clock } from './types.js';

/** A peer must finish its handshake within this many milliseconds. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * The 20-byte handshake hashes a torrent answers to: the v1 info-hash, and the v2 info-hash
 * truncated to 20 bytes (BEP 52: "the info hash is truncated to 20 bytes for the handshake").
 * The first entry is the one we send when dialling (v1 when present, so v1-only peers of a
 * hybrid torrent understand us).
 */
export function handshakeHashes(t: { infoHashV1?: Uint8Array | undefined; infoHashV2?: Uint8Array | undefined }): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (t.infoHashV1) out.push(t.infoHashV1);
  if (t.infoHashV2) out.push(t.infoHashV2.subarray(0, 20));
  return out;
}

/** Our handshake: BEP 6 fast and BEP 10 extension bits set. */
export function ourHandshake(infoHash: Uint8Array, peerId: Uint8Array): Uint8Array {
  return encodeHandshake({ reserved: makeReserved({ fast: true, extended: true }), infoHash, peerId });
}

/** Read the peer's 68-byte handshake, failing with `SWARM_HANDSHAKE_TIMEOUT` after the deadline. */
export async function readHandshake(conn: Connection, reader: ByteReader, clock: Clock, timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<HandshakeMessage> {
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => {
      const err = new SwarmError('SWARM_HANDSHAKE_TIMEOUT', `no handshake from ${conn.remoteAddress} in ${timeoutMs} ms`);
      conn.close(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    const bytes = await Promise.race([reader.readExactly(HANDSHAKE_LENGTH), timeout]);
    if (!bytes) throw new SwarmError('SWARM_HANDSHAKE_TIMEOUT', `${conn.remoteAddress} closed before its handshake`);
    return decodeHandshake(bytes);
  } finally {
    clock.clearTimeout(timer);
  }
}
