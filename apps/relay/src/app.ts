/** @module app — builds the relay's Hono app without listening, so every route is testable with app.request(). */
import { Hono } from 'hono';

/** Options for {@link createRelayApp}. */
export interface RelayAppOptions {
  /** Version string reported by /health. */
  version?: string;
}

/** Builds the relay app (HTTP routes only; WebSocket upgrades are attached by server.ts). */
export function createRelayApp(opts: RelayAppOptions = {}): Hono {
  const app = new Hono();
  const startedAt = Date.now();
  app.get('/health', (c) =>
    c.json({ status: 'ok', version: opts.version ?? '0.1.0', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }),
  );
  return app;
}
