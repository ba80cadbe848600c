/**
 * @module wire/block-message — a request, cancel or reject message for a block, built from any
 * object that carries a block address. Built field by field on purpose: spreading a received
 * message (`{ type: 'reject', ...request }`) keeps the request's own `type`, which once turned
 * every BEP 6 reject we sent into a request — two choking peers then bounced requests between
 * them until one banned the other for a request flood.
 */
import type { BlockRef, WireMessage } from './messages.js';

/** `{ type, index, begin, length }` for BEP 3 request/cancel or BEP 6 reject of `ref`'s block. */
export function blockMessage(type: 'request' | 'cancel' | 'reject', ref: BlockRef): WireMessage {
  return { type, index: ref.index, begin: ref.begin, length: ref.length };
}
