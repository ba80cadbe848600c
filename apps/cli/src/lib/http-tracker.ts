/**
 * @module lib/http-tracker — announce to an HTTP(S) tracker (BEP 3, compact peers BEP 23,
 * IPv6 `peers6` BEP 7) as a swarm {@link PeerDiscovery}. Responses are size-capped and every
 * request has a timeout.
 */
import { decode, type BencodeValue, type AnnounceParams, type PeerDiscovery } from '@seedling/core';

/** Largest tracker response we read. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Per-announce deadline. */
const TIMEOUT_MS = 10_000;

function percentEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9.\-_~]/.test(c) ? c : `%${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function compactPeers(bytes: Uint8Array, v6: boolean): string[] {
  const size = v6 ? 18 : 6;
  const out: string[] = [];
  for (let i = 0; i + size <= bytes.length; i += size) {
    const port = (bytes[i + size - 2]! << 8) | bytes[i + size - 1]!;
    if (port === 0) continue;
    if (v6) {
      const groups: string[] = [];
      for (let g = 0; g < 8; g++) groups.push(((bytes[i + 2 * g]! << 8) | bytes[i + 2 * g + 1]!).toString(16));
      out.push(`[${groups.join(':')}]:${port}`);
    } else {
      out.push(`${bytes[i]}.${bytes[i + 1]}.${bytes[i + 2]}.${bytes[i + 3]}:${port}`);
    }
  }
  return out;
}

function text(v: BencodeValue | undefined): string | undefined {
  return v instanceof Uint8Array ? new TextDecoder().decode(v) : undefined;
}

/** Parse an announce response body into peers and interval. */
export function parseAnnounceResponse(body: Uint8Array): { peers: string[]; interval?: number } {
  const value = decode(body, { outerKeyOrder: 'lenient', maxSize: MAX_RESPONSE_BYTES });
  if (!(value instanceof Map)) throw new Error('tracker response is not a dict');
  const failure = text(value.get('failure reason'));
  if (failure !== undefined) throw new Error(`tracker: ${failure}`);
  const peers: string[] = [];
  const p = value.get('peers');
  if (p instanceof Uint8Array) peers.push(...compactPeers(p, false));
  else if (Array.isArray(p)) {
    for (const e of p) {
      if (!(e instanceof Map)) continue;
      const ip = text(e.get('ip'));
      const port = e.get('port');
      if (ip && typeof port === 'number' && port > 0 && port < 65536) peers.push(ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
    }
  }
  const p6 = value.get('peers6');
  if (p6 instanceof Uint8Array) peers.push(...compactPeers(p6, true));
  const interval = value.get('interval');
  return { peers, ...(typeof interval === 'number' && interval > 0 ? { interval } : {}) };
}

async function readCapped(res: Response): Promise<Uint8Array> {
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new Error('tracker response too large');
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A PeerDiscovery announcing to `url` (an http(s) announce URL). */
export function httpTracker(url: string): PeerDiscovery {
  return {
    name: url,
    async announce(params: AnnounceParams, signal: AbortSignal) {
      const q = [
        `info_hash=${percentEncode(params.infoHash)}`,
        `peer_id=${percentEncode(params.peerId)}`,
        `port=${params.port}`,
        `uploaded=${params.uploaded}`,
        `downloaded=${params.downloaded}`,
        `left=${params.left}`,
        'compact=1',
        'numwant=50',
        ...(params.event ? [`event=${params.event}`] : []),
      ].join('&');
      const full = `${url}${url.includes('?') ? '&' : '?'}${q}`;
      const res = await fetch(full, { signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) });
      const body = await readCapped(res);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return parseAnnounceResponse(body);
    },
  };
}
