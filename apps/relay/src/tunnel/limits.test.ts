/** @module tunnel/limits.test — reading tunnel limits and token from flags and env. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNNEL_LIMITS, TUNNEL_LIMIT_FLAGS, tunnelConfigFromArgs } from './limits.js';

describe('tunnelConfigFromArgs', () => {
  it('reads --tunnel-<name> flags (both forms), env, and the token; flags win over env', () => {
    const cfg = tunnelConfigFromArgs(['--tunnel-circuit-rate', '1000', '--tunnel-circuits=7', '--tunnel-token', 't'], {
      SEEDLING_RELAY_TUNNEL_CIRCUIT_RATE: '5',
      SEEDLING_RELAY_TUNNEL_RESERVATIONS_PER_IP: '3',
    });
    expect(cfg).toEqual({ limits: { circuitRateBytesPerSec: 1000, maxCircuits: 7, maxReservationsPerIp: 3 }, token: 't' });
  });

  it('falls back to SEEDLING_RELAY_TOKEN and gives no token when none is set', () => {
    expect(tunnelConfigFromArgs([], { SEEDLING_RELAY_TOKEN: 'x' }).token).toBe('x');
    expect(tunnelConfigFromArgs([], {})).toEqual({ limits: {} });
  });

  it.each(['-1', '1.5', 'lots', ''])('refuses %j with TUNNEL_BAD_LIMIT', (v) => {
    expect(() => tunnelConfigFromArgs([], { SEEDLING_RELAY_TUNNEL_CIRCUIT_BYTES: v })).toThrow(
      expect.objectContaining({ name: 'TunnelConfigError', code: 'TUNNEL_BAD_LIMIT' }),
    );
  });

  it('has a flag for every limit', () => {
    expect(Object.keys(TUNNEL_LIMIT_FLAGS).sort()).toEqual(Object.keys(DEFAULT_TUNNEL_LIMITS).sort());
  });
});
