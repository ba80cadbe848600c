/**
 * @module lib/magnet — magnet links (BEP 9): `xt=urn:btih:` (v1, hex or base32), `xt=urn:btmh:1220`
 * (v2 multihash), `dn`, `tr`, `x.pe`; and share links, whose fragment holds a magnet.
 */
import { badInput } from './errors.js';

/** A parsed magnet link. */
export interface MagnetLink {
  infoHashV1: Uint8Array | null;
  infoHashV2: Uint8Array | null;
  name: string | null;
  trackers: string[];
  peers: string[];
}

const HEX = /^[0-9a-fA-F]+$/;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function base32Bytes(s: string): Uint8Array | null {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s.toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** Lowercase hex of bytes. */
export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Parse a magnet link; throws a bad-input CLI error when it names no info-hash. */
export function parseMagnet(uri: string): MagnetLink {
  if (!uri.startsWith('magnet:?')) throw badInput('not a magnet link');
  const params = new URLSearchParams(uri.slice('magnet:?'.length));
  const out: MagnetLink = { infoHashV1: null, infoHashV2: null, name: params.get('dn'), trackers: params.getAll('tr'), peers: params.getAll('x.pe') };
  for (const xt of params.getAll('xt')) {
    const v1 = /^urn:btih:(.+)$/i.exec(xt)?.[1];
    const v2 = /^urn:btmh:1220([0-9a-fA-F]{64})$/i.exec(xt)?.[1];
    if (v1 && v1.length === 40 && HEX.test(v1)) out.infoHashV1 = hexBytes(v1);
    else if (v1 && v1.length === 32) out.infoHashV1 = base32Bytes(v1);
    else if (v2) out.infoHashV2 = hexBytes(v2);
    else throw badInput(`unsupported magnet xt: ${xt}`);
  }
  if (!out.infoHashV1 && !out.infoHashV2) throw badInput('magnet link has no info-hash (xt)');
  return out;
}

/** Build a magnet link for a torrent. */
export function buildMagnet(t: { infoHashV1: Uint8Array | null; infoHashV2: Uint8Array | null; name: string; trackers: readonly string[] }): string {
  const parts: string[] = [];
  if (t.infoHashV1) parts.push(`xt=urn:btih:${toHex(t.infoHashV1)}`);
  if (t.infoHashV2) parts.push(`xt=urn:btmh:1220${toHex(t.infoHashV2)}`);
  parts.push(`dn=${encodeURIComponent(t.name)}`);
  for (const tr of t.trackers) parts.push(`tr=${encodeURIComponent(tr)}`);
  return `magnet:?${parts.join('&')}`;
}

/** Share link: the relay's origin, then the magnet in the fragment (never sent to the server). */
export function buildShareLink(relay: string, magnet: string): string {
  return `${new URL(relay).origin}/#${magnet}`;
}

/** If `input` is a share link (`http(s)://…#magnet:?…`), its relay origin and magnet. */
export function parseShareLink(input: string): { relay: string; magnet: string } | null {
  if (!/^https?:\/\//i.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  let hash = url.hash.slice(1);
  if (!hash.startsWith('magnet:')) hash = decodeURIComponent(hash);
  if (!hash.startsWith('magnet:?')) throw badInput('share link has no magnet link after #');
  return { relay: url.origin, magnet: hash };
}
