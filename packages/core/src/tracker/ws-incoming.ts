/**
 * @module tracker/ws-incoming — decodes one message from a WebSocket tracker into a tagged union
 * (pure: no I/O), so the client only dispatches. Shapes follow bittorrent-tracker's server:
 * announce replies `{action, info_hash, complete, incomplete, interval}`, relayed offers and
 * answers `{action:'announce', info_hash, peer_id, offer_id, offer|answer}`, scrape replies
 * `{action:'scrape', files:{[info_hash]: {complete, incomplete, downloaded}}}`, and
 * `{'failure reason', action?, info_hash?}`.
 */
import type { ScrapeEntry } from './types.js';
import { descriptionFrom, idFrom, idHex, type IncomingAnswer, type IncomingOffer, type WsAnnounceResult } from './ws-protocol.js';

/** A decoded tracker message. `key` is the info-hash as a binary string. */
export type TrackerMessage =
  | { kind: 'failure'; reason: string; action?: 'announce' | 'scrape'; key?: string }
  | { kind: 'announce'; key: string; result: WsAnnounceResult }
  | { kind: 'offer'; offer: IncomingOffer }
  | { kind: 'answer'; answer: IncomingAnswer }
  | { kind: 'scrape'; files: Map<string, ScrapeEntry> }
  | { kind: 'own' }
  | { kind: 'invalid'; message: string };

/** Decodes a frame's data (text, or UTF-8 bytes); `ownPeerId` is our id as a binary string. */
export function decodeTrackerMessage(data: unknown, ownPeerId: string, maxChars: number): TrackerMessage {
  const text = typeof data === 'string' ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? new TextDecoder().decode(data as ArrayBuffer) : null;
  if (text === null || text.length > maxChars) return { kind: 'invalid', message: 'non-text or oversized tracker message' };
  let m: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { kind: 'invalid', message: 'tracker message is not a JSON object' };
    m = v as Record<string, unknown>;
  } catch {
    return { kind: 'invalid', message: 'invalid JSON from tracker' };
  }
  const failure = m['failure reason'];
  if (typeof failure === 'string') {
    const out: TrackerMessage = { kind: 'failure', reason: failure.slice(0, 1024) };
    if (m.action === 'announce' || m.action === 'scrape') out.action = m.action;
    if (typeof m.info_hash === 'string' && m.info_hash.length === 20) out.key = m.info_hash;
    return out;
  }
  if (m.action === 'scrape') return { kind: 'scrape', files: scrapeFiles(m.files) };
  if (m.action !== 'announce') return { kind: 'invalid', message: `unknown action from tracker: ${String(m.action).slice(0, 32)}` };
  const infoHash = idFrom(m.info_hash);
  if (!infoHash) return { kind: 'invalid', message: 'announce message without a valid info_hash' };
  if (m.peer_id === ownPeerId) return { kind: 'own' };
  if (m.offer !== undefined || m.answer !== undefined) {
    const peerId = idFrom(m.peer_id);
    const offerId = idFrom(m.offer_id);
    if (!peerId || !offerId) return { kind: 'invalid', message: 'offer/answer without valid peer_id and offer_id' };
    if (m.offer !== undefined) {
      const offer = descriptionFrom(m.offer);
      return offer ? { kind: 'offer', offer: { infoHash, peerId, offerId, offer } } : { kind: 'invalid', message: 'malformed offer' };
    }
    const answer = descriptionFrom(m.answer);
    return answer ? { kind: 'answer', answer: { infoHash, peerId, offerId, answer } } : { kind: 'invalid', message: 'malformed answer' };
  }
  if (typeof m.complete === 'number' || typeof m.interval === 'number') {
    return { kind: 'announce', key: m.info_hash as string, result: { infoHash, interval: num(m.interval), complete: num(m.complete), incomplete: num(m.incomplete) } };
  }
  return { kind: 'invalid', message: 'announce message with neither counts nor offer/answer' };
}

function scrapeFiles(files: unknown): Map<string, ScrapeEntry> {
  const out = new Map<string, ScrapeEntry>();
  if (typeof files !== 'object' || files === null) return out;
  for (const [k, v] of Object.entries(files as Record<string, unknown>)) {
    const id = idFrom(k);
    if (!id || typeof v !== 'object' || v === null) continue;
    const e = v as Record<string, unknown>;
    out.set(idHex(id), { complete: num(e.complete), incomplete: num(e.incomplete), downloaded: num(e.downloaded) });
  }
  return out;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0;
}
