/**
 * @module tracker/websocket-like — the part of the WebSocket API the WebSocket tracker client
 * uses. Browsers' `WebSocket` and the `ws` package's `WebSocket` (Node 20) both fit; the
 * constructor is injected so core stays platform-free.
 */

/** A message event: text frames carry a string. */
export interface WebSocketMessageLike {
  readonly data: unknown;
}

/** A close event. */
export interface WebSocketCloseLike {
  readonly code: number;
  readonly reason: string;
}

/** A WebSocket as the tracker client uses it (WHATWG API subset). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: WebSocketMessageLike) => void) | null;
  onclose: ((ev: WebSocketCloseLike) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `ws`'s `WebSocket` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** readyState OPEN (the same in every implementation). */
export const WS_OPEN = 1;
