/** @module tunnel — the relay's `/tunnel` endpoint: reservations and metered circuits between peers. */
export { createTunnelServer, type TunnelServer, type TunnelServerOptions, type TunnelEvent, type RefusedRequest } from './tunnel-server.js';
export { DEFAULT_TUNNEL_LIMITS, TUNNEL_LIMIT_FLAGS, tunnelConfigFromArgs, type TunnelLimits, type TunnelConfig } from './limits.js';
export { TunnelConfigError, type TunnelConfigErrorCode } from './errors.js';
export { TokenBucket } from './token-bucket.js';
export type { TunnelStats } from './tunnel-stats.js';
export type { CircuitDirection, ForwardTap } from './circuit.js';
export { CLOSE_CODES, type TunnelStatus } from './control.js';
