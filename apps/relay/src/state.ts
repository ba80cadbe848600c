/** @module state — the relay's shared state: settings, swarm registry and metrics. */
import { type RelayConfig, resolveConfig } from './config.js';
import { createRelayMetrics, type RelayMetrics } from './metrics.js';
import { SwarmRegistry } from './swarm/registry.js';

/** Everything the HTTP routes and WebSocket handlers share. */
export interface RelayState {
  readonly config: RelayConfig;
  readonly registry: SwarmRegistry;
  readonly metrics: RelayMetrics;
  readonly version: string;
}

/** The relay's version (reported by /health). */
export const RELAY_VERSION = '0.1.0';

/** Creates the state for a config (defaults filled in). */
export function createRelayState(partial: Partial<RelayConfig> = {}): RelayState {
  const config = resolveConfig(partial);
  const registry = new SwarmRegistry({
    maxSwarms: config.maxSwarms,
    maxPeers: config.maxPeers,
    maxPeersPerSwarm: config.maxPeersPerSwarm,
    maxSwarmsPerSocket: config.maxSwarmsPerSocket,
    // Peers expire after about two intervals without re-announcing.
    peerTtlMs: (2 * config.interval + 30) * 1000,
  });
  const metrics = createRelayMetrics({ peers: () => registry.peerCount, swarms: () => registry.swarms.size });
  return { config, registry, metrics, version: RELAY_VERSION };
}
