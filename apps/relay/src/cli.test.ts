/** @module cli.test — flags, env and defaults of `seedling-relay`. */
import { expect, it } from 'vitest';
import { parseRelayArgs, withoutExtensionFlags } from './cli.js';

it('reads flags, falls back to env, then to defaults', () => {
  const c = parseRelayArgs(['--port', '0', '--max-offers', '3', '--trust-ip-param'], { SEEDLING_RELAY_HOST: '::1', SEEDLING_RELAY_PORT: '9', SEEDLING_RELAY_TOKEN: 't', SEEDLING_RELAY_MSG_RATE: '7' });
  expect(c).toMatchObject({ host: '::1', port: 0, token: 't', maxOffers: 3, msgRate: 7, trustIpParam: true, maxPayload: 65536 });
  expect(parseRelayArgs([], {})).toMatchObject({ host: '127.0.0.1', port: 8000, token: null, trustIpParam: false, httpRate: 10, httpBurst: 100, httpRateIps: 100_000 });
  expect(parseRelayArgs(['--http-rate', '0', '--http-rate-ips', '50'], { SEEDLING_RELAY_HTTP_BURST: '7', SEEDLING_RELAY_HTTP_RATE: '3' })).toMatchObject({ httpRate: 0, httpBurst: 7, httpRateIps: 50 });
});

it('leaves --tunnel-* flags to the tunnel extension', () => {
  expect(withoutExtensionFlags(['--port', '1', '--tunnel-circuits', '5', '--tunnel-token=x', '--host', 'h'])).toEqual(['--port', '1', '--host', 'h']);
  expect(parseRelayArgs(['--tunnel-circuits', '5', '--port', '3'], {}).port).toBe(3);
});
