/**
 * @module ws/messages — parses and validates WebTorrent tracker messages (the JSON protocol of
 * bittorrent-tracker's WebSocket server). info_hash, peer_id, to_peer_id and offer_id are
 * 20-byte binary strings: each char code is one byte (0–255).
 */
import type { AnnounceEvent } from '../swarm/registry.js';

/** One offer of an announce: an opaque SDP object the relay forwards untouched. */
export interface WsOffer {
  offer: unknown;
  offer_id: string;
}

/** A validated announce. `answer` (with `toPeerId`, `offerId`) answers an offer. */
export interface WsAnnounce {
  action: 'announce';
  infoHash: string;
  peerId: string;
  event: AnnounceEvent;
  left: number;
  offers: WsOffer[];
  answer?: unknown;
  toPeerId?: string;
  offerId?: string;
}

/** A validated scrape. */
export interface WsScrape {
  action: 'scrape';
  infoHashes: string[];
}

/** A message the relay refuses; `reason` becomes the `failure reason`. */
export interface WsBadMessage {
  error: string;
  action?: 'announce' | 'scrape';
  infoHash?: string;
}

/** Info-hashes one WebSocket scrape may ask about. */
export const MAX_WS_SCRAPE_HASHES = 100;

const EVENTS: Map<string, AnnounceEvent> = new Map(Object.entries({ started: 'started', stopped: 'stopped', completed: 'completed', update: 'update', paused: 'update', empty: 'update', '': 'update' } as Record<string, AnnounceEvent>));

/** True for a string of exactly 20 chars, each a byte (char code ≤ 255). */
export function isBinaryId(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 20) return false;
  for (let i = 0; i < 20; i++) if (v.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Parses one text frame. Never throws: bad input returns a {@link WsBadMessage}. */
export function parseWsMessage(text: string, maxOffers: number): WsAnnounce | WsScrape | WsBadMessage {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return { error: 'invalid JSON' };
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return { error: 'message must be a JSON object' };
  const o = m as Record<string, unknown>;
  if (o.action === 'announce') return parseAnnounce(o, maxOffers);
  if (o.action === 'scrape') {
    const raw = o.info_hash;
    const list = typeof raw === 'string' ? [raw] : raw;
    if (!Array.isArray(list) || list.length === 0) return { error: 'info_hash is required', action: 'scrape' };
    if (list.length > MAX_WS_SCRAPE_HASHES) return { error: `at most ${MAX_WS_SCRAPE_HASHES} info_hash per scrape`, action: 'scrape' };
    if (!list.every(isBinaryId)) return { error: 'invalid info_hash', action: 'scrape' };
    return { action: 'scrape', infoHashes: list };
  }
  return { error: `invalid action in WS request: ${String(o.action).slice(0, 32)}` };
}

function parseAnnounce(o: Record<string, unknown>, maxOffers: number): WsAnnounce | WsBadMessage {
  if (!isBinaryId(o.info_hash)) return { error: 'invalid info_hash' };
  const infoHash = o.info_hash;
  const bad = (error: string): WsBadMessage => ({ error, action: 'announce', infoHash });
  if (!isBinaryId(o.peer_id)) return bad('invalid peer_id');
  const event = EVENTS.get(typeof o.event === 'string' ? o.event : o.event == null ? '' : '?');
  if (!event) return bad('invalid event');
  const left = o.left == null ? Number.POSITIVE_INFINITY : Number(o.left);
  const msg: WsAnnounce = { action: 'announce', infoHash, peerId: o.peer_id, event, left: Number.isNaN(left) ? Number.POSITIVE_INFINITY : left, offers: [] };
  if (o.offers != null) {
    if (!Array.isArray(o.offers)) return bad('invalid offers');
    // Offers past the limit are ignored, as a client asking for more peers than allowed.
    for (const off of o.offers.slice(0, maxOffers)) {
      if (typeof off !== 'object' || off === null) return bad('invalid offer');
      const { offer, offer_id } = off as Record<string, unknown>;
      if (!isBinaryId(offer_id) || offer == null) return bad('invalid offer');
      msg.offers.push({ offer, offer_id });
    }
  }
  if (o.answer != null) {
    if (!isBinaryId(o.to_peer_id)) return bad('invalid `to_peer_id` (required with `answer`)');
    if (!isBinaryId(o.offer_id)) return bad('invalid `offer_id` (required with `answer`)');
    msg.answer = o.answer;
    msg.toPeerId = o.to_peer_id;
    msg.offerId = o.offer_id;
  }
  return msg;
}
