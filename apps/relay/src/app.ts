/**
 * @module app — builds the relay's Hono app without listening, so every HTTP route is testable
 * with `app.request()`. WebSocket upgrades (tracker, tunnel) are attached by relay.ts.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { tokenAllows } from './access-token.js';
import type { RelayConfig } from './config.js';
import { announceHandler, bencodeResponse, socketAddress } from './http/announce-route.js';
import { IpRateLimiter } from './http/ip-rate-limit.js';
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

/**
 * Middleware factory: refuses HTTP tracker requests from an IP that is over its request budget.
 * The answer is what trackers send and every BitTorrent client understands: HTTP 200 with a
 * bencoded `failure reason` (BEP 3), plus `retry in` minutes (BEP 31, the failure retry
 * extension) and `Retry-After`. Many clients ignore HTTP error statuses or treat them as a
 * transient network error to retry at once (BEP 31's rationale), so 429 would not slow them.
 * The key is the TCP peer address, never a header a client could forge.
 */
export function rateLimitByIp(limiter: IpRateLimiter, onLimited: () => void = () => {}): MiddlewareHandler {
  return async (c, next) => {
    const waitMs = limiter.take(socketAddress(c) ?? 'unknown');
    if (waitMs === 0) return next();
    onLimited();
    const res = bencodeResponse({ 'failure reason': 'too many requests from this address, slow down', 'retry in': Math.max(1, Math.ceil(waitMs / 60_000)) });
    res.headers.set('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
    return res;
  };
}

/** Builds the relay app: tracker, health, metrics and the web app. */
export function createRelayApp(opts: RelayAppOptions = {}): Hono {
  const state = opts.state ?? createRelayState(opts.config);
  const app = new Hono();
  const guard = requireToken(state.config.token, () => state.metrics.refused('unauthorized').inc());
  const { httpRate: rate, httpBurst: burst, httpRateIps: maxIps } = state.config;
  // Before the token check, so guessing tokens is rate limited too.
  const limit = rateLimitByIp(new IpRateLimiter({ rate, burst, maxIps }), () => state.metrics.refused('rate_limited').inc());
  app.get('/health', healthHandler(state));
  app.get('/metrics', metricsHandler(state.metrics));
  app.get('/announce', limit, guard, announceHandler(state));
  app.get('/scrape', limit, guard, scrapeHandler(state));
  for (const add of opts.routes ?? []) add(app);
  app.get('*', staticHandler(state.config.webRoot));
  return app;
}
