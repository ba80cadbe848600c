/** @module wire/message-id — the one-byte message ids of the peer wire protocol. */

/**
 * Message ids, the byte after the 4-byte big-endian length prefix.
 * BEP 3: 0–8; BEP 5: 9 (port); BEP 6 (fast extension): 13–17; BEP 10: 20 (extended);
 * BEP 52: 21–23 (v2 hash transfer). Anything else is an unknown extension and is skipped.
 */
export const MessageId = {
  Choke: 0,
  Unchoke: 1,
  Interested: 2,
  NotInterested: 3,
  Have: 4,
  Bitfield: 5,
  Request: 6,
  Piece: 7,
  Cancel: 8,
  Port: 9,
  Suggest: 13,
  HaveAll: 14,
  HaveNone: 15,
  RejectRequest: 16,
  AllowedFast: 17,
  Extended: 20,
  HashRequest: 21,
  Hashes: 22,
  HashReject: 23,
} as const;

/** Union of the known numeric message ids. */
export type MessageIdValue = (typeof MessageId)[keyof typeof MessageId];

/** BEP 10: extended message id 0 is always the extension handshake. */
export const EXTENSION_HANDSHAKE_ID = 0;

const KNOWN = new Set<number>(Object.values(MessageId));

/** True for ids this codec decodes; other ids are legal extensions we skip (BEP 3). */
export function isKnownMessageId(id: number): id is MessageIdValue {
  return KNOWN.has(id);
}
