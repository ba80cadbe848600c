/**
 * @module relay — starts a complete relay in this process: the Hono app on a Node HTTP server,
 * the WebSocket tracker on `/announce` and `/`, and any extensions (e.g. the tunnel on
 * `/tunnel`). Used by server.ts (the CLI) and by tests that want a real server in-process.
 *
 * WebSockets use `ws` directly on the server's `upgrade` event rather than @hono/node-ws:
 * one object per connection and shared listeners keep an idle peer's memory small, and ws's
 * limits (maxPayload) and custom socket class are reachable.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { createRelayApp } from './app.js';
import type { RelayConfig } from './config.js';
import { type Logger, silentLogger } from './log.js';
import { createRelayState, type RelayState } from './state.js';
import { createUpgradeListener, type UpgradeRoute } from './upgrade-router.js';
import { WsTracker } from './ws/ws-tracker.js';

/** What an extension gets: the shared state (config, registry, metrics) and the logger. */
export interface RelayContext {
  readonly state: RelayState;
  readonly log: Logger;
}

/** What an extension adds to the relay. */
export interface RelayExtensionParts {
  /** WebSocket/upgrade endpoints, e.g. `{ paths: ['/tunnel'], handle }`. */
  upgradeRoutes?: UpgradeRoute[];
  /** HTTP routes, added before the web app's catch-all. */
  routes?: (app: Hono) => void;
  /** Called on shutdown (close sockets, stop timers). */
  close?: () => void | Promise<void>;
}

/** A relay extension: a factory called once at start. */
export type RelayExtension = (ctx: RelayContext) => RelayExtensionParts;

/** Options of {@link startRelay}. */
export interface StartRelayOptions {
  extensions?: RelayExtension[];
  log?: Logger;
  /** How often expired peers are swept (ms). */
  sweepIntervalMs?: number;
  /** How often WebSockets are pinged and idle ones closed (ms, default 30 s). */
  pingIntervalMs?: number;
}

/** A running relay. */
export interface RelayHandle {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` (IPv6 hosts bracketed). */
  readonly url: string;
  readonly state: RelayState;
  readonly server: Server;
  readonly tracker: WsTracker;
  /** Stops listening, closes every socket and runs extensions' close. */
  close(): Promise<void>;
}

/** Starts a relay listening on `config.host:config.port` (port 0 picks a free one). */
export async function startRelay(config: Partial<RelayConfig> = {}, opts: StartRelayOptions = {}): Promise<RelayHandle> {
  const log = opts.log ?? silentLogger;
  const state = createRelayState(config);
  const ctx: RelayContext = { state, log };
  const parts = (opts.extensions ?? []).map((ext) => ext(ctx));
  const app = createRelayApp({ state, routes: parts.flatMap((p) => (p.routes ? [p.routes] : [])) });
  const tracker = new WsTracker(state, log, opts.pingIntervalMs);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  // Bounds every TCP connection, HTTP and WebSocket alike (extensions get headroom of 1024).
  server.maxConnections = state.config.maxConnections + 1024;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const routes: UpgradeRoute[] = [
    ...parts.flatMap((p) => p.upgradeRoutes ?? []),
    { paths: ['/announce', '/'], handle: (req, socket, head) => tracker.handleUpgrade(req, socket, head) },
  ];
  server.on('upgrade', createUpgradeListener(routes, { token: state.config.token, onUnauthorized: () => state.metrics.refused('unauthorized').inc() }));
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(state.config.port, state.config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let lastRefusals = state.metrics.refusals();
  const sweeper = setInterval(() => {
    const dropped = state.registry.sweep();
    if (dropped > 0) log('peers_expired', { count: dropped, peers: state.registry.peerCount, swarms: state.registry.swarms.size });
    // Refusals are logged as one summary line per sweep, so a flood cannot flood the log.
    const now = state.metrics.refusals();
    const delta: Record<string, number> = {};
    for (const [reason, n] of now) if (n > (lastRefusals.get(reason) ?? 0)) delta[reason] = n - (lastRefusals.get(reason) ?? 0);
    lastRefusals = now;
    if (Object.keys(delta).length > 0) log('refused', { level: 'warn', counts: delta });
  }, opts.sweepIntervalMs ?? 30_000);
  sweeper.unref();

  const { port, address } = server.address() as AddressInfo;
  const hostText = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | null = null;
  return {
    host: address,
    port,
    url: `http://${hostText}:${port}`,
    state,
    server,
    tracker,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        tracker.close();
        for (const p of parts) await p.close?.();
        server.closeAllConnections();
        // Sockets that ignore the close handshake are cut after a short grace period.
        const grace = setTimeout(() => {
          for (const s of tracker.sockets) s.terminate();
        }, 2000);
        await closed;
        clearTimeout(grace);
      })();
      return closing;
    },
  };
}
