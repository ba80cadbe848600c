/**
 * @module upgrade-router — dispatches HTTP upgrade requests (WebSocket) by path. The tracker
 * registers `/announce` and `/`; other relay parts (e.g. the tunnel) add their own
 * {@link UpgradeRoute} through a relay extension (see relay.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { tokenAllows } from './access-token.js';

/** Takes over an upgrade request's socket (e.g. `wss.handleUpgrade(req, socket, head, …)`). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** A path (exact match on the pathname, query ignored) and its upgrade handler. */
export interface UpgradeRoute {
  paths: readonly string[];
  handle: UpgradeHandler;
  /** The route checks the access token itself (e.g. inside its own protocol): skip the URL check. */
  checksTokenItself?: boolean;
}

/** Writes an HTTP error on a socket that will not be upgraded, then closes it. */
export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const head = `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n`;
  socket.end(head + text, () => socket.destroy());
}

/** Options of {@link createUpgradeListener}. */
export interface UpgradeListenerOptions {
  /** Access token required on every upgrade (null: none). */
  token: string | null;
  /** Called for each upgrade refused for a missing or wrong token. */
  onUnauthorized?: () => void;
}

/** Creates the server's `upgrade` listener for a list of routes (first match wins). */
export function createUpgradeListener(routes: readonly UpgradeRoute[], opts: UpgradeListenerOptions): UpgradeHandler {
  return (req, socket, head) => {
    socket.on('error', ignore);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = routes.find((r) => r.paths.includes(path));
    if (!route) return rejectUpgrade(socket, 404, 'no WebSocket endpoint here');
    if (!route.checksTokenItself && !tokenAllows(opts.token, url, req.headers.authorization)) {
      opts.onUnauthorized?.();
      return rejectUpgrade(socket, 401, 'access token required');
    }
    socket.off('error', ignore);
    route.handle(req, socket, head);
  };
}

function ignore(): void {}
