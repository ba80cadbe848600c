/** @module routes/metrics-route — `GET /metrics` in Prometheus text format 0.0.4. */
import type { Context } from 'hono';
import type { RelayMetrics } from '../metrics.js';

/** Creates the `/metrics` handler. */
export function metricsHandler(metrics: RelayMetrics) {
  return (c: Context): Response =>
    c.body(metrics.registry.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
}
