/**
 * @module lib/deferred-relay-peers — starts a command's relay peers (WebRTC signaling and the
 * tunnel, lib/relay-peers.ts) a moment after the swarm, when TCP is on.
 *
 * Why: loading `ws` and the relay clients, opening the tunnel reservation and the WebSocket
 * tracker announce cost each `get` about 0.09 CPU-s (measured: 0.31-0.33 CPU-s at `started`
 * against 0.22-0.25 with `--transport tcp`). Eight downloaders starting at once on two cores
 * then delay one another's first TCP connections (issue 8, flash crowd). With TCP on, both relay
 * transports wait seconds before they are used anyway (lazy WebRTC offers, tunnel fallback after
 * 4-10 s: lib/relay-peers.ts), so starting them {@link RELAY_START_DELAY_MS} later costs them
 * little and leaves the start to TCP.
 */
import type { RelayPeers } from './relay-peers.js';

/** How long after the swarm's start the relay peers start when TCP is on. */
export const RELAY_START_DELAY_MS = 1500;

/** Relay peers starting later; `failed` resolves with the error should starting them throw. */
export interface DeferredRelayPeers {
  readonly failed: Promise<Error>;
  /** Settles once they started (rejects with their error): await it when there is no delay. */
  readonly started: Promise<void>;
  close(): Promise<void>;
}

/** Run `start` after `delayMs` (at once for 0); `close` cancels it or closes what it started. */
export function deferRelayPeers(start: () => Promise<RelayPeers | null>, delayMs: number): DeferredRelayPeers {
  let closed = false;
  let running: Promise<RelayPeers | null> | null = null;
  let fail: (err: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => {
    fail = resolve;
  });
  let began: () => void = () => {};
  const begun = new Promise<void>((resolve) => {
    began = resolve;
  });
  const run = (): void => {
    began();
    if (closed) return;
    running = start();
    running.catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))));
  };
  const timer = delayMs > 0 ? setTimeout(run, delayMs) : null;
  if (!timer) run();
  return {
    failed,
    started: begun.then(() => running?.then(() => undefined)),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const peers = await running?.catch(() => null);
      await peers?.close();
    },
  };
}
