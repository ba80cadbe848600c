/**
 * @module swarm/swarm-host — one listener for many torrents: reads each inbound peer's BEP 3
 * handshake and hands the connection to the swarm whose info-hash it names (v1, or v2
 * truncated to 20 bytes per BEP 52); unknown info-hashes are closed.
 */
import { bytesToHex } from '../bencode/bytes.js';
import type { Connection } from '../transport/transport.js';
import { ByteReader } from './byte-reader.js';
import { readHandshake } from './handshake-io.js';
import type { Swarm } from './swarm.js';
import { systemClock, type Clock } from './types.js';

/** Routes inbound connections to swarms by info-hash. */
export class SwarmHost {
  readonly #swarms = new Map<string, Swarm>();
  readonly #clock: Clock;
  /** Called for connections that could not be routed (for logs). */
  onReject: ((address: string, reason: string) => void) | undefined;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** Serve a swarm's inbound peers; returns a function that removes it. */
  add(swarm: Swarm): () => void {
    const keys = swarm.handshakeHashes.map((h) => bytesToHex(h));
    for (const k of keys) this.#swarms.set(k, swarm);
    return () => {
      for (const k of keys) if (this.#swarms.get(k) === swarm) this.#swarms.delete(k);
    };
  }

  /** Pass to `Transport.listen` as the connection callback. */
  readonly accept = (conn: Connection): void => {
    void this.#route(conn);
  };

  async #route(conn: Connection): Promise<void> {
    conn.borrowReads?.(); // see peer-dialer
    const reader = new ByteReader(conn.readable);
    try {
      const hs = await readHandshake(conn, reader, this.#clock);
      const swarm = this.#swarms.get(bytesToHex(hs.infoHash));
      if (!swarm) {
        this.onReject?.(conn.remoteAddress, 'unknown info-hash');
        conn.close();
        return;
      }
      swarm.acceptInbound(conn, hs, reader);
    } catch (err) {
      this.onReject?.(conn.remoteAddress, err instanceof Error ? err.message : String(err));
      conn.close();
    }
  }
}
