/**
 * @module app — builds the relay's Hono app without listening, so every HTTP route is testable
 * with `app.request()`. WebSocket upgrades (tracker, tunnel) are attached by relay.ts.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { tokenAllows } from './access-token.js';
import type { RelayConfig } from './config.js';
import { announceHandler, bencodeResponse } from './http/announce-route.js';
import { scrapeHandler } from './http/scrape-route.js';
import { healthHandler } from './routes/health.js';
import { metricsHandler } from './routes/metrics-route.js';
import { staticHandler } from './routes/static-files.js';
import { createRelayState, type RelayState } from './state.js';

/** Options for {@link createRelayApp}. */
export interface RelayAppOptions {
  /** Shared state (created from `config` when absent). */
  state?: RelayState;
  /** Settings used when `state` is absent. */
  config?: Partial<RelayConfig>;
  /** Adds routes before the static catch-all (e.g. from a relay extension). */
  routes?: ((app: Hono) => void)[];
}

/** Middleware factory: refuses tracker requests without the configured access token. */
export function requireToken(token: string | null, onRefuse: () => void = () => {}): MiddlewareHandler {
  return async (c, next) => {
    if (tokenAllows(token, c.req.url, c.req.header('authorization'))) return next();
    onRefuse();
    return bencodeResponse({ 'failure reason': 'access token required' });
  };
}

/** Builds the relay app: tracker, health, metrics and the web app. */
export function createRelayApp(opts: RelayAppOptions = {}): Hono {
  const state = opts.state ?? createRelayState(opts.config);
  const app = new Hono();
  const guard = requireToken(state.config.token, () => state.metrics.refused('unauthorized').inc());
  app.get('/health', healthHandler(state));
  app.get('/metrics', metricsHandler(state.metrics));
  app.get('/announce', guard, announceHandler(state));
  app.get('/scrape', guard, scrapeHandler(state));
  for (const add of opts.routes ?? []) add(app);
  app.get('*', staticHandler(state.config.webRoot));
  return app;
}
