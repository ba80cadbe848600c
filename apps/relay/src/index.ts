/**
 * @module @seedling/relay — the relay as a library: build the app, or start a full relay.
 * @example
 * ```ts
 * import { startRelay } from '@seedling/relay';
 * const relay = await startRelay({ port: 0 });
 * console.log(relay.url); // http://127.0.0.1:PORT — tracker at /announce (HTTP and WebSocket)
 * await relay.close();
 * ```
 */
export { createRelayApp, requireToken, type RelayAppOptions } from './app.js';
export { defaultConfig, resolveConfig, type RelayConfig } from './config.js';
export { createJsonLogger, silentLogger, type Logger } from './log.js';
export { Counter, Gauge, MetricsRegistry, createRelayMetrics, type RelayMetrics, type RefusalReason } from './metrics.js';
export { startRelay, type RelayContext, type RelayExtension, type RelayExtensionParts, type RelayHandle, type StartRelayOptions } from './relay.js';
export { createRelayState, RELAY_VERSION, type RelayState } from './state.js';
export { createUpgradeListener, rejectUpgrade, type UpgradeHandler, type UpgradeRoute } from './upgrade-router.js';
