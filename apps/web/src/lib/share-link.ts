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

/** The share link for `magnet` on the relay at `origin` (no trailing slash). */
export function shareLinkFor(origin: string, magnet: string): string {
  return `${origin.replace(/\/+$/, '')}/#${magnet}`;
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
