/** @module tunnel/limits — the relay's tunnel limits, their defaults, and parsing from flags and env. */
import { TunnelConfigError } from './errors.js';

/** Every limit of the tunnel endpoint. Rates and byte caps: 0 means unlimited. */
export interface TunnelLimits {
  /** Bytes one circuit may carry, both directions together (default 1 GiB). */
  maxCircuitBytes: number;
  /** Lifetime of one circuit in ms (default 30 min). */
  maxCircuitDurationMs: number;
  /** Bytes per second of one circuit, both directions together (default 8 MiB/s). */
  circuitRateBytesPerSec: number;
  /** Burst of the per-circuit bucket (default 1 MiB). */
  circuitBurstBytes: number;
  /** Bytes per second across all circuits (default 64 MiB/s). */
  globalRateBytesPerSec: number;
  /** Burst of the global bucket (default 8 MiB). */
  globalBurstBytes: number;
  /** Reservations one IP may hold (default 16). */
  maxReservationsPerIp: number;
  /** Reservations in total (default 4096). */
  maxReservations: number;
  /** Circuits (pending or open) one IP may have dialed (default 32). */
  maxCircuitsPerIp: number;
  /** Circuits (pending or open) in total (default 512). */
  maxCircuits: number;
  /** WebSocket connections to /tunnel per IP (default 128). */
  maxConnectionsPerIp: number;
  /** A reservation expires this long after its socket's last pong; pinged every third (default 60 s). */
  reservationTtlMs: number;
  /** Largest WebSocket message in bytes (default 1 MiB + 1 KiB: 16 full 64 KiB records plus slack; told to clients in the OK status). */
  maxFrameBytes: number;
  /** Time for a new socket to send its first control message, and for a listener to accept (default 10 s). */
  handshakeTimeoutMs: number;
  /** Bytes queued toward one side before the relay stops reading the other (default 2 MiB). */
  highWaterBytes: number;
}

/** Defaults, sized for a small self-hosted relay: a few dozen concurrent transfers at modest rates. */
export const DEFAULT_TUNNEL_LIMITS: Readonly<TunnelLimits> = Object.freeze({
  maxCircuitBytes: 1024 * 1024 * 1024,
  maxCircuitDurationMs: 30 * 60_000,
  circuitRateBytesPerSec: 8 * 1024 * 1024,
  circuitBurstBytes: 1024 * 1024,
  globalRateBytesPerSec: 64 * 1024 * 1024,
  globalBurstBytes: 8 * 1024 * 1024,
  maxReservationsPerIp: 16,
  maxReservations: 4096,
  maxCircuitsPerIp: 32,
  maxCircuits: 512,
  maxConnectionsPerIp: 128,
  reservationTtlMs: 60_000,
  maxFrameBytes: 1024 * 1024 + 1024,
  handshakeTimeoutMs: 10_000,
  highWaterBytes: 2 * 1024 * 1024,
});

/** Flag name (`--tunnel-…`) and env name (`SEEDLING_RELAY_TUNNEL_…`) of each limit. */
export const TUNNEL_LIMIT_FLAGS: Readonly<Record<keyof TunnelLimits, string>> = {
  maxCircuitBytes: 'circuit-bytes',
  maxCircuitDurationMs: 'circuit-duration-ms',
  circuitRateBytesPerSec: 'circuit-rate',
  circuitBurstBytes: 'circuit-burst',
  globalRateBytesPerSec: 'global-rate',
  globalBurstBytes: 'global-burst',
  maxReservationsPerIp: 'reservations-per-ip',
  maxReservations: 'reservations',
  maxCircuitsPerIp: 'circuits-per-ip',
  maxCircuits: 'circuits',
  maxConnectionsPerIp: 'connections-per-ip',
  reservationTtlMs: 'reservation-ttl-ms',
  maxFrameBytes: 'frame-bytes',
  handshakeTimeoutMs: 'handshake-timeout-ms',
  highWaterBytes: 'high-water-bytes',
};

/** Options read from flags/env: the limits given, plus the access token. */
export interface TunnelConfig {
  limits: Partial<TunnelLimits>;
  token?: string;
}

/**
 * Reads `--tunnel-<name> N` flags (or `SEEDLING_RELAY_TUNNEL_<NAME>` env) and `--tunnel-token`
 * / `--token` (or `SEEDLING_RELAY_TUNNEL_TOKEN` / `SEEDLING_RELAY_TOKEN`). Throws
 * TunnelConfigError on a value that is not a non-negative integer.
 */
export function tunnelConfigFromArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>>): TunnelConfig {
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    if (i >= 0) return args[i + 1];
    const eq = args.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const envName = (name: string): string => `SEEDLING_RELAY_TUNNEL_${name.replace(/-/g, '_').toUpperCase()}`;
  const limits: Partial<TunnelLimits> = {};
  for (const [key, name] of Object.entries(TUNNEL_LIMIT_FLAGS) as Array<[keyof TunnelLimits, string]>) {
    const raw = flag(`tunnel-${name}`) ?? env[envName(name)];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new TunnelConfigError(`--tunnel-${name} must be a non-negative integer, got ${raw}`);
    limits[key] = n;
  }
  const token = flag('tunnel-token') ?? flag('token') ?? env.SEEDLING_RELAY_TUNNEL_TOKEN ?? env.SEEDLING_RELAY_TOKEN;
  return token ? { limits, token } : { limits };
}
