/** @module routes/health — `GET /health`: liveness and counts as JSON. */
import type { Context } from 'hono';
import type { RelayMetrics } from '../metrics.js';
import type { SwarmRegistry } from '../swarm/registry.js';

/** The body of `GET /health`. */
export interface HealthBody {
  status: 'ok';
  version: string;
  /** Seconds since the app was created. */
  uptime: number;
  counts: { swarms: number; peers: number; wsConnections: number; rssBytes: number; heapUsedBytes: number };
}

/** Creates the `/health` handler. */
export function healthHandler(deps: { registry: SwarmRegistry; metrics: RelayMetrics; version: string }) {
  const startedAt = Date.now();
  return (c: Context): Response => {
    const mem = process.memoryUsage();
    const body: HealthBody = {
      status: 'ok',
      version: deps.version,
      uptime: Math.round((Date.now() - startedAt) / 1000),
      counts: {
        swarms: deps.registry.swarms.size,
        peers: deps.registry.peerCount,
        wsConnections: deps.metrics.wsConnections.read(),
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
      },
    };
    c.header('cache-control', 'no-store');
    return c.json(body);
  };
}
