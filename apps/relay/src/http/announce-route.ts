/**
 * @module http/announce-route — `GET /announce`, the HTTP tracker (BEP 3), with compact peer
 * lists (BEP 23, IPv4 in `peers`; BEP 7, IPv6 in `peers6`) and the non-compact list of dicts.
 * Errors are answered as trackers do: HTTP 200 with a bencoded `failure reason`.
 */
import type { Context } from 'hono';
import { DEFAULT_NUMWANT, type RelayConfig } from '../config.js';
import type { RelayMetrics } from '../metrics.js';
import type { AnnounceEvent, SwarmRegistry } from '../swarm/registry.js';
import { bencode, type BValue } from './bencode.js';
import { compactAddress, isLoopback, normalizeIp, parseIpv4, parseIpv6 } from './ip.js';
import { first, parseBinaryQuery } from './query.js';

const EVENTS: Map<string, AnnounceEvent> = new Map(Object.entries({ started: 'started', completed: 'completed', stopped: 'stopped', '': 'update', empty: 'update', update: 'update', paused: 'update' } as Record<string, AnnounceEvent>));

/** Dependencies of the tracker routes. */
export interface TrackerDeps {
  config: RelayConfig;
  registry: SwarmRegistry;
  metrics: RelayMetrics;
}

/** A bencoded tracker response (always HTTP 200, as BEP 3 clients expect). */
export function bencodeResponse(body: BValue): Response {
  return new Response(bencode(body), {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=binary', 'cache-control': 'no-store' },
  });
}

/** The TCP address of the request's socket (@hono/node-server puts it in `c.env.incoming`). */
export function socketAddress(c: Context): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const a = env?.incoming?.socket?.remoteAddress;
  return a ? normalizeIp(a) : null;
}

/** Creates the `/announce` handler. */
export function announceHandler(deps: TrackerDeps) {
  return (c: Context): Response => {
    deps.metrics.announces.http.inc();
    const fail = (reason: string) => {
      deps.metrics.refused('bad_message').inc();
      return bencodeResponse({ 'failure reason': reason });
    };
    const q = parseBinaryQuery(c.req.url);
    const infoHash = first(q, 'info_hash');
    if (infoHash?.length !== 20) return fail('invalid info_hash');
    const peerId = first(q, 'peer_id');
    if (peerId?.length !== 20) return fail('invalid peer_id');
    // Port 0: a peer that listens on no TCP port (a browser page, reachable through the relay
    // tunnel only). It is never handed to TCP clients as an address (see the lists below).
    const port = Number(first(q, 'port'));
    if (!Number.isInteger(port) || port < 0 || port > 65535) return fail('invalid port');
    const event = EVENTS.get(first(q, 'event') ?? '');
    if (!event) return fail('invalid event');
    const leftText = first(q, 'left');
    const left = leftText === undefined || leftText === '' ? Number.POSITIVE_INFINITY : Number(leftText);
    if (Number.isNaN(left) || left < 0) return fail('invalid left');
    const wanted = first(q, 'numwant');
    const numwant = Math.min(wanted === undefined || !/^\d+$/.test(wanted) ? DEFAULT_NUMWANT : Number(wanted), deps.config.maxNumwant);
    const ip = peerIp(socketAddress(c), first(q, 'ip'), deps.config.trustIpParam);
    if (!ip) return fail('cannot determine the peer address');

    const got = deps.registry.announceTcp({ infoHash, peerId, event, left }, ip, port);
    if ('refused' in got) {
      deps.metrics.refused(got.refused).inc();
      return bencodeResponse({ 'failure reason': got.reason });
    }
    const { swarm, rec } = got;
    const peers = event === 'stopped' ? [] : deps.registry.tcpPeers(swarm, numwant, rec);
    const body: Record<string, BValue> = {
      interval: deps.config.interval,
      'min interval': deps.config.minInterval,
      complete: swarm.complete,
      incomplete: swarm.incomplete,
    };
    if (first(q, 'compact') === '1') {
      const v4: Uint8Array[] = [];
      const v6: Uint8Array[] = [];
      for (const p of peers) {
        // Compact lists are what TCP clients dial (BEP 23/7): tunnel-only peers have no address.
        if (p.port === 0) continue;
        const a4 = parseIpv4(p.ip ?? '');
        if (a4) v4.push(compactAddress(a4, p.port));
        else {
          const a6 = parseIpv6(p.ip ?? '');
          if (a6) v6.push(compactAddress(a6, p.port));
        }
      }
      body.peers = concat(v4);
      body.peers6 = concat(v6);
    } else {
      // Non-compact lists carry peer ids, which is what tunnel lookups (the CLI's, a page's)
      // read; a tunnel-only peer is listed with port 0 for them, and only with its id.
      const noPeerId = first(q, 'no_peer_id') === '1';
      body.peers = (noPeerId ? peers.filter((p) => p.port !== 0) : peers).map((p) =>
        noPeerId ? { ip: p.ip ?? '', port: p.port } : { 'peer id': p.peerId, ip: p.ip ?? '', port: p.port },
      );
    }
    return bencodeResponse(body);
  };
}

/**
 * The address other peers should dial. The `ip` parameter (BEP 3) is honoured only from a
 * loopback socket (a process on this host speaking for itself) or when the operator trusts it;
 * otherwise anyone could point a swarm at a third party.
 */
export function peerIp(socketIp: string | null, ipParam: string | undefined, trust: boolean): string | null {
  if (ipParam !== undefined) {
    const p = normalizeIp(ipParam);
    const valid = parseIpv4(p) !== null || parseIpv6(p) !== null;
    if (valid && (trust || (socketIp !== null && isLoopback(socketIp)))) return p;
  }
  return socketIp;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
