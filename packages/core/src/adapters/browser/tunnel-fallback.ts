/**
 * @module adapters/browser/tunnel-fallback — the relay tunnel for one swarm of a page, when WebRTC
 * cannot connect: a reservation on the relay's `/tunnel` under our peer id (others dial us), and
 * peer ids learned from the WebSocket tracker (offers and answers) or from the relay's HTTP tracker
 * (its non-compact BEP 3 peer list carries peer ids) that have not connected within `delayMs`
 * are dialled through the tunnel (a complete swarm only announces itself there, every 30 s, so
 * leechers without WebRTC find it) — the same rules as the CLI (apps/cli/src/lib/relay-peers.ts), so
 * a page and a CLI agree on ids: swarm = hex of the 20-byte handshake info-hash, peer = hex of the
 * BitTorrent peer id. Records are sealed with WebCrypto (the tunnel's default cipher).
 */
import { bytesToHex, hexToBytes } from '../../bencode/bytes.js';
import type { Swarm } from '../../swarm/swarm.js';
import { httpAnnounce } from '../../tracker/http-tracker.js';
import { dialViaRelay } from '../../tunnel/dial.js';
import { withToken } from '../../tunnel/options.js';
import { listenViaRelay, type RelayReservation } from '../../tunnel/listen.js';
import type { WebSocketConstructor } from '../../tunnel/websocket.js';

/** How often an incomplete swarm asks the relay's HTTP tracker for peer ids. */
const LOOKUP_MS = 3000;
/** How often a complete swarm announces itself on the relay's HTTP tracker. */
const SEEDER_ANNOUNCE_MS = 30_000;
/** A peer id is not dialled through the tunnel again for this long. */
const REDIAL_MS = 30_000;
/**
 * The port in our HTTP tracker lookups: a page listens on no TCP port. seedling-relay takes
 * `port=0` as "reachable through the tunnel only": it never puts such a peer in the compact
 * lists TCP clients read (BEP 23/7) and lists it with port 0 and its peer id in non-compact
 * lists, which tunnel lookups read for ids. (Port 1, used before, put an undialable
 * `<page ip>:1` into every TCP client's peer list.)
 */
const NO_TCP_PORT = 0;

/** Options of {@link startTunnelFallback}. */
export interface TunnelFallbackOptions {
  /** The relay's http(s) origin. */
  relay: string;
  /** Access token of a private relay. */
  token?: string;
  swarm: Swarm;
  WebSocket: WebSocketConstructor;
  /** A learned peer not connected after this long is dialled through the tunnel (0: at once). */
  delayMs: number;
  onWarning: (message: string) => void;
}

/** A running fallback: `learn` peer ids as they are seen; `close` ends it all. */
export interface TunnelFallback {
  learn(peerId: Uint8Array): void;
  close(): void;
}

/** Starts the reservation and the HTTP lookups of one swarm. */
export function startTunnelFallback(opts: TunnelFallbackOptions): TunnelFallback {
  const { swarm } = opts;
  const ctrl = new AbortController();
  const infoHash = swarm.handshakeHashes[0]!;
  const swarmHex = bytesToHex(infoHash);
  const selfHex = bytesToHex(swarm.peerId);
  const tried = new Map<string, number>();
  const tokenPart = opts.token ? { token: opts.token } : {};
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let reservation: RelayReservation | null = null;
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!ctrl.signal.aborted) fn();
    }, ms);
    timers.add(t);
  };

  const dial = (peerHex: string): void => {
    if (ctrl.signal.aborted || swarm.signal.aborted || swarm.hasPeer(hexToBytes(peerHex)!)) return;
    dialViaRelay({ relay: opts.relay, WebSocket: opts.WebSocket, infoHash: swarmHex, localPeerId: selfHex, remotePeerId: peerHex, signal: ctrl.signal, ...tokenPart }).then(
      (conn) => (ctrl.signal.aborted || swarm.signal.aborted ? conn.close() : swarm.addConnection(conn)),
      (err: Error) => ctrl.signal.aborted || opts.onWarning(`tunnel to ${peerHex.slice(0, 12)}: ${err.message}`),
    );
  };

  const learn = (peerId: Uint8Array): void => {
    const hex = bytesToHex(peerId);
    const last = tried.get(hex);
    if (ctrl.signal.aborted || hex === selfHex || (last !== undefined && Date.now() - last < REDIAL_MS)) return;
    // Marked at once: one peer seen in many offers and lookups waits for one timer.
    tried.set(hex, Date.now());
    later(opts.delayMs, () => dial(hex));
  };

  listenViaRelay({
    relay: opts.relay,
    WebSocket: opts.WebSocket,
    infoHash: swarmHex,
    peerId: selfHex,
    signal: ctrl.signal,
    ...tokenPart,
    onConnection: (conn) => (swarm.signal.aborted ? conn.close() : swarm.addConnection(conn)),
    onError: (err) => opts.onWarning(`tunnel inbound: ${err.message}`),
  }).then(
    (r) => (ctrl.signal.aborted ? r.close() : (reservation = r)),
    (err: Error) => ctrl.signal.aborted || opts.onWarning(`tunnel reservation: ${err.message}`),
  );

  // A leecher looks its seeders up (and learns their ids); a seeder announces too, less often, so
  // that leechers whose WebRTC is off (no offers to learn from) find it in the list.
  const lookup = async (): Promise<void> => {
    if (swarm.signal.aborted) return;
    const complete = swarm.complete;
    try {
      const s = swarm.stats();
      const res = await httpAnnounce(
        withToken(new URL('/announce', opts.relay).toString(), opts.token),
        { infoHash, peerId: swarm.peerId, port: NO_TCP_PORT, compact: false, numwant: complete ? 0 : 50, uploaded: s.uploaded, downloaded: s.downloaded, left: complete ? 0 : Math.max(1, s.length - s.verified) },
        { signal: ctrl.signal },
      );
      if (!complete) for (const p of res.peers) if (p.peerId) learn(p.peerId);
    } catch (err) {
      if (!ctrl.signal.aborted) opts.onWarning(`tunnel lookup: ${(err as Error).message}`);
    }
    later(swarm.complete ? SEEDER_ANNOUNCE_MS : LOOKUP_MS, () => void lookup());
  };
  void lookup();

  return {
    learn,
    close() {
      ctrl.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      reservation?.close();
    },
  };
}
