/**
 * @module lib/share-link — share links (`<origin>/#<magnet>`: the magnet rides in the fragment,
 * which browsers never send, so the relay never sees what is shared) and parsing what a person
 * pastes: a share link, a bare magnet, or a fragment.
 */
import { parseMagnet, type MagnetLink } from '@seedling/core';

/** A link we could not understand, with a message a person can act on. */
export class BadLinkError extends Error {
  readonly code = 'WEB_BAD_LINK';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BadLinkError';
  }
}

/**
 * The share link for `magnet` on the relay at `base`: the relay's origin, or the address the
 * page was opened at with its `?token=` (a private relay's access token, which the receiving
 * page needs too; in the query, since the fragment holds the magnet).
 */
export function shareLinkFor(base: string, magnet: string): string {
  const u = new URL(base);
  const token = u.searchParams.get('token');
  return `${u.origin}/${token ? `?token=${encodeURIComponent(token)}` : ''}#${magnet}`;
}

/** The address share links start with: the relay's origin, plus `?token=` for a private relay. */
export function shareLinkBase(origin: string, token: string | null | undefined): string {
  const u = new URL(origin);
  return token ? `${u.origin}/?token=${encodeURIComponent(token)}` : u.origin;
}

/** The access token in a page address (`?token=`, or `token=` in a fragment that is not a magnet). */
export function tokenFromAddress(href: string): string | null {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  const fromQuery = u.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const frag = u.hash.slice(1);
  if (/^magnet:/i.test(frag)) return null;
  return new URLSearchParams(frag).get('token') || null;
}

/** The magnet inside a share link, fragment or magnet text; throws {@link BadLinkError}. */
export function magnetFromInput(input: string): { magnet: string; link: MagnetLink } {
  let text = input.trim();
  if (text === '') throw new BadLinkError('Paste a share link or a magnet link.');
  const hash = text.indexOf('#');
  if (!/^magnet:/i.test(text) && hash >= 0) text = text.slice(hash + 1);
  if (!/^magnet:/i.test(text) && /%3A/i.test(text.slice(0, 12))) text = decodeURIComponent(text);
  if (!/^magnet:\?/i.test(text)) throw new BadLinkError('This is not a Seedling share link or a magnet link.');
  try {
    return { magnet: text, link: parseMagnet(text) };
  } catch (cause) {
    throw new BadLinkError(`This link is damaged or incomplete: ask the sender to copy it again. (${(cause as Error).message})`, { cause });
  }
}

/** The WebSocket tracker on the relay serving the page: `ws(s)://<host>/announce`. */
export function relayTrackerUrl(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}/announce`;
}

/** Hex key of a magnet's handshake info-hash (v1, else v2), used as the transfer id. */
export function transferIdOf(link: MagnetLink): string {
  const id = link.infoHashV1Hex ?? link.infoHashV2Hex;
  if (!id) throw new BadLinkError('This magnet link has no info-hash.');
  return id;
}
